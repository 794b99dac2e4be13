// Where an avatar was seen frame by frame, which way it last moved and how fast it has been
// moving: the hand-over of the drawn view (handover-view.ts) keeps one for the avatar it draws
// and one for the avatar of the view it hands over to. Only the lanes given are followed
// (positions, not velocities).

/** Weight of a frame's speed in the recent speed (an exponential average). */
const SPEED_WEIGHT = 0.25;

/** An avatar's last position, last motion and recent speed over some lanes. */
export class AvatarTrack {
  /** Its lanes when last seen (NaN lanes: not seen since the last `forget`). */
  readonly pos: Float64Array;
  /** When it was last seen, local ms (NaN: not seen). */
  at = Number.NaN;
  /** Its last move between two sightings that moved it (lanes). */
  readonly motion: Float64Array;
  /** Its recent speed, lane units a ms. */
  speed = 0;
  readonly #lanes: readonly number[];

  /** @param lanes the lanes followed @param width lanes of an entity */
  constructor(lanes: readonly number[], width: number) {
    this.#lanes = lanes;
    this.pos = new Float64Array(width).fill(Number.NaN);
    this.motion = new Float64Array(width);
  }

  /** How far `values` are from where it was last seen (NaN: not seen). */
  distanceTo(values: Float64Array): number {
    let sum = 0;
    for (const l of this.#lanes) sum += (values[l]! - this.pos[l]!) ** 2;
    return Math.sqrt(sum);
  }

  /** It is at `values` at `now`; with `learn`, the move counts towards its speed. */
  see(values: Float64Array, now: number, learn: boolean): void {
    let moved = 0;
    for (const l of this.#lanes) {
      const d = values[l]! - this.pos[l]!;
      if (Number.isFinite(d)) moved += d * d;
    }
    if (moved > 0)
      for (const l of this.#lanes) {
        const d = values[l]! - this.pos[l]!;
        this.motion[l] = Number.isFinite(d) ? d : 0;
      }
    const dt = now - this.at;
    if (learn && dt > 0) this.speed += (Math.sqrt(moved) / dt - this.speed) * SPEED_WEIGHT;
    for (const l of this.#lanes) this.pos[l] = values[l]!;
    this.at = now;
  }

  /** Not seen any more (its speed is kept unless `speed`). */
  forget(speed = false): void {
    this.pos.fill(Number.NaN);
    this.at = Number.NaN;
    if (speed) this.speed = 0;
  }
}
