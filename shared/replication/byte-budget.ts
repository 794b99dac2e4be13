// One client's byte budget for state: a token bucket that gains bytesPerSecond / tickRate
// credits a tick and saves at most `burst`. The writer spends a whole update's bytes from it;
// state is only chosen from what is left after the update's fixed part (header, removals),
// so when that fixed part alone overdraws the bucket the debt is repaid before any state
// goes again.

/** Settings of a client's {@link ByteBudget}. */
export interface ByteBudgetOptions {
  /** State budget, bytes per second (> 0). */
  readonly bytesPerSecond: number;
  /** Ticks per second (> 0). */
  readonly tickRate: number;
  /**
   * Most credits saved up, bytes (≥ one tick's). A fresh client starts with a full bucket,
   * so its first update (the whole view) can be this large.
   * @default bytesPerSecond / 4
   */
  readonly burstBytes?: number;
}

/** A token bucket of bytes, refilled once per tick. */
export class ByteBudget {
  #perTick = 0;
  #burst = 0;
  /** Infinite until the first {@link set} caps it: a fresh client starts with a full bucket. */
  #credits = Number.POSITIVE_INFINITY;

  /** @throws naming the bad field. */
  constructor(options: ByteBudgetOptions) {
    this.set(options);
  }

  /** Credits added per tick, bytes. */
  get perTick(): number {
    return this.#perTick;
  }

  /** Most credits saved, bytes. */
  get burst(): number {
    return this.#burst;
  }

  /** Credits available now, bytes (negative while a debt is repaid). */
  get credits(): number {
    return this.#credits;
  }

  /** Changes the rate at runtime; saved credits above the new burst are dropped. */
  set(options: ByteBudgetOptions): void {
    if (!(options.bytesPerSecond > 0) || !Number.isFinite(options.bytesPerSecond))
      throw new RangeError("budget.bytesPerSecond must be a finite number > 0");
    if (!(options.tickRate > 0)) throw new RangeError("budget.tickRate must be > 0");
    const perTick = options.bytesPerSecond / options.tickRate;
    const burst = options.burstBytes ?? Math.max(perTick, options.bytesPerSecond / 4);
    if (!(burst >= perTick)) throw new RangeError("budget.burstBytes must be ≥ one tick's bytes");
    this.#perTick = perTick;
    this.#burst = burst;
    this.#credits = Math.min(this.#credits, burst);
  }

  /** Adds one tick's credits (call once per tick, before spending). */
  refill(): void {
    this.#credits = Math.min(this.#burst, this.#credits + this.#perTick);
  }

  /** Takes `bytes` sent (may leave a debt: see the header). */
  spend(bytes: number): void {
    this.#credits -= bytes;
  }
}
