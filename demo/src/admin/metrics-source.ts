// Reads GET /v1/admin/metrics with an access token and classifies the answer the way the
// page acts on it: metrics to draw, a refusal to show (not an admin, a token to replace, a
// server without the route), or a failure worth retrying at the next poll.

import { type AdminMetrics, decodeAdminMetrics } from "./admin-metrics.js";

/** The minutes the dashboard shows. */
export const DASHBOARD_MINUTES = 60;

/** What one read of the metrics gave. */
export type MetricsAnswer =
  | { readonly kind: "metrics"; readonly metrics: AdminMetrics }
  /** 403: the token is valid but its account is not an admin. Polling again will not help. */
  | { readonly kind: "not_admin"; readonly message: string }
  /** 401: the token is missing, expired or forged; a new sign-in may help. */
  | { readonly kind: "unauthorized"; readonly message: string }
  /** 404: this server has no metrics route (an older deploy). */
  | { readonly kind: "missing"; readonly message: string }
  /** Anything else (network, 5xx, a body that does not decode): try again at the next poll. */
  | { readonly kind: "failed"; readonly message: string };

/**
 * GET `${origin}/v1/admin/metrics?minutes=…` as the holder of `accessToken`.
 * @example
 * const answer = await readMetrics(location.origin, token);
 * if (answer.kind === "metrics") draw(answer.metrics);
 */
export async function readMetrics(
  origin: string,
  accessToken: string,
  minutes: number = DASHBOARD_MINUTES,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
): Promise<MetricsAnswer> {
  let res: Response;
  try {
    res = await fetcher(`${origin}/v1/admin/metrics?minutes=${minutes}`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
  } catch (e) {
    return { kind: "failed", message: `metrics: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (res.ok) {
    const decoded = decodeAdminMetrics(await res.json().catch(() => undefined));
    return decoded.ok
      ? { kind: "metrics", metrics: decoded.metrics }
      : { kind: "failed", message: decoded.error };
  }
  const message = `${res.status} ${await errorMessage(res)}`;
  if (res.status === 403) return { kind: "not_admin", message };
  if (res.status === 401) return { kind: "unauthorized", message };
  if (res.status === 404) return { kind: "missing", message };
  return { kind: "failed", message };
}

/** The `{ error: { code, message } }` body's code and message, or the status text. */
async function errorMessage(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => undefined);
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = body.error;
    if (typeof error === "object" && error !== null && "code" in error && "message" in error)
      return `${String(error.code)}: ${String(error.message)}`;
  }
  return res.statusText;
}
