// How late a bot thread's event loop runs: a timer due every LOOP_PROBE_MS records by how much
// it fired late. A round trip a bot measures includes the time its PONG waited behind the
// thread's other work, so under load the bots' own lag is part of their RTT; this tells it
// apart from the room's (docs/bots.md#round-trips).

import { type LatencyCounts, recordLatency } from "./latency-histogram.js";

/** The probe's period, ms. */
export const LOOP_PROBE_MS = 20;

/** Records the loop's lateness into `counts` until the returned function is called. */
export function watchLoopDelay(
  counts: LatencyCounts,
  now: () => number = performance.now.bind(performance),
): () => void {
  let due = now() + LOOP_PROBE_MS;
  const timer = setInterval(() => {
    const t = now();
    // Node's timers never fire early by more than a millisecond's rounding.
    recordLatency(counts, Math.max(0, t - due));
    due = t + LOOP_PROBE_MS;
  }, LOOP_PROBE_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
