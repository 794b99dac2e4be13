// Per-entity rings of received states for interpolation: (tick, lanes) pairs in one flat
// Float64Array for every entity slot, so pushing and sampling allocate nothing. Sampling at
// a fractional tick blends the two snapshots around it, extrapolates past the newest along
// the last motion up to a cap, then holds.

import { blendField, fieldDistance } from "./blend.js";
import type { LaneLayout } from "./lane-layout.js";

/** What {@link SnapshotBuffer.sample} did. */
export const SAMPLE = {
  /** No snapshot held. */
  EMPTY: 0,
  /** Between two snapshots (or exactly on one): never outside their range. */
  INTERPOLATED: 1,
  /** Before the oldest snapshot: the oldest is shown. */
  OLDEST: 2,
  /** Past the newest, within the extrapolation cap. */
  EXTRAPOLATED: 3,
  /** Past the newest and the cap: the capped extrapolation is held. */
  HELD: 4,
} as const;

/** A {@link SAMPLE} value. */
export type SampleKind = (typeof SAMPLE)[keyof typeof SAMPLE];

/** Rings of `size` snapshots for `slots` entities. */
export class SnapshotBuffer {
  readonly size: number;
  readonly #layout: LaneLayout;
  readonly #ticks: Float64Array;
  readonly #values: Float64Array;
  readonly #head: Int32Array;
  readonly #count: Int32Array;

  constructor(layout: LaneLayout, slots: number, size: number) {
    this.#layout = layout;
    this.size = size;
    this.#ticks = new Float64Array(slots * size);
    this.#values = new Float64Array(slots * size * layout.width);
    this.#head = new Int32Array(slots);
    this.#count = new Int32Array(slots);
  }

  /** Snapshots held for `e`. */
  depth(e: number): number {
    return this.#count[e]!;
  }

  /** Tick of `e`'s newest snapshot, or −1. */
  newestTick(e: number): number {
    const n = this.#count[e]!;
    return n === 0 ? -1 : this.#ticks[this.#slot(e, n - 1)]!;
  }

  /** Tick of `e`'s i-th oldest snapshot. */
  tickAt(e: number, i: number): number {
    return this.#ticks[this.#slot(e, i)]!;
  }

  /** Lane `lane` of `e`'s i-th oldest snapshot. */
  valueAt(e: number, i: number, lane: number): number {
    return this.#values[this.#slot(e, i) * this.#layout.width + lane]!;
  }

  /** Forgets `e`'s snapshots (on spawn and despawn: slots are reused). */
  clear(e: number): void {
    this.#head[e] = 0;
    this.#count[e] = 0;
  }

  /** Appends `e`'s state at `tick` from `src` at `offset`; ignored unless newer than the newest. */
  push(e: number, tick: number, src: Float64Array, offset: number): boolean {
    const n = this.#count[e]!;
    if (n > 0 && !(tick > this.newestTick(e))) return false;
    let slot: number;
    if (n < this.size) {
      slot = this.#slot(e, n);
      this.#count[e] = n + 1;
    } else {
      slot = this.#slot(e, 0);
      this.#head[e] = (this.#head[e]! + 1) % this.size;
    }
    this.#ticks[slot] = tick;
    const w = this.#layout.width;
    for (let l = 0; l < w; l++) this.#values[slot * w + l] = src[offset + l]!;
    return true;
  }

  /**
   * Writes `e`'s state at fractional `tick` into `out` at `offset`. Past the newest snapshot
   * it extrapolates from the last two for at most `maxExtrapolateTicks`, then holds.
   */
  sample(
    e: number,
    tick: number,
    maxExtrapolateTicks: number,
    out: Float64Array,
    offset: number,
  ): SampleKind {
    const n = this.#count[e]!;
    if (n === 0) return SAMPLE.EMPTY;
    const w = this.#layout.width;
    const v = this.#values;
    const newest = this.#slot(e, n - 1);
    const newestTick = this.#ticks[newest]!;
    let a: number;
    let b: number;
    let t: number;
    let kind: SampleKind;
    if (tick >= newestTick) {
      if (n === 1 || tick === newestTick) {
        this.#copy(newest * w, out, offset);
        return tick === newestTick ? SAMPLE.INTERPOLATED : SAMPLE.HELD;
      }
      a = this.#slot(e, n - 2);
      b = newest;
      const span = newestTick - this.#ticks[a]!;
      const over = tick - newestTick;
      kind = over > maxExtrapolateTicks ? SAMPLE.HELD : SAMPLE.EXTRAPOLATED;
      t = 1 + Math.min(over, maxExtrapolateTicks) / span;
    } else if (tick < this.#ticks[this.#slot(e, 0)]!) {
      this.#copy(this.#slot(e, 0) * w, out, offset);
      return SAMPLE.OLDEST;
    } else {
      // Newest first: the render time is almost always just behind the newest snapshots.
      let i = n - 2;
      while (i > 0 && this.#ticks[this.#slot(e, i)]! > tick) i--;
      a = this.#slot(e, i);
      b = this.#slot(e, i + 1);
      const ta = this.#ticks[a]!;
      t = (tick - ta) / (this.#ticks[b]! - ta);
      kind = SAMPLE.INTERPOLATED;
    }
    for (const f of this.#layout.fields) {
      if (!f.interpolate) {
        blendField(f, v, newest * w, v, newest * w, 1, out, offset);
        continue;
      }
      // A teleport (a jump past the threshold) is shown at once, never blended or extrapolated.
      const jump = fieldDistance(f, v, a * w, v, b * w) > f.teleportThreshold;
      blendField(f, v, a * w, v, b * w, jump ? 1 : t, out, offset);
    }
    return kind;
  }

  #copy(from: number, out: Float64Array, offset: number): void {
    const w = this.#layout.width;
    for (let l = 0; l < w; l++) out[offset + l] = this.#values[from + l]!;
  }

  #slot(e: number, i: number): number {
    return e * this.size + ((this.#head[e]! + i) % this.size);
  }
}
