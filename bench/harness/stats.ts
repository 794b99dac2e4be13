// Order statistics for the timings: medians resist the GC pauses and scheduler noise of a
// shared 2-core machine better than means.

/**
 * Median of the first `count` values (all by default); NaN when empty. Sorts a copy.
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: ArrayLike<number>, count = values.length): number {
  if (count === 0) return Number.NaN;
  const sorted = Float64Array.from({ length: count }, (_, i) => values[i]!).sort();
  const middle = count >> 1;
  return count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Arithmetic mean of the first `count` values (all by default); NaN when empty. */
export function mean(values: ArrayLike<number>, count = values.length): number {
  if (count === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i]!;
  return sum / count;
}

/**
 * The `p` quantile (0 < p ≤ 1) of the first `count` values by the nearest-rank rule: the
 * smallest value with at least p · count values at or below it; NaN when empty. Sorts a copy.
 *
 * @example
 * percentile([5, 1, 4, 2, 3], 0.99); // 5
 */
export function percentile(values: ArrayLike<number>, p: number, count = values.length): number {
  if (count === 0) return Number.NaN;
  const sorted = Float64Array.from({ length: count }, (_, i) => values[i]!).sort();
  return sorted[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))]!;
}
