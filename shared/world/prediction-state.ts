// Client-side prediction state: a per-entity ring of the values the client predicted for
// each tick. When the authoritative state for a tick arrives, the client compares it with
// what it predicted then, and replays from there only if they differ.

import { defineLocalComponent } from "../schema/local-component.js";

/** Options of {@link PredictionHistory}. */
export interface PredictionHistoryOptions {
  /**
   * Ticks of history kept (at least the round trip in ticks).
   * @default 64
   */
  capacity?: number;
  /**
   * Numeric lanes per tick.
   * @default 4
   */
  lanes?: number;
}

/** The defaults of {@link PredictionHistoryOptions}. */
export const DEFAULT_PREDICTION_HISTORY_OPTIONS: Readonly<Required<PredictionHistoryOptions>> = {
  capacity: 64,
  lanes: 4,
};

/** A ring of predicted values by tick (ticks strictly increasing). */
export class PredictionHistory {
  readonly capacity: number;
  readonly lanes: number;
  readonly #ticks: Float64Array;
  readonly #values: Float64Array;
  #head = 0;
  #size = 0;

  constructor(options: PredictionHistoryOptions = {}) {
    const { capacity, lanes } = { ...DEFAULT_PREDICTION_HISTORY_OPTIONS, ...options };
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error("prediction.capacity must be an integer ≥ 1");
    if (!Number.isInteger(lanes) || lanes < 1)
      throw new Error("prediction.lanes must be an integer ≥ 1");
    this.capacity = capacity;
    this.lanes = lanes;
    this.#ticks = new Float64Array(capacity);
    this.#values = new Float64Array(capacity * lanes);
  }

  /** Ticks held. */
  get size(): number {
    return this.#size;
  }

  /** Oldest tick held, or −1. */
  get oldestTick(): number {
    return this.#size === 0 ? -1 : this.#ticks[this.#head]!;
  }

  /** Newest tick held, or −1. */
  get newestTick(): number {
    return this.#size === 0 ? -1 : this.#ticks[(this.#head + this.#size - 1) % this.capacity]!;
  }

  /** Records the prediction for `tick`; a tick not after the newest is refused (false). */
  record(tick: number, values: ArrayLike<number>): boolean {
    if (this.#size > 0 && !(tick > this.newestTick)) return false;
    let slot: number;
    if (this.#size < this.capacity) slot = (this.#head + this.#size++) % this.capacity;
    else {
      slot = this.#head;
      this.#head = (this.#head + 1) % this.capacity;
    }
    this.#ticks[slot] = tick;
    for (let l = 0; l < this.lanes; l++) this.#values[slot * this.lanes + l] = values[l] ?? 0;
    return true;
  }

  /** Copies the prediction for `tick` into `out`; false when not held. */
  read(tick: number, out: Float64Array): boolean {
    const slot = this.#find(tick);
    if (slot < 0) return false;
    for (let l = 0; l < this.lanes; l++) out[l] = this.#values[slot * this.lanes + l]!;
    return true;
  }

  /** Largest |predicted − authoritative| over the lanes at `tick`, or −1 when not held. */
  error(tick: number, authoritative: ArrayLike<number>): number {
    const slot = this.#find(tick);
    if (slot < 0) return -1;
    let worst = 0;
    for (let l = 0; l < this.lanes; l++) {
      const d = Math.abs(this.#values[slot * this.lanes + l]! - (authoritative[l] ?? 0));
      if (d > worst) worst = d;
    }
    return worst;
  }

  /** Drops every tick ≤ `tick` (confirmed by the server). */
  discardThrough(tick: number): void {
    while (this.#size > 0 && this.#ticks[this.#head]! <= tick) {
      this.#head = (this.#head + 1) % this.capacity;
      this.#size--;
    }
  }

  /** Drops everything. */
  clear(): void {
    this.#head = 0;
    this.#size = 0;
  }

  #find(tick: number): number {
    // Ticks are consecutive in practice, so this is usually one probe; scan as a fallback.
    for (let i = this.#size - 1; i >= 0; i--) {
      const slot = (this.#head + i) % this.capacity;
      const t = this.#ticks[slot]!;
      if (t === tick) return slot;
      if (t < tick) return -1;
    }
    return -1;
  }
}

/** The client's prediction component: a {@link PredictionHistory} per entity (default options). */
export const PredictionState = defineLocalComponent(
  "PredictionState",
  () => new PredictionHistory(),
);
