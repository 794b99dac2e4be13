// The return from extrapolation, smoothed. When an entity drawn past its newest snapshot
// (extrapolated along its motion, then held) gets new data, the difference between what was
// drawn and the new sample fades out instead of being drawn at once: over recoveryMs, or
// longer when the difference is large for the entity's speed, so it is made up at no more
// than RECOVERY_RUSH times the entity's own speed on top of its motion. Faded in recoveryMs
// alone, a walker (150 units/s) held for 300 ms by a stalled stream came back 30–40 units a
// frame (bench:zones on a loaded machine). Flat arrays for every entity: nothing allocated
// per frame.

import { wrapPi } from "./blend.js";
import { BLEND, type LaneLayout } from "./lane-layout.js";
import { SAMPLE, type SampleKind, type SnapshotBuffer } from "./snapshot-buffer.js";

/** How much faster than its own speed an entity may make up what its hold left behind. */
export const RECOVERY_RUSH = 1;
/** Longest a return from extrapolation is faded over, ms (past it, faster than the rush). */
export const MAX_RECOVERY_MS = 1000;

const extrapolating = (k: number) => k === SAMPLE.EXTRAPOLATED || k === SAMPLE.HELD;

/** Per entity: what was drawn last frame, and the difference being faded out since when. */
export class ExtrapolationRecovery {
  readonly #layout: LaneLayout;
  readonly #buffer: SnapshotBuffer;
  readonly #recoveryMs: number;
  /** Per field: whether its fade is paced by its speed (linear, and no other field's rate). */
  readonly #paced: boolean[];
  readonly #lastOut: Float64Array;
  readonly #offset: Float64Array;
  readonly #at: Float64Array;
  readonly #duration: Float64Array;
  readonly #lastKind: Uint8Array;
  readonly #lastNewest: Float64Array;

  /** @param recoveryMs the shortest fade (interpolation.recoveryMs; 0: none) */
  constructor(layout: LaneLayout, buffer: SnapshotBuffer, capacity: number, recoveryMs: number) {
    this.#layout = layout;
    this.#buffer = buffer;
    this.#recoveryMs = recoveryMs;
    const components = layout.schema.components;
    this.#paced = layout.fields.map(
      (f) =>
        f.blend === BLEND.LINEAR &&
        !components[f.component]!.fields.some((g) => g.rateField === f.field),
    );
    const w = layout.width;
    this.#lastOut = new Float64Array(capacity * w);
    this.#offset = new Float64Array(capacity * w);
    this.#at = new Float64Array(capacity).fill(Number.NEGATIVE_INFINITY);
    this.#duration = new Float64Array(capacity).fill(recoveryMs);
    this.#lastKind = new Uint8Array(capacity);
    this.#lastNewest = new Float64Array(capacity).fill(-1);
  }

  /**
   * Entity `e` sampled as `kind` into `out` at `now` (ticks of `tickMs`): a return from
   * extrapolation starts a fade; a fade under way is added to `out`.
   */
  apply(e: number, kind: SampleKind, out: Float64Array, now: number, tickMs: number): void {
    const w = this.#layout.width;
    const base = e * w;
    const newest = this.#buffer.newestTick(e);
    if (
      extrapolating(this.#lastKind[e]!) &&
      (!extrapolating(kind) || newest !== this.#lastNewest[e])
    ) {
      let duration = this.#recoveryMs;
      this.#layout.fields.forEach((f, i) => {
        if (f.blend !== BLEND.LINEAR && f.blend !== BLEND.ANGLE) return;
        let apart = 0;
        for (let l = 0; l < f.lanes; l++) {
          const d = this.#lastOut[base + f.at + l]! - out[f.at + l]!;
          this.#offset[base + f.at + l] = f.blend === BLEND.ANGLE ? wrapPi(d) : d;
          apart += d * d;
        }
        const speed = this.#paced[i] ? this.#speed(e, f.at, f.lanes, tickMs) : 0;
        if (duration > 0 && speed > 0)
          duration = Math.max(
            duration,
            Math.min(MAX_RECOVERY_MS, Math.sqrt(apart) / (RECOVERY_RUSH * speed)),
          );
      });
      this.#at[e] = now;
      this.#duration[e] = duration;
    }
    const duration = this.#duration[e]!;
    const k = duration > 0 ? 1 - (now - this.#at[e]!) / duration : 0;
    if (k > 0)
      for (const f of this.#layout.fields) {
        if (f.blend !== BLEND.LINEAR && f.blend !== BLEND.ANGLE) continue;
        for (let l = 0; l < f.lanes; l++) out[f.at + l] += this.#offset[base + f.at + l]! * k;
        if (f.blend === BLEND.ANGLE) out[f.at] = wrapPi(out[f.at]!);
      }
    this.#lastKind[e] = kind;
    this.#lastNewest[e] = newest;
    for (let l = 0; l < w; l++) this.#lastOut[base + l] = out[l]!;
  }

  /** How `e` was last sampled, and whether a fade is under way at `now`. */
  stateOf(e: number, now: number): { kind: SampleKind; recovering: boolean } {
    return {
      kind: this.#lastKind[e] as SampleKind,
      recovering: now - this.#at[e]! < this.#duration[e]!,
    };
  }

  /** `e` was spawned or despawned (slots are reused). */
  forget(e: number): void {
    this.#lastKind[e] = SAMPLE.EMPTY;
    this.#at[e] = Number.NEGATIVE_INFINITY;
    this.#lastNewest[e] = -1;
  }

  /** Speed of `e`'s lanes [at, at + lanes) between its two newest snapshots, units a ms. */
  #speed(e: number, at: number, lanes: number, tickMs: number): number {
    const b = this.#buffer;
    const n = b.depth(e);
    if (n < 2 || !(tickMs > 0)) return 0;
    let moved = 0;
    for (let l = 0; l < lanes; l++)
      moved += (b.valueAt(e, n - 1, at + l) - b.valueAt(e, n - 2, at + l)) ** 2;
    return Math.sqrt(moved) / ((b.tickAt(e, n - 1) - b.tickAt(e, n - 2)) * tickMs);
  }
}
