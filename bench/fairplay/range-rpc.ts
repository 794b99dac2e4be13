// The range's weapon: a client fires with the tick its screen drew (its render tick,
// fractional) and a direction; the room judges the ray against the world as that player saw
// it (`rewind.raycast`) and the verdict goes to a ShotLog the bench reads, keyed by the
// shot's number. Full-precision arguments (f64): the bench measures lag compensation, not a
// wire encoding (the arena's `fire` sends sixteenths of a tick and 2π/65536 turns).

import { rayCircle } from "../../shared/fairplay/lag-compensation.js";
import { arg, defineRpcs, gameRpc } from "../../shared/rpc/index.js";
import type { GameRpc } from "../../shared/rpc/rpc-server.js";
import type { World } from "../../shared/world/world.js";
import { collectRunners, HIT_RADIUS, Runner } from "./range-schema.js";

/** Farthest a shot reaches, units: across the whole field. */
export const SHOT_RANGE = 2000;

/** The range's RPC declarations, shared by the room and the shooter. */
export const RANGE_RPCS = defineRpcs({
  fire: {
    direction: "client-to-server",
    args: { shot: arg.u32, viewTick: arg.f64, dirX: arg.f64, dirY: arg.f64 },
    // Above the bench's cadence (a shot every 3–8 frames of 16 ms at most 21 a second).
    rateLimit: { perSecond: 30, burst: 30 },
  },
});

/** The room's verdict on one shot. */
export interface ShotVerdict {
  /** The owner of the runner hit, or 0 for none. */
  readonly target: number;
  /** The same ray against the room's present world (no lag compensation): owner, or 0. */
  readonly presentTarget: number;
  /** The tick the world was rewound to (after the policy's clamps). */
  readonly judgedTick: number;
  /** True when the view was older than the maximum rewind. */
  readonly capped: boolean;
  /** The room's tick when it judged the shot. */
  readonly roomTick: number;
}

/** Verdicts by shot number, written by the room's `fire` handler. */
export class ShotLog {
  readonly #verdicts = new Map<number, ShotVerdict>();
  readonly #roomTick: () => number;

  /** @param roomTick reads the room's tick (a handler is not told it) */
  constructor(roomTick: () => number) {
    this.#roomTick = roomTick;
  }

  /** Records the verdict on shot `shot`, at the room's tick now. */
  record(shot: number, verdict: Omit<ShotVerdict, "roomTick">): void {
    this.#verdicts.set(shot, { ...verdict, roomTick: this.#roomTick() });
  }

  /** The verdict on shot `shot`, or undefined before it arrived. */
  get(shot: number): ShotVerdict | undefined {
    return this.#verdicts.get(shot);
  }
}

/** The owner of the nearest runner a ray from `me` enters in the present world, or 0. */
function presentHit(world: World, me: number, dirX: number, dirY: number): number {
  const { owner, pos } = world.store(Runner);
  const len = Math.hypot(dirX, dirY);
  let nearest = 0;
  let nearestAt = Number.POSITIVE_INFINITY;
  const runners = collectRunners(world);
  for (let i = 0; i < runners.count; i++) {
    const e = runners.entities[i]!;
    if (e === me) continue;
    const d = rayCircle(
      pos.x[me]!,
      pos.y[me]!,
      dirX / len,
      dirY / len,
      SHOT_RANGE,
      pos.x[e]!,
      pos.y[e]!,
      HIT_RADIUS,
    );
    if (d !== undefined && d < nearestAt) {
      nearest = owner[e]!;
      nearestAt = d;
    }
  }
  return nearest;
}

/** The `fire` handler: rays from the shooter's runner, judged at its view tick. */
export function rangeRpc(
  log: ShotLog,
  runnerOf: (world: World, playerId: number) => number,
): GameRpc {
  return gameRpc(RANGE_RPCS, {
    fire: ({ playerId, world, rewind }, { shot, viewTick, dirX, dirY }) => {
      if (!rewind) throw new Error("fire needs the room's rewind (lagCompensation)");
      const me = runnerOf(world, playerId);
      const { x, y } = world.store(Runner).pos;
      const owner = world.store(Runner).owner;
      const hit = rewind.raycast(viewTick, x[me]!, y[me]!, dirX, dirY, SHOT_RANGE, me);
      const judged = hit ?? rewind.judge(viewTick);
      log.record(shot, {
        target: hit ? owner[hit.entity]! : 0,
        presentTarget: presentHit(world, me, dirX, dirY),
        judgedTick: judged.tick,
        capped: judged.capped,
      });
    },
  });
}
