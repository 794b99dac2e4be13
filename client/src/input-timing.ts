// Keeps inputs arriving just in time. Every SNAPSHOT says how early this player's inputs
// reach the room (inputs queued behind the one applied) or how late (ticks it had none).
// The controller compares the lowest report of a recent window (the worst arrival, since
// batched frames make the queue saw-tooth) with a target margin and dilates the client's
// tick: a few percent slower when inputs queue up, faster when they starve. Only an error
// beyond `resyncTicks` jumps, and then waits for the jump's effect to come back.

/** Options of {@link InputTiming}. */
export interface InputTimingOptions {
  /**
   * Inputs the room should hold in reserve when it applies one (the safety margin against
   * jitter), in ticks.
   * @default 1
   */
  bufferTicks?: number;
  /**
   * Largest change of the client tick length, as a fraction (0.1 = ±10%).
   * @default 0.1
   */
  maxDilation?: number;
  /**
   * Reports compared; the lowest one counts.
   * @default 15
   */
  window?: number;
  /**
   * An error this large (ticks) is fixed by a jump, not by dilation.
   * @default 8
   */
  resyncTicks?: number;
}

/** Time dilation of the client's input tick from the room's input timing reports. */
export class InputTiming {
  readonly #target: number;
  readonly #max: number;
  readonly #resync: number;
  readonly #reports: Int16Array;
  #count = 0;
  #next = 0;
  #cooldown = 0;
  #dilation = 0;
  #latest = 0;

  constructor(options: InputTimingOptions = {}) {
    this.#target = options.bufferTicks ?? 1;
    this.#max = options.maxDilation ?? 0.1;
    this.#resync = options.resyncTicks ?? 8;
    this.#reports = new Int16Array(options.window ?? 15);
  }

  /** Fraction the tick is lengthened by (negative: shortened). */
  get dilation(): number {
    return this.#dilation;
  }

  /** The room's latest report (ticks early, negative: late). */
  get latest(): number {
    return this.#latest;
  }

  /** The lowest report of the window, ticks. */
  get margin(): number {
    let low = Number.POSITIVE_INFINITY;
    for (let i = 0; i < Math.min(this.#count, this.#reports.length); i++)
      low = Math.min(low, this.#reports[i]!);
    return this.#count === 0 ? this.#target : low;
  }

  /**
   * Takes one report. Returns the ticks to jump when the error is too large for dilation
   * (positive: skip that many client ticks; negative: run that many extra), else 0.
   * `settleReports` is how many reports a jump takes to show (about the RTT in ticks).
   */
  report(inputBuffer: number, settleReports: number): number {
    this.#latest = inputBuffer;
    if (this.#cooldown > 0) {
      this.#cooldown--;
      return 0;
    }
    this.#reports[this.#next] = inputBuffer;
    this.#next = (this.#next + 1) % this.#reports.length;
    this.#count++;
    const error = this.margin - this.#target;
    if (Math.abs(error) >= this.#resync) {
      this.#count = 0;
      this.#next = 0;
      this.#dilation = 0;
      this.#cooldown = settleReports + 2;
      return error;
    }
    // A deadband of half a tick: integer reports at the target need no correction.
    const gain = 0.04; // per tick of error: 2 ticks early → 8% slower
    this.#dilation =
      Math.abs(error) < 0.5 ? 0 : Math.max(-this.#max, Math.min(this.#max, error * gain));
    return 0;
  }
}
