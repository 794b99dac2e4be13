// The fair-play bench's game, a shooting range: one runner per player on a 1600 × 900 field,
// steered by its player's input (a new heading at constant speed, or hold course), bouncing
// off the walls. Every runner is a circle of HIT_RADIUS in the room's pose history when the
// room is built with lag compensation, and the `fire` RPC (range-rpc.ts) judges a shot
// against the world as the shooter saw it. Bench only: the smallest game whose shots travel
// the real path (client render → CALL on the up link → room's rewind).

import type { GameDefinition } from "../../shared/game/game-definition.js";
import { defineNetworkSchema } from "../../shared/schema/index.js";
import type { World } from "../../shared/world/world.js";
import { rangeRpc, type ShotLog } from "./range-rpc.js";
import {
  FIELD_HEIGHT,
  FIELD_WIDTH,
  HIT_RADIUS,
  HOLD_COURSE,
  RANGE_TICK_RATE,
  type RangeInput,
  RUNNER_SPEED,
  Runner,
} from "./range-schema.js";

/** Settings of a range room's game. */
export interface RangeGameOptions {
  /** Players the room seats (and runners the world holds). */
  readonly players: number;
  /** Declares the hitboxes (GameDefinition.lagCompensation): the room keeps a pose history. */
  readonly lagCompensation: boolean;
  /** Where `fire` puts its verdicts; omitted, the game declares no RPCs. */
  readonly shots?: ShotLog;
  /** Spawn of player `playerId`; default: spread over the field by id. */
  readonly spawn?: (playerId: number) => { x: number; y: number };
}

/** Where a player's runner starts by default: spread over the field by its id. */
function defaultSpawn(playerId: number): { x: number; y: number } {
  // A low-discrepancy spread (golden ratio steps) keeps 200 runners apart without a seed.
  const u = (playerId * 0.618_033_988_75) % 1;
  const v = (playerId * 0.754_877_666_25) % 1;
  return { x: 40 + u * (FIELD_WIDTH - 80), y: 40 + v * (FIELD_HEIGHT - 80) };
}

/**
 * A range game for one room: its velocities live in this definition (server-side state the
 * clients never need, as they predict nothing), so build one per room.
 */
export function rangeGame(options: RangeGameOptions): GameDefinition<RangeInput> {
  const capacity = Math.max(8, options.players + 1);
  const schema = defineNetworkSchema([Runner], {
    tickSeconds: 1 / RANGE_TICK_RATE,
    maxEntities: capacity,
  });
  const vx = new Float64Array(capacity);
  const vy = new Float64Array(capacity);
  const byPlayer = new Map<number, number>();
  const spawn = options.spawn ?? defaultSpawn;
  const entityOf = (_world: World, playerId: number) => byPlayer.get(playerId) ?? -1;
  return {
    name: "range",
    input: {
      bytes: 1,
      encode(input, out, offset) {
        out[offset] = input.steer;
      },
      decode: (bytes, offset) => ({ steer: bytes[offset]! }),
    },
    idleInput: { steer: HOLD_COURSE },
    schema,
    roomOptions: { tickRate: RANGE_TICK_RATE, maxPlayers: options.players },
    quantizeState: true,
    addPlayer(world, playerId) {
      const e = world.spawn();
      world.add(e, Runner, { owner: playerId, pos: spawn(playerId) });
      vx[e] = 0;
      vy[e] = 0;
      byPlayer.set(playerId, e);
    },
    removePlayer(world, playerId) {
      const e = byPlayer.get(playerId);
      if (e !== undefined) world.despawn(e);
      byPlayer.delete(playerId);
    },
    step(world, inputs, dt) {
      const { x, y } = world.store(Runner).pos;
      for (const [playerId, e] of byPlayer) {
        const steer = inputs.get(playerId)?.steer ?? HOLD_COURSE;
        if (steer !== HOLD_COURSE) {
          const heading = ((steer - 1) / 255) * 2 * Math.PI;
          vx[e] = RUNNER_SPEED * Math.cos(heading);
          vy[e] = RUNNER_SPEED * Math.sin(heading);
        }
        if (vx[e] === 0 && vy[e] === 0) continue;
        let nx = x[e]! + vx[e]! * dt;
        let ny = y[e]! + vy[e]! * dt;
        // Walls reflect: the runner turns back inside the field.
        if (nx < 0 || nx > FIELD_WIDTH) {
          vx[e] = -vx[e]!;
          nx = Math.min(Math.max(nx, 0), FIELD_WIDTH);
        }
        if (ny < 0 || ny > FIELD_HEIGHT) {
          vy[e] = -vy[e]!;
          ny = Math.min(Math.max(ny, 0), FIELD_HEIGHT);
        }
        x[e] = nx;
        y[e] = ny;
      }
    },
    ...(options.lagCompensation
      ? {
          lagCompensation: {
            hitboxes(world, put) {
              const { x, y } = world.store(Runner).pos;
              for (const e of byPlayer.values()) put(e, x[e]!, y[e]!, HIT_RADIUS);
            },
            // A runner covers 8 units a tick; nothing teleports in this game.
            maxStep: 100,
          },
        }
      : {}),
    ...(options.shots ? { rpc: rangeRpc(options.shots, entityOf) } : {}),
  };
}
