// A fixed-step accumulator whose step may stretch: the client's input tick runs at the
// room's rate times (1 + dilation), and the remainder tells the renderer how far into the
// next tick it is. When the step stretches, the remainder stretches with it: the progress
// into the tick (what a predicted entity is drawn at) carries on from where it was. Kept as
// time, a shorter step jumped the progress forward and a longer one back (a predicted walker
// drawn 0.09 units back in one frame when the dilation eased, world-prediction property).

/** Counts the fixed ticks due as time passes. */
export class FixedTicker {
  #acc = 0;
  #last = Number.NaN;
  #interval = 1;

  /** Ticks due at `now` with ticks of `intervalMs`, at most `maxTicks` (the rest is dropped). */
  advance(now: number, intervalMs: number, maxTicks: number): number {
    if (intervalMs !== this.#interval && this.#interval > 0)
      this.#acc *= intervalMs / this.#interval;
    this.#interval = intervalMs;
    if (Number.isNaN(this.#last)) {
      this.#last = now;
      return 0;
    }
    this.#acc += Math.max(0, now - this.#last);
    this.#last = now;
    let n = Math.floor(this.#acc / intervalMs);
    this.#acc -= n * intervalMs;
    if (n > maxTicks) n = maxTicks;
    return n;
  }

  /** Moves the phase by `ticks` (negative: owe that many ticks now). */
  shift(ticks: number): void {
    this.#acc -= ticks * this.#interval;
  }

  /** Progress into the next tick, in [0, 1). */
  get alpha(): number {
    return Math.max(0, Math.min(this.#acc / this.#interval, 0.999_999));
  }
}
