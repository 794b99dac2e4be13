// A room's voice byte budget: a token bucket of bytes, refilled at `bytesPerSecond` up to one
// second's worth. Each relayed copy of a frame takes its size; a copy that does not fit is not
// sent (voice is dropped, never queued: a late frame is worth nothing to a jitter buffer).
// Time is passed in, so tests drive it with a manual clock.

/** Bytes a room may relay as voice, per second, with a one-second burst. */
export class VoiceBudget {
  readonly #rate: number;
  #bytes: number;
  #at: number;

  /**
   * @param bytesPerSecond the sustained rate (also the burst)
   * @param now current time, ms
   */
  constructor(bytesPerSecond: number, now: number) {
    this.#rate = bytesPerSecond;
    this.#bytes = bytesPerSecond;
    this.#at = now;
  }

  /** Takes `n` bytes at `now` (ms); false, taking nothing, when fewer are left. */
  take(n: number, now: number): boolean {
    const elapsed = Math.max(0, now - this.#at) / 1000;
    this.#at = Math.max(this.#at, now);
    this.#bytes = Math.min(this.#rate, this.#bytes + elapsed * this.#rate);
    if (this.#bytes < n) return false;
    this.#bytes -= n;
    return true;
  }
}
