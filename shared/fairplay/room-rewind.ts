// A room's lag compensation: the game declares its hitboxes (GameDefinition.lagCompensation),
// the room records them after every tick under the tick number clients see, and a player's
// RPC handler rewinds to that player's view (PlayerRewind), with the clamps of
// lag-compensation.ts applied from what the room knows of the player: the newest tick it has
// acknowledged, and the room's own tick.

import type { World } from "../world/world.js";
import { type JudgedTick, judgedTick, LagCompensation, type RayHit } from "./lag-compensation.js";
import { PoseHistory } from "./pose-history.js";

/** A game's hitboxes for lag compensation. */
export interface LagCompensationOptions {
  /** Calls `put` with every entity that can be hit, where it is now (called after each tick). */
  hitboxes(world: World, put: (entity: number, x: number, y: number, radius: number) => void): void;
  /**
   * The longest rewind honoured, ms: a shot from a view older than this is judged at the cap.
   * Measured (bench:fairplay): at 300 ms round trip with 50 ms jitter and 5% loss, a client's
   * view is on average 480 ms behind the room (half the round trip, an interpolation delay
   * that grows with jitter, retransmitted frames) and often more; a 500 ms cap judged a
   * quarter of its on-target shots late. The default is Source's `sv_maxunlag`.
   * @default 1000
   */
  readonly maxRewindMs?: number;
  /**
   * Farther than this between two ticks is a teleport: a moment between them is not blended.
   * @default Infinity
   */
  readonly maxStep?: number;
}

/** What a handler of one player's RPC can ask of the rewound world. */
export interface PlayerRewind {
  /** The moment a shot from `viewTick` is judged at (clamped), and whether it was capped. */
  judge(viewTick: number): JudgedTick;
  /**
   * The nearest entity a ray from (ox, oy) along (dx, dy) hits within `maxDistance` in the
   * world as this player saw it at `viewTick`, skipping `ignore`.
   */
  raycast(
    viewTick: number,
    ox: number,
    oy: number,
    dx: number,
    dy: number,
    maxDistance: number,
    ignore?: number,
  ): (RayHit & JudgedTick) | undefined;
  /** Entities overlapping the circle (cx, cy, radius) as this player saw them at `viewTick`. */
  overlapCircle(
    viewTick: number,
    cx: number,
    cy: number,
    radius: number,
    ignore?: number,
  ): number[];
}

/** The pose history of one room and the rewinds of its players. */
export class RoomRewind {
  readonly #options: LagCompensationOptions;
  readonly #history: PoseHistory;
  readonly #lag: LagCompensation;
  /** The world {@link record} is recording, for {@link #fill}. */
  #world: World | null = null;
  /** Hands the game's hitboxes to the history: made once, so a tick allocates no closure. */
  readonly #fill = (put: (entity: number, x: number, y: number, radius: number) => void): void =>
    this.#options.hitboxes(this.#world!, put);

  constructor(options: LagCompensationOptions, tickRate: number, capacity: number) {
    const maxRewindMs = options.maxRewindMs ?? 1000;
    if (!(maxRewindMs > 0)) throw new RangeError("lagCompensation.maxRewindMs must be > 0");
    const maxRewindTicks = Math.ceil((maxRewindMs * tickRate) / 1000);
    this.#options = options;
    this.#history = new PoseHistory({
      capacity,
      windowTicks: maxRewindTicks + 2,
      ...(options.maxStep === undefined ? {} : { maxStep: options.maxStep }),
    });
    this.#lag = new LagCompensation(this.#history, maxRewindTicks);
  }

  /** The longest rewind honoured, ticks. */
  get maxRewindTicks(): number {
    return this.#lag.maxRewindTicks;
  }

  /** Bytes the pose history holds (fixed). */
  get memoryBytes(): number {
    return this.#history.memoryBytes;
  }

  /** Records the hitboxes of `world` as tick `tick` (after each step). */
  record(tick: number, world: World): void {
    this.#world = world;
    this.#history.record(tick, this.#fill);
  }

  /**
   * The rewind of a player whose newest acknowledged tick is `ackedTick`, at room tick
   * `nowTick`; `onView` hears every view tick the player claims (the `clock` detector).
   */
  forPlayer(ackedTick: number, nowTick: number, onView?: (viewTick: number) => void): PlayerRewind {
    const lag = this.#lag;
    const judge = (viewTick: number) => {
      onView?.(viewTick);
      return judgedTick(viewTick, ackedTick, nowTick, lag.maxRewindTicks);
    };
    return {
      judge,
      raycast: (viewTick, ox, oy, dx, dy, maxDistance, ignore) => {
        const at = judge(viewTick);
        const hit = lag.raycast(at.tick, ox, oy, dx, dy, maxDistance, ignore);
        return hit && { ...hit, ...at };
      },
      overlapCircle: (viewTick, cx, cy, radius, ignore) =>
        lag.overlapCircle(judge(viewTick).tick, cx, cy, radius, ignore),
    };
  }
}
