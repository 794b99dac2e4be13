// The duration histogram's buckets and quantiles against the exact quantile of the samples.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketMidMs, DURATION_BUCKETS, durationBucket, quantileMs } from "./duration-histogram.js";

/** Exact `q` quantile: the ceil(q·n)-th smallest sample. */
function exact(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe("duration histogram", () => {
  it("orders its buckets as the durations they hold, clamping the ends", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(durationBucket(lo)).toBeLessThanOrEqual(durationBucket(hi));
      }),
      { seed: 19, numRuns: 500 },
    );
    expect(durationBucket(1e12)).toBe(DURATION_BUCKETS - 1);
    expect(durationBucket(-5)).toBe(0);
    expect(durationBucket(Number.NaN)).toBe(0);
  });

  it("puts every bucket's middle in that bucket", () => {
    for (let i = 0; i < DURATION_BUCKETS; i++) expect(durationBucket(bucketMidMs(i))).toBe(i);
  });

  it("reports a quantile within 3.2% (or 1 µs) of the exact one, summed over histograms", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 60_000, noNaN: true }), { maxLength: 60 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (parts, q) => {
          const counts = new Uint32Array(parts.length * DURATION_BUCKETS);
          parts.forEach((samples, h) => {
            for (const ms of samples) counts[h * DURATION_BUCKETS + durationBucket(ms)]!++;
          });
          const all = parts.flat();
          const starts = parts.map((_, h) => h * DURATION_BUCKETS);
          const got = quantileMs(counts, starts, q);
          if (all.length === 0) {
            expect(got).toBe(0);
            return;
          }
          const want = exact(all, q);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(want * 0.032, 0.001));
        },
      ),
      { seed: 19, numRuns: 300 },
    );
  });
});
