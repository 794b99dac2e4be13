// Client-side interpolation state: a per-entity ring of timestamped snapshots, sampled at a
// render time behind the newest one. The client-netcode layer pushes each decoded state and
// renders `sample(now − delay)`; values between snapshots are linear in time.

import { defineLocalComponent } from "../schema/local-component.js";

/** Options of {@link InterpolationRing}. */
export interface InterpolationRingOptions {
  /**
   * Snapshots kept; the oldest is overwritten.
   * @default 16
   */
  capacity?: number;
  /**
   * Numeric lanes per snapshot (e.g. 3 for x, y, angle).
   * @default 4
   */
  lanes?: number;
}

/** The defaults of {@link InterpolationRingOptions}. */
export const DEFAULT_INTERPOLATION_RING_OPTIONS: Readonly<Required<InterpolationRingOptions>> = {
  capacity: 16,
  lanes: 4,
};

/** A ring of (time, values) snapshots with linear sampling. */
export class InterpolationRing {
  readonly capacity: number;
  readonly lanes: number;
  readonly #times: Float64Array;
  readonly #values: Float64Array;
  #head = 0;
  #size = 0;

  constructor(options: InterpolationRingOptions = {}) {
    const { capacity, lanes } = { ...DEFAULT_INTERPOLATION_RING_OPTIONS, ...options };
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new Error("interpolation.capacity must be an integer ≥ 2");
    if (!Number.isInteger(lanes) || lanes < 1)
      throw new Error("interpolation.lanes must be an integer ≥ 1");
    this.capacity = capacity;
    this.lanes = lanes;
    this.#times = new Float64Array(capacity);
    this.#values = new Float64Array(capacity * lanes);
  }

  /** Snapshots held. */
  get size(): number {
    return this.#size;
  }

  /** Time of the i-th oldest snapshot. */
  timeAt(i: number): number {
    return this.#times[(this.#head + i) % this.capacity]!;
  }

  /** Appends a snapshot; refused (false) unless `time` is later than the newest. */
  push(time: number, values: ArrayLike<number>): boolean {
    if (this.#size > 0 && !(time > this.timeAt(this.#size - 1))) return false;
    let slot: number;
    if (this.#size < this.capacity) slot = (this.#head + this.#size++) % this.capacity;
    else {
      slot = this.#head;
      this.#head = (this.#head + 1) % this.capacity;
    }
    this.#times[slot] = time;
    for (let l = 0; l < this.lanes; l++) this.#values[slot * this.lanes + l] = values[l] ?? 0;
    return true;
  }

  /**
   * Writes the state at `time` into `out`: linear between the two snapshots around it,
   * clamped to the oldest/newest outside them (no extrapolation). False when empty.
   */
  sample(time: number, out: Float64Array): boolean {
    const n = this.#size;
    if (n === 0) return false;
    let hi = 0;
    while (hi < n && this.timeAt(hi) < time) hi++;
    const a = hi === 0 ? 0 : hi === n ? n - 1 : hi - 1;
    const b = hi === n ? n - 1 : hi;
    const ta = this.timeAt(a);
    const tb = this.timeAt(b);
    const t = tb > ta ? (time - ta) / (tb - ta) : 0;
    const sa = ((this.#head + a) % this.capacity) * this.lanes;
    const sb = ((this.#head + b) % this.capacity) * this.lanes;
    for (let l = 0; l < this.lanes; l++) {
      const va = this.#values[sa + l]!;
      out[l] = va + (this.#values[sb + l]! - va) * t;
    }
    return true;
  }

  /** Drops every snapshot. */
  clear(): void {
    this.#head = 0;
    this.#size = 0;
  }
}

/** The client's interpolation component: an {@link InterpolationRing} per entity (default options). */
export const InterpolationBuffer = defineLocalComponent(
  "InterpolationBuffer",
  () => new InterpolationRing(),
);
