// Fixed-size histograms of durations, for a room's own timings: counts by log-linear bucket
// (HDR style) in one typed array holding several histograms side by side, so recording a
// sample is an index computation and an increment — no allocation, no list of samples — and
// a percentile is a walk over at most DURATION_BUCKETS counts.
//
// Buckets are of whole microseconds: below 32 µs one per microsecond; above, 16 per power of
// two, so a bucket is at most 1/16 as wide as its lower edge and its midpoint is within
// 3.2% of any value in it. The last bucket ends at 2^31 µs (about 36 minutes).

/** Buckets of one histogram. */
export const DURATION_BUCKETS = 448;

/** Durations at or above this many microseconds are counted in the last bucket. */
const MAX_MICROS = 0x7fffffff;

/** The bucket of a duration of `ms` milliseconds (negative and NaN count as 0). */
export function durationBucket(ms: number): number {
  const us = ms * 1000;
  // `!(us >= 1)` is also true for NaN.
  if (!(us >= 1)) return 0;
  const v = us >= MAX_MICROS ? MAX_MICROS : Math.floor(us);
  if (v < 32) return v;
  // v is in [2^(e+4), 2^(e+5)): 16 buckets of 2^e µs each.
  const e = 31 - Math.clz32(v) - 4;
  return 32 + (e - 1) * 16 + ((v >>> e) - 16);
}

/**
 * The middle of bucket `i`, ms (what a percentile falling in it reports); 0 for bucket 0, so
 * a clock that did not move (a sub-millisecond tick on a 1 ms clock) reads 0, not 0.5 µs.
 */
export function bucketMidMs(i: number): number {
  if (i === 0) return 0;
  if (i < 32) return (i + 0.5) / 1000;
  const k = i - 32;
  const e = Math.floor(k / 16) + 1;
  const lower = ((k % 16) + 16) * 2 ** e;
  return (lower + 2 ** (e - 1)) / 1000;
}

/**
 * The `q` quantile (0–1), ms, of the histogram made of the sum of `slices` histograms of
 * `counts` (each the index of its first bucket): the middle of the bucket holding the
 * ceil(q·n)-th smallest sample; 0 when they hold none.
 */
export function quantileMs(counts: Uint32Array, slices: readonly number[], q: number): number {
  let total = 0;
  for (const start of slices)
    for (let i = 0; i < DURATION_BUCKETS; i++) total += counts[start + i]!;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < DURATION_BUCKETS; i++) {
    for (const start of slices) seen += counts[start + i]!;
    if (seen >= rank) return bucketMidMs(i);
  }
  return bucketMidMs(DURATION_BUCKETS - 1);
}
