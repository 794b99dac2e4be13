// The operator dashboard (/admin): signs in (a pasted access token or the browser's guest),
// reads GET /v1/admin/metrics?minutes=60 every few seconds and draws one uPlot chart per
// group of ADMIN_CHARTS. An account that is not an admin gets the server's refusal in words
// and no chart. `?every=` sets the poll period in seconds (default 5, at least 1).

import { ADMIN_CHARTS } from "./admin-charts.js";
import type { AdminMetrics } from "./admin-metrics.js";
import { signInToDashboard, usePastedToken } from "./admin-sign-in.js";
import { ChartPanel } from "./chart-panel.js";
import type { AdminPageState } from "./debug-handle.js";
import { type MetricsAnswer, readMetrics } from "./metrics-source.js";

const DEFAULT_POLL_S = 5;
/** Charts sit two abreast from this container width, CSS px. */
const TWO_COLUMNS_FROM = 900;
/** The gap between charts and each chart frame's border, CSS px (as admin.html styles them). */
const GAP = 16;
const FRAME_BORDER = 1;

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = el("status");
const refusal = el("refusal");
const chartsBox = el("charts");
const everyS = Math.max(
  1,
  Number(new URLSearchParams(location.search).get("every")) || DEFAULT_POLL_S,
);
const panels: ChartPanel[] = [];
let state: AdminPageState = "signing-in";
let shown: AdminMetrics | null = null;
let updates = 0;
let message: string | null = null;

window.edgetickAdmin = {
  state: () => state,
  charts: () => Object.fromEntries(panels.map((p) => [p.spec.id, p.plotted])),
  metrics: () => shown,
  updates: () => updates,
  message: () => message,
};

const tokenForm = el<HTMLFormElement>("token-form");
tokenForm.onsubmit = (e) => {
  e.preventDefault();
  const token = el<HTMLInputElement>("token").value.trim();
  if (token) usePastedToken(token);
};
el("use-guest").onclick = () => usePastedToken(null);

/** Stops on a refusal: the message, and no chart. */
function refuse(next: AdminPageState, text: string): void {
  state = next;
  message = text;
  chartsBox.hidden = true;
  chartsBox.replaceChildren();
  panels.length = 0;
  el("refusal-message").textContent = text;
  refusal.hidden = false;
  status.textContent = "not showing metrics";
}

/** A chart's plot width: half the box (or all of it when narrow), less the frame's border. */
function chartWidth(): number {
  const box = chartsBox.clientWidth || document.body.clientWidth;
  return (box >= TWO_COLUMNS_FROM ? Math.floor((box - GAP) / 2) : box) - 2 * FRAME_BORDER;
}

function draw(metrics: AdminMetrics): void {
  if (panels.length === 0) {
    chartsBox.hidden = false;
    const width = chartWidth();
    for (const spec of ADMIN_CHARTS) panels.push(new ChartPanel(chartsBox, spec, width));
  }
  for (const panel of panels) panel.show(metrics);
  shown = metrics;
  updates++;
  state = "live";
  message = null;
  const to = new Date(metrics.to).toLocaleTimeString();
  status.textContent = `${metrics.minutes.length} minutes to ${to}, updated every ${everyS} s`;
}

try {
  const signIn = await signInToDashboard(location.origin);
  el("who").textContent = `Signed in as ${signIn.who}.`;
  status.textContent = "reading metrics…";
  const read = async (): Promise<MetricsAnswer> => {
    const answer = await readMetrics(location.origin, signIn.accessToken());
    if (answer.kind !== "unauthorized") return answer;
    // An expired access token: a guest refreshes once; a pasted token cannot.
    const renewed = await signIn.renew().catch(() => null);
    return renewed ? readMetrics(location.origin, renewed) : answer;
  };
  const poll = async () => {
    const answer = await read();
    switch (answer.kind) {
      case "metrics":
        draw(answer.metrics);
        break;
      case "not_admin":
        return refuse(
          "not-admin",
          `This account is not an admin (${signIn.who}): the server answered ${answer.message}. Paste an admin's access token below.`,
        );
      case "unauthorized":
        return refuse(
          "unauthorized",
          `The access token was refused (${answer.message}). Paste a new one, or sign in as this browser's guest.`,
        );
      case "missing":
        return refuse(
          "missing",
          `This server has no metrics route (GET /v1/admin/metrics answered ${answer.message}).`,
        );
      case "failed":
        // Transient (network, 5xx): keep the charts, say so, try again at the next poll.
        message = answer.message;
        status.textContent = `${answer.message}; retrying every ${everyS} s`;
        break;
    }
    setTimeout(() => void poll(), everyS * 1000);
  };
  window.addEventListener("resize", () => {
    const width = chartWidth();
    for (const panel of panels) panel.resize(width);
  });
  await poll();
} catch (e) {
  refuse("failed", `Signing in failed: ${e instanceof Error ? e.message : String(e)}`);
}
