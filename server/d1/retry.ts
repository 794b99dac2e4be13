// Retries a failing async operation with exponential backoff and full jitter: attempt n
// waits a uniformly random time in [0, min(maxMs, baseMs · 2^n)). Jitter spreads the
// retries of many rooms that failed together; randomness and sleep are injected for tests.

/** How to retry. All optional. */
export interface RetryOptions {
  /**
   * Attempts in total, the first included (≥ 1).
   * @default 5
   */
  attempts?: number;
  /**
   * Backoff ceiling of the first retry, in ms (> 0).
   * @default 50
   */
  baseMs?: number;
  /**
   * Largest backoff ceiling, in ms (≥ baseMs).
   * @default 2000
   */
  maxMs?: number;
  /**
   * Uniform random numbers in [0, 1).
   * @default Math.random
   */
  random?: () => number;
  /**
   * Waits `ms` milliseconds.
   * @default setTimeout
   */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Whether an error is worth another attempt; others are thrown at once.
   * @default every error
   */
  retryable?: (error: unknown) => boolean;
}

/** RetryOptions with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The defaults of RetryOptions. */
export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  attempts: 5,
  baseMs: 50,
  maxMs: 2000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  retryable: () => true,
};

/** Applies defaults and validates; throws naming the bad field. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const o = { ...DEFAULT_RETRY_OPTIONS, ...options };
  if (!Number.isInteger(o.attempts) || o.attempts < 1)
    throw new RangeError("retry.attempts must be an integer ≥ 1");
  if (!(o.baseMs > 0)) throw new RangeError("retry.baseMs must be > 0");
  if (!(o.maxMs >= o.baseMs)) throw new RangeError("retry.maxMs must be ≥ retry.baseMs");
  return o;
}

/** The wait before retry number `retry` (0 for the first retry), in ms. */
export function backoffMs(retry: number, o: ResolvedRetryOptions): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** retry);
  return o.random() * ceiling;
}

/**
 * Calls `fn` until it resolves, a non-retryable error is thrown, or the attempts run out
 * (then the last error is thrown). `fn` gets the attempt number, from 0.
 * @example
 * const row = await retry(() => db.prepare(sql).bind(id).first(), { retryable: isTransientD1Error });
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const o = resolveRetryOptions(options);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt + 1 >= o.attempts || !o.retryable(e)) throw e;
      await o.sleep(backoffMs(attempt, o));
    }
  }
}
