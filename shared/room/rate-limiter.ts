// A token bucket per connection: `rate` tokens per second up to `burst`. Time is passed
// in, so tests drive it with a manual clock.

/** Counts messages against a sustained rate with a burst allowance. */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  /**
   * @param rate tokens added per second
   * @param burst bucket size
   * @param now current time in milliseconds
   */
  constructor(rate: number, burst: number, now: number) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }

  /** Takes one token at `now` (ms); false when the bucket is empty. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.#at) / 1000;
    this.#at = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#rate);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
