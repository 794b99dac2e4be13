// A token bucket per connection: `rate` tokens per second up to `burst`. Time is passed
// in, so tests drive it with a manual clock. Time the room itself stalled (it read nothing:
// see RoomTick.stalledMs) deepens the bucket by what the rate refills meanwhile: a client's
// traffic that queued up while the room was frozen arrives at once and is not a flood.

/** Counts messages against a sustained rate with a burst allowance. */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;
  #stalledAt: number;

  /**
   * @param rate tokens added per second
   * @param burst bucket size
   * @param now current time in milliseconds
   * @param stalledMs the room's stalled time so far (RoomTick.stalledMs)
   */
  constructor(rate: number, burst: number, now: number, stalledMs = 0) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#at = now;
    this.#stalledAt = stalledMs;
  }

  /**
   * Takes one token at `now` (ms), `stalledMs` the room's stalled time so far; false when the
   * bucket is empty.
   */
  take(now: number, stalledMs = this.#stalledAt): boolean {
    const elapsed = Math.max(0, now - this.#at) / 1000;
    const stalled = Math.max(0, stalledMs - this.#stalledAt) / 1000;
    this.#at = now;
    this.#stalledAt = Math.max(this.#stalledAt, stalledMs);
    // The refill stops at the bucket's depth, deepened by a stall since the last frame; a
    // bucket that holds more (a stall's deepening not yet spent) is never cut back.
    const depth = Math.max(this.#tokens, this.#burst + stalled * this.#rate);
    this.#tokens = Math.min(depth, this.#tokens + elapsed * this.#rate);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
