// The hand-over of a predicted avatar (handover-view.ts). Both zone links predict the avatar
// from the same inputs, but each link's input ticker runs on its own phase (it follows its own
// zone's ticks), so the new view's avatar trails or leads the old one's by up to one tick's
// walk. Trailing, it would never come level along the walk and the old view would stay drawn
// (its other entities standing) until the hand-over was forced, stepping the avatar back. So a
// predicted avatar that little behind counts as level, and after the hand-over the drawn avatar
// holds where it is until the new one passes it.

import type { AvatarTrack } from "./avatar-track.js";

/**
 * How far behind the old view's avatar, in the new link's ticks of its walk, a predicted
 * avatar in the new view still counts as level: up to a tick's walk, with a margin for a
 * speed read over a few frames.
 */
const LEVEL_TICKS = 1.25;
/**
 * Longest the drawn avatar holds for a predicted one to pass it, in ticks: a walking avatar
 * passes within LEVEL_TICKS; one that stopped then is caught up (a slide back of less than a
 * tick's walk, as its player stood).
 */
const HOLD_TICKS = 3;

/** How far a predicted avatar may trail at a hand-over, and the hold that follows it. */
export class PredictedHold {
  readonly #lanes: readonly number[];
  /** How far behind the held avatar may find the new one (0: nothing held). */
  #slack = 0;
  /** Nothing is held after this (local ms): a player who stopped must not stay drawn ahead. */
  #until = 0;

  /** @param lanes the lanes compared (positions, not velocities) */
  constructor(lanes: readonly number[]) {
    this.#lanes = lanes;
  }

  /**
   * How far behind along its motion a predicted avatar in a link of `tickMs` ticks may be and
   * still count as level, for an avatar walking `speed` units a ms (0 when not predicted).
   */
  static slack(predicted: boolean, tickMs: number, speed: number): number {
    return predicted ? LEVEL_TICKS * tickMs * speed : 0;
  }

  /** The drawing was handed over at `now` to a view up to `slack` behind (0: hold nothing). */
  start(slack: number, tickMs: number, now: number): void {
    this.#slack = slack;
    this.#until = now + HOLD_TICKS * tickMs;
  }

  /** Nothing more is held. */
  stop(): void {
    this.#slack = 0;
  }

  /**
   * While the new view's avatar (`out`) is less than the slack behind the drawn one along the
   * drawn motion and walking that way: `out` becomes the drawn avatar (it holds, no step back,
   * until the new one passes it). True when `out` was moved.
   */
  apply(out: Float64Array, drawn: AvatarTrack, target: AvatarTrack, now: number): boolean {
    if (!(this.#slack > 0)) return false;
    let along = 0;
    let motion = 0;
    let same = 0;
    for (const l of this.#lanes) {
      const m = drawn.motion[l]!;
      along += (out[l]! - drawn.pos[l]!) * m;
      motion += m * m;
      same += target.motion[l]! * m;
    }
    const behind = motion > 0 ? -along / Math.sqrt(motion) : 0;
    if (!(behind > 0) || behind > this.#slack || !(same > 0) || now >= this.#until) {
      // Level again, walking another way, or stopped: nothing more is held.
      this.#slack = 0;
      return false;
    }
    for (const l of this.#lanes) out[l] = drawn.pos[l]!;
    return true;
  }
}
