// The dashboard exposes what it draws as `window.edgetickAdmin`, for the browser console and
// for the browser tests, which check the data handed to each chart rather than its pixels.

import type { AdminMetrics } from "./admin-metrics.js";
import type { ChartData } from "./chart-data.js";

/**
 * Where the page stands: signing in; live (drawing and polling); or stopped on a refusal —
 * not an admin (403), a token refused (401), a server without the metrics route (404) — or
 * on a sign-in that failed.
 */
export type AdminPageState =
  | "signing-in"
  | "live"
  | "not-admin"
  | "unauthorized"
  | "missing"
  | "failed";

/** What `window.edgetickAdmin` holds. */
export interface AdminDebugHandle {
  state(): AdminPageState;
  /** What each chart plots now, by chart id (ADMIN_CHARTS); empty before the first answer. */
  charts(): Record<string, ChartData>;
  /** The metrics answer drawn last, or null. */
  metrics(): AdminMetrics | null;
  /** Answers drawn since the page opened: it grows with each poll (live updating). */
  updates(): number;
  /** The refusal or error the page shows, or null. */
  message(): string | null;
}

declare global {
  interface Window {
    /** The operator dashboard's state (see AdminDebugHandle). */
    edgetickAdmin?: AdminDebugHandle;
  }
}
