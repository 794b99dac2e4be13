// A fixed-size histogram of latencies (ms) with log-spaced buckets, 5% wide: one per worker
// thread, merged by adding counts, so percentiles over all bots need no list of samples.

/** Smallest latency told apart, ms; anything below lands in bucket 0. */
const MIN_MS = 0.1;
/** Ratio between two bucket bounds: a percentile is exact to within 5%. */
const GROWTH = 1.05;
/** Buckets: 0.1 ms × 1.05^340 ≈ 1,600 s, beyond any round trip worth measuring. */
export const LATENCY_BUCKETS = 340;

const LOG_GROWTH = Math.log(GROWTH);

/** Counts by bucket; a plain array so it crosses a worker boundary as it is. */
export type LatencyCounts = number[];

/** An empty histogram. */
export function emptyLatencies(): LatencyCounts {
  return new Array<number>(LATENCY_BUCKETS).fill(0);
}

/** The bucket of `ms` (negative and non-finite values are clamped to the ends). */
export function latencyBucket(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const i = Math.floor(Math.log(ms / MIN_MS) / LOG_GROWTH) + 1;
  return Math.min(i, LATENCY_BUCKETS - 1);
}

/** Adds one sample. */
export function recordLatency(counts: LatencyCounts, ms: number): void {
  counts[latencyBucket(ms)]! += 1;
}

/** Adds `from` into `into`, bucket by bucket. */
export function mergeLatencies(into: LatencyCounts, from: readonly number[]): void {
  for (let i = 0; i < LATENCY_BUCKETS; i++) into[i]! += from[i] ?? 0;
}

/**
 * The `q` quantile (0–1) in ms: the upper bound of the bucket holding it (so never below the
 * true value, at most 5% above it); 0 for an empty histogram.
 */
export function latencyQuantile(counts: readonly number[], q: number): number {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return i === 0 ? MIN_MS : MIN_MS * GROWTH ** i;
  }
  return MIN_MS * GROWTH ** (counts.length - 1);
}
