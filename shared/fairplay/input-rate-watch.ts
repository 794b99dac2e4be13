// Counts one link's new inputs against the room's clock. An honest client makes one input a
// tick of its own clock, which runs at the room's rate: over time it sends what the room's
// ticks allow, plus how far it runs ahead (half its round trip and a margin, reached by
// speeding up at most 10%). A client that sends more — a sped-up game clock, an input flood
// meant to move faster — drifts past that lead and keeps drifting.
//
// Inputs that arrive late (a stalled link delivers seconds of them at once) still count
// against the time they were made in: the allowance is cumulative from the first input, and
// starts `CREDIT_SECONDS` deep (the first inputs may themselves arrive after a stall). A
// client that fell far behind (a hidden tab) does not bank the gap as credit for later: the
// shortfall carried is capped at the same depth. A client running fast by a fraction f is
// found after (lead + credit) / f seconds: 12 s at 25%, 6 s at 50%.

/** Seconds of inputs a stalled link may deliver at once, and a client behind carries. */
export const CREDIT_SECONDS = 2;

/** The measurement of an `inputRate` strike. */
export interface InputRateExcess {
  /** Inputs received since the count started. */
  readonly inputs: number;
  /** What the room's clock allowed by then, lead included. */
  readonly allowed: number;
}

/** One link's inputs against the room's clock. */
export class InputRateWatch {
  readonly #perMs: number;
  readonly #lead: number;
  readonly #credit: number;
  /** When the count started, ms (NaN before the first input). */
  #since = Number.NaN;
  #inputs = 0;

  /**
   * @param tickRate the room's ticks per second
   * @param leadSeconds how far ahead an honest client may run, in seconds of inputs
   */
  constructor(tickRate: number, leadSeconds: number) {
    this.#perMs = tickRate / 1000;
    this.#lead = leadSeconds * tickRate;
    this.#credit = CREDIT_SECONDS * tickRate;
  }

  /** `count` new inputs arrived at `now` (ms); the excess when over the allowance. */
  received(count: number, now: number): InputRateExcess | undefined {
    if (Number.isNaN(this.#since)) {
      this.#since = now;
      this.#inputs = 0;
    }
    // A client far behind: move the start so the shortfall carried is the credit at most.
    const expected = (now - this.#since) * this.#perMs;
    if (expected - this.#inputs > this.#credit)
      this.#since = now - (this.#inputs + this.#credit) / this.#perMs;
    this.#inputs += count;
    const allowed = (now - this.#since) * this.#perMs + this.#lead + this.#credit;
    return this.#inputs > allowed ? { inputs: this.#inputs, allowed } : undefined;
  }
}
