import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  emptyLatencies,
  latencyBucket,
  latencyQuantile,
  mergeLatencies,
  recordLatency,
} from "./latency-histogram.js";

const samples = fc.array(fc.double({ min: 0, max: 10_000, noNaN: true }), { maxLength: 200 });

function histogramOf(values: readonly number[]) {
  const h = emptyLatencies();
  for (const v of values) recordLatency(h, v);
  return h;
}

describe("latency histogram", () => {
  it("merging per-thread histograms equals one histogram over all samples", () => {
    fc.assert(
      fc.property(fc.array(samples, { minLength: 1, maxLength: 8 }), (threads) => {
        const merged = emptyLatencies();
        for (const t of threads) mergeLatencies(merged, histogramOf(t));
        expect(merged).toEqual(histogramOf(threads.flat()));
      }),
      { seed: 19, numRuns: 200 },
    );
  });

  it("answers a quantile no lower than the true one and at most 5% above it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.2, max: 10_000, noNaN: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, q) => {
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
          const answer = latencyQuantile(histogramOf(values), q);
          expect(answer).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
          expect(answer).toBeLessThanOrEqual(exact * 1.05 * (1 + 1e-9));
        },
      ),
      { seed: 19, numRuns: 300 },
    );
  });

  it("answers 0 for an empty histogram and clamps values outside its range", () => {
    expect(latencyQuantile(emptyLatencies(), 0.99)).toBe(0);
    expect(latencyBucket(-5)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(1e12)).toBe(emptyLatencies().length - 1);
  });
});
