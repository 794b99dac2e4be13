// What a world client draws across a zone switch. At ZONE_SWITCH the next zone's view still
// holds the player's avatar as its ghost, which lags the old zone's view by the ghost batch
// interval plus the zone-to-zone latency; the adopted avatar reaches that view one
// interpolation delay after the adoption. Drawing the next view at once stepped the avatar
// back, then forward again. So the old link's view stays on screen: its link closed at the
// switch, so it holds the snapshots before the commit (the avatar as the old zone last
// simulated it, then extrapolated a little and held, as any entity whose data stops). It
// gives way once the new view draws the avatar no further back along its motion (or level
// with it), and the difference left between the two is blended out over `recoveryMs`, as a
// return from extrapolation is (net-client.ts): the frame of the hand-over draws exactly what
// the old view would have, and the avatar moves on from there.

import type { Entity, World } from "../../../shared/world/world.js";
import { BLEND, type LaneLayout } from "../lane-layout.js";
import type { RenderView } from "../render-view.js";
import { SAMPLE, type SampleKind } from "../snapshot-buffer.js";

/**
 * Longest the old view stays on screen after a switch, ms. The new view reaches the adoption
 * one interpolation delay (100 ms, more with jitter) after the adoption's snapshot, which
 * comes a zone-to-zone call and at most a tick after the commit (bench:zones: commit →
 * adoption p99 62 ms, 130–300 ms from the switch to the hand-over in the harness and the
 * browser). Past this the hand-over is made and blended anyway: the player stopped or
 * turned during the handoff, so the new view never comes level along the old motion (the
 * old view's avatar stands meanwhile). Generous, because a hand-over forced before the
 * adoption reaches the new view brings the step back: a loaded machine's zone call and
 * jitter-raised delay must fit in it.
 */
export const HANDOVER_MAX_MS = 1000;

/** Lanes apart that count as level (a ghost carries the values the zone replicates). */
const LEVEL = 1e-3;

/** A zone link as the hand-over sees it: its netcode core's mirror and rendered view. */
export interface ShownLink {
  readonly net: {
    readonly world: World;
    readonly view: RenderView;
    renderStateOf(e: Entity, now: number): { readonly kind: SampleKind };
  };
}

/** The link whose view is drawn, and the blend of the own avatar after a hand-over. */
export class HandoverView<L extends ShownLink> {
  readonly #layout: LaneLayout;
  readonly #recoveryMs: number;
  readonly #avatarIn: (link: L) => Entity;
  /** Lanes compared and blended: the linear fields that are not another field's rate. */
  readonly #lanes: number[] = [];
  /** The old link drawn since a switch (undefined: the current link is drawn). */
  #old: L | undefined;
  #since = 0;
  /** What was drawn of the avatar last frame (NaN lanes: nothing yet), and its last move. */
  readonly #drawn: Float64Array;
  readonly #motion: Float64Array;
  readonly #offset: Float64Array;
  #blendAt = Number.NEGATIVE_INFINITY;
  readonly #scratch: Float64Array;
  readonly #other: Float64Array;

  /**
   * @param avatarIn the player's avatar in a link's mirror (-1: none)
   * @param recoveryMs over how long the difference left at the hand-over is blended out
   */
  constructor(layout: LaneLayout, recoveryMs: number, avatarIn: (link: L) => Entity) {
    this.#layout = layout;
    this.#recoveryMs = recoveryMs;
    this.#avatarIn = avatarIn;
    const components = layout.schema.components;
    for (const f of layout.fields) {
      if (f.blend !== BLEND.LINEAR) continue;
      const fields = components[f.component]!.fields;
      if (fields.some((g) => g.rateField === f.field)) continue;
      for (let l = 0; l < f.lanes; l++) this.#lanes.push(f.at + l);
    }
    const w = layout.width;
    this.#drawn = new Float64Array(w).fill(Number.NaN);
    this.#motion = new Float64Array(w);
    this.#offset = new Float64Array(w);
    this.#scratch = new Float64Array(w);
    this.#other = new Float64Array(w);
  }

  /** The link whose view is drawn, given the current one. */
  shown(current: L | undefined): L | undefined {
    return this.#old ?? current;
  }

  /** Whether an old link's view is still drawn (a hand-over under way). */
  get handingOver(): boolean {
    return this.#old !== undefined;
  }

  /** The current link became `old`'s successor at `now`: `old`'s view stays drawn for now. */
  switched(old: L, now: number): void {
    // A second switch during a hand-over keeps the view on screen (the oldest).
    this.#old ??= old;
    this.#since = now;
  }

  /** Nothing more to draw (the client left the world). */
  reset(): void {
    this.#old = undefined;
    this.#drawn.fill(Number.NaN);
    this.#blendAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * After every link rendered at `now`: the hand-over is made once the current view is level
   * with or ahead of the old one, and the own avatar's drawn lanes get the blend left.
   */
  draw(current: L | undefined, now: number): void {
    const old = this.#old;
    const shown = old ?? current;
    if (!shown) return;
    const e = this.#avatarIn(shown);
    let drawn = e >= 0 && this.#read(shown, e, this.#scratch);
    if (drawn) this.#blend(shown, e, this.#scratch, now);
    if (old && current) {
      const n = this.#avatarIn(current);
      const hasNew = n >= 0 && this.#read(current, n, this.#other);
      // A view draws an entity's first snapshot until its render time gets there: ahead of
      // its time, so not yet a sign that the new view caught up.
      const timely = hasNew && current.net.renderStateOf(n, now).kind !== SAMPLE.OLDEST;
      const late = now - this.#since >= HANDOVER_MAX_MS;
      if (!drawn || late || (timely && this.#caughtUp())) {
        this.#old = undefined;
        if (hasNew) {
          // From here the new view is drawn: this frame exactly what the old one drew, then
          // less and less of the difference.
          for (const l of this.#lanes)
            this.#offset[l] = drawn ? this.#scratch[l]! - this.#other[l]! : 0;
          this.#blendAt = now;
          this.#blend(current, n, this.#other, now);
          this.#scratch.set(this.#other);
        }
        drawn = hasNew;
      }
    }
    if (drawn) this.#remember();
    else this.#drawn.fill(Number.NaN);
  }

  /** Whether the new view's avatar (#other) is level with or ahead of the drawn one (#scratch). */
  #caughtUp(): boolean {
    let along = 0;
    let apart = 0;
    for (const l of this.#lanes) {
      const d = this.#other[l]! - this.#scratch[l]!;
      along += d * this.#motion[l]!;
      apart += d * d;
    }
    return along >= 0 || apart <= LEVEL * LEVEL;
  }

  /** Notes this frame's drawing of the avatar (#scratch) and, if it moved, which way. */
  #remember(): void {
    let moved = 0;
    for (const l of this.#lanes) {
      const d = this.#scratch[l]! - this.#drawn[l]!;
      if (Number.isFinite(d)) moved += d * d;
    }
    if (moved > 0)
      for (const l of this.#lanes) {
        const d = this.#scratch[l]! - this.#drawn[l]!;
        this.#motion[l] = Number.isFinite(d) ? d : 0;
      }
    for (const l of this.#lanes) this.#drawn[l] = this.#scratch[l]!;
  }

  /** Adds what is left of the hand-over's difference to `link`'s drawing of `e` (read in `out`). */
  #blend(link: L, e: Entity, out: Float64Array, now: number): void {
    const k = this.#recoveryMs > 0 ? 1 - (now - this.#blendAt) / this.#recoveryMs : 0;
    if (k <= 0) return;
    for (const l of this.#lanes) out[l] = out[l]! + this.#offset[l]! * k;
    this.#layout.write(out, 0, link.net.view.stores(), e, (f) => f.blend === BLEND.LINEAR);
  }

  /** Reads `link`'s drawn lanes of `e` into `out`; false when its view has nothing for it. */
  #read(link: L, e: Entity, out: Float64Array): boolean {
    if (!link.net.world.isAlive(e)) return false;
    this.#layout.read(link.net.view.stores(), e, out, 0);
    return true;
  }
}
