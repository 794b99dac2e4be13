// What a world client draws across a zone switch. At ZONE_SWITCH the next zone's view still
// holds the player's avatar as its ghost, which lags the old zone's view by the ghost batch
// interval plus the zone-to-zone latency; the adopted avatar reaches that view one
// interpolation delay after the adoption. Drawing the next view at once stepped the avatar
// back, then forward again. So the old link's view stays on screen: its link closed at the
// switch, so it holds the snapshots before the commit (the avatar as the old zone last
// simulated it, then extrapolated a little and held, as any entity whose data stops). It
// gives way once the new view draws the avatar no further back along its motion (or level
// with it, or moving another way: the player turned). From there the drawn avatar catches up
// with the new view at no more than CATCH_UP times its own recent speed, and at least the
// difference at the hand-over over `recoveryMs` (as a return from extrapolation is faded,
// extrapolation-recovery.ts): the new view's avatar rushes from its lagging ghost to the
// adopted avatar within a tick, and a rush drawn as it is looks like a pop. That floor is
// itself bounded by RUSH times the avatar's speed: when the old view lagged far behind (its
// zone's stream late on a loaded machine: 260 units in bench:zones), closing the whole
// difference in `recoveryMs` drew it as a jump of ~90 units a frame.

import type { Entity, World } from "../../../shared/world/world.js";
import { BLEND, type LaneLayout } from "../lane-layout.js";
import type { RenderView } from "../render-view.js";
import { SAMPLE, type SampleKind } from "../snapshot-buffer.js";
import { AvatarTrack } from "./avatar-track.js";
import { PredictedHold } from "./predicted-hold.js";

/**
 * Longest the old view stays on screen after a switch, ms. The new view reaches the adoption
 * one interpolation delay (100 ms, more with jitter) after the adoption's snapshot, which
 * comes a zone-to-zone call and at most a tick after the commit (bench:zones: commit →
 * adoption p99 62 ms, 130–300 ms from the switch to the hand-over in the harness and the
 * browser). Past this the hand-over is made anyway (and caught up): the player stopped or
 * turned during the handoff, so the new view never comes level along the old motion (the
 * old view's avatar stands meanwhile). Generous, because a hand-over forced before the
 * adoption reaches the new view brings the step back: a loaded machine's zone call and
 * jitter-raised delay must fit in it.
 */
export const HANDOVER_MAX_MS = 1000;

/** Lanes apart that count as level (a ghost carries the values the zone replicates). */
const LEVEL = 1e-3;
/** How much faster than its recent speed the drawn avatar may catch up with the new view. */
export const CATCH_UP = 1.5;
/**
 * Fastest the drawn avatar moves while it closes the difference left at a hand-over, as a
 * multiple of the avatar's speed (its own recent speed, or the new view's avatar's if that
 * is faster): a large difference is walked up at twice the speed over as many frames as it
 * takes, never crossed at once.
 */
export const RUSH = 2;

/** A zone link as the hand-over sees it: its netcode core's mirror and rendered view. */
export interface ShownLink {
  readonly net: {
    readonly world: World;
    readonly view: RenderView;
    renderStateOf(e: Entity, now: number): { readonly kind: SampleKind };
    /** The link's predictor, when it predicts (its slot of an entity: −1 if not predicted). */
    readonly predictor?: { slotOf(e: Entity): number } | undefined;
    /** The link's tick length, ms. */
    readonly tickMs?: number;
  };
}

/** The link whose view is drawn, and the own avatar's catch-up after a hand-over. */
export class HandoverView<L extends ShownLink> {
  readonly #layout: LaneLayout;
  readonly #recoveryMs: number;
  readonly #avatarIn: (link: L) => Entity;
  /** Lanes compared and moved: the linear fields that are not another field's rate. */
  readonly #lanes: number[] = [];
  /** The old link drawn since a switch (undefined: the current link is drawn). */
  #old: L | undefined;
  #since = 0;
  /**
   * What was drawn of the avatar last frame, when, its last move and its recent speed
   * (learnt while one view is drawn as it is).
   */
  readonly #drawn: AvatarTrack;
  /** Catching up with the current view since a hand-over, at least this fast (units a ms). */
  #catchUp = false;
  #catchRate = 0;
  #handedAt = Number.NEGATIVE_INFINITY;
  /** After a hand-over to a predicted avatar a little behind: the drawn one holds for it. */
  readonly #hold: PredictedHold;
  /** The current view's avatar since the switch: where it was last frame, how fast it goes. */
  readonly #target: AvatarTrack;
  readonly #scratch: Float64Array;
  readonly #other: Float64Array;
  /** The new view's avatar last frame during a hand-over (NaN lanes: not seen yet). */
  readonly #otherBefore: Float64Array;

  /**
   * @param avatarIn the player's avatar in a link's mirror (-1: none)
   * @param recoveryMs the longest the difference left at the hand-over takes to catch up
   *   (the drawn avatar standing still)
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
    this.#drawn = new AvatarTrack(this.#lanes, w);
    this.#target = new AvatarTrack(this.#lanes, w);
    this.#hold = new PredictedHold(this.#lanes);
    this.#scratch = new Float64Array(w);
    this.#other = new Float64Array(w);
    this.#otherBefore = new Float64Array(w).fill(Number.NaN);
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
    this.#otherBefore.fill(Number.NaN);
    this.#target.forget(true);
  }

  /** Nothing more to draw (the client left the world). */
  reset(): void {
    this.#old = undefined;
    this.#drawn.forget();
    this.#otherBefore.fill(Number.NaN);
    this.#target.forget(true);
    this.#catchUp = false;
    this.#hold.stop();
  }

  /**
   * After every link rendered at `now`: the hand-over is made once the current view is level
   * with or ahead of the old one, and the drawn avatar catches up with the current view.
   */
  draw(current: L | undefined, now: number): void {
    const old = this.#old;
    let shown = old ?? current;
    if (!shown) return;
    let e = this.#avatarIn(shown);
    let drawn = e >= 0 && this.#read(shown, e, this.#scratch);
    if (drawn && this.#catchUp) this.#follow(shown, e, this.#scratch, now);
    if (old && current) {
      const n = this.#avatarIn(current);
      const hasNew = n >= 0 && this.#read(current, n, this.#other);
      // A view draws an entity's first snapshot until its render time gets there: ahead of
      // its time, so not yet a sign that the new view caught up.
      // A predicted avatar is drawn where the inputs took it, never from a first snapshot.
      const predicted = hasNew && (current.net.predictor?.slotOf(n) ?? -1) >= 0;
      const timely =
        hasNew && (predicted || current.net.renderStateOf(n, now).kind !== SAMPLE.OLDEST);
      const late = now - this.#since >= HANDOVER_MAX_MS;
      const turned = timely && this.#turned();
      const tickMs = current.net.tickMs ?? 0;
      const speed = Math.max(this.#drawn.speed, this.#target.speed);
      const slack = PredictedHold.slack(predicted, tickMs, speed);
      if (hasNew) {
        this.#otherBefore.set(this.#other);
        this.#target.see(this.#other, now, true);
      }
      if (!drawn || late || (timely && (this.#caughtUp(slack) || turned))) {
        this.#old = undefined;
        this.#hold.start(drawn ? slack : 0, tickMs, now);
        this.#otherBefore.fill(Number.NaN);
        // The old view may have nothing left (its link redialled, a fresh core): the avatar
        // catches up from where it was last drawn all the same.
        if (!drawn) this.#scratch.set(this.#drawn.pos);
        if (hasNew && Number.isFinite(this.#drawn.at)) {
          this.#catchUp = true;
          this.#handedAt = now;
          this.#catchRate =
            this.#recoveryMs > 0 ? this.#apart() / this.#recoveryMs : Number.POSITIVE_INFINITY;
          this.#follow(current, n, this.#other, now);
        }
        shown = current;
        e = n;
        this.#scratch.set(this.#other);
        drawn = hasNew;
      }
    }
    if (!drawn) {
      this.#drawn.forget();
      return;
    }
    // With one view drawn as it is, how fast the avatar walks is learnt.
    this.#drawn.see(this.#scratch, now, this.#old === undefined && !this.#catchUp);
  }

  /** How far apart the new view's avatar (#other) and the drawn one (#scratch) are. */
  #apart(): number {
    let sum = 0;
    for (const l of this.#lanes) sum += (this.#other[l]! - this.#scratch[l]!) ** 2;
    return Math.sqrt(sum);
  }

  /**
   * Moves the avatar drawn in `link`'s view (read in `out`) from last frame's drawing
   * towards it, no faster than the catch-up allows; level with it, the catch-up is over.
   */
  #follow(link: L, e: Entity, out: Float64Array, now: number): void {
    const drawn = this.#drawn;
    const dt = now - drawn.at;
    this.#target.see(out, now, true);
    const held = this.#hold.apply(out, this.#drawn, this.#target, now);
    const gap = drawn.distanceTo(out);
    const speed = Math.max(drawn.speed, this.#target.speed);
    // With no speed to go by (the avatar stood), the floor alone: the difference is then the
    // old view's overshoot, at most its extrapolation.
    const floor =
      speed > 0 && Number.isFinite(this.#catchRate)
        ? Math.min(this.#catchRate, RUSH * speed)
        : this.#catchRate;
    const limit = Math.max(CATCH_UP * drawn.speed, floor) * dt;
    // Nothing drawn before, or close enough: the view is drawn as it is. The catch-up lasts
    // recoveryMs at least: the new view's avatar may still be rushing from its ghost to the
    // adopted avatar (within a tick) after it came level.
    if (!(gap > limit) || !(dt >= 0)) {
      if (!held && (!(dt >= 0) || now - this.#handedAt >= this.#recoveryMs)) this.#catchUp = false;
      if (held)
        this.#layout.write(out, 0, link.net.view.stores(), e, (f) => f.blend === BLEND.LINEAR);
      return;
    }
    for (const l of this.#lanes) out[l] = drawn.pos[l]! + ((out[l]! - drawn.pos[l]!) * limit) / gap;
    this.#layout.write(out, 0, link.net.view.stores(), e, (f) => f.blend === BLEND.LINEAR);
  }

  /**
   * Whether the new view's avatar (#other) is level with or ahead of the drawn one (#scratch)
   * along its motion, or less than `slack` behind.
   */
  #caughtUp(slack: number): boolean {
    let along = 0;
    let apart = 0;
    let motion = 0;
    for (const l of this.#lanes) {
      const d = this.#other[l]! - this.#scratch[l]!;
      const m = this.#drawn.motion[l]!;
      along += d * m;
      apart += d * d;
      motion += m * m;
    }
    return along >= -slack * Math.sqrt(motion) || apart <= LEVEL * LEVEL;
  }

  /**
   * Whether the new view's avatar moved this frame, and not along the drawn avatar's last
   * motion: the player turned during the handoff, so it will never come level along it.
   */
  #turned(): boolean {
    let along = 0;
    let moved = 0;
    for (const l of this.#lanes) {
      const d = this.#other[l]! - this.#otherBefore[l]!;
      if (!Number.isFinite(d)) return false;
      along += d * this.#drawn.motion[l]!;
      moved += d * d;
    }
    return moved > LEVEL * LEVEL && along <= 0;
  }

  /** Reads `link`'s drawn lanes of `e` into `out`; false when its view has nothing for it. */
  #read(link: L, e: Entity, out: Float64Array): boolean {
    if (!link.net.world.isAlive(e)) return false;
    this.#layout.read(link.net.view.stores(), e, out, 0);
    return true;
  }
}
