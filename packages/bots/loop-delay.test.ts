import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyLatencies, latencyQuantile } from "./latency-histogram.js";
import { LOOP_PROBE_MS, watchLoopDelay } from "./loop-delay.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("loop delay", () => {
  it("records by how much each probe fired after it was due, and stops when told", () => {
    vi.useFakeTimers();
    const counts = emptyLatencies();
    let clock = 0;
    const stop = watchLoopDelay(counts, () => clock);
    // On time, then 50 ms late (the loop was busy), then on time again.
    for (const late of [0, 50, 0]) {
      clock += LOOP_PROBE_MS + late;
      vi.advanceTimersByTime(LOOP_PROBE_MS);
    }
    expect(counts.reduce((n, c) => n + c, 0)).toBe(3);
    // 50 ms lands in its 5%-wide bucket.
    expect(latencyQuantile(counts, 1)).toBeGreaterThanOrEqual(47.5);
    expect(latencyQuantile(counts, 1)).toBeLessThanOrEqual(52.5);
    stop();
    vi.advanceTimersByTime(10 * LOOP_PROBE_MS);
    expect(counts.reduce((n, c) => n + c, 0)).toBe(3);
  });
});
