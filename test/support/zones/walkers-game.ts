// A zoned test game: walkers on a 2×2 grid of 100 × 100 zones. Each player's avatar carries
// its pilot key (world-unique, replicated: clients find their own avatar by it) and, server
// side, a local Pilot component with its per-zone player id (ghosts carry no local
// components, so a zone never mistakes a neighbour's ghost for one of its players' avatars).
// Tests only.

import {
  defineComponent,
  defineLocalComponent,
  defineNetworkSchema,
  uint16,
  vec2,
} from "../../../shared/schema/index.js";
import type { Entity, World } from "../../../shared/world/world.js";
import type { ZonedGame } from "../../../shared/zones/zoned-game.js";

/** A walker's held direction: each axis -1, 0 or 1. */
export interface WalkInput {
  readonly dx: number;
  readonly dy: number;
}

/** World units a walker moves per second. */
export const WALK_SPEED = 30;
export const TICK_RATE = 30;

export const Body = defineComponent("Body", {
  pos: vec2({ min: -20, max: 220, step: 1 / 256 }),
  pilot: uint16(),
});
export const Pilot = defineLocalComponent("Pilot", () => ({ playerId: -1 }));
const SCHEMA = defineNetworkSchema([Body], { tickSeconds: 1 / TICK_RATE, maxEntities: 256 });

/** The pilot key of a player named `p<k>`: k + 1. */
export function pilotKey(name: string): number {
  return Number(name.slice(1)) + 1;
}

/** The avatar of pilot `key` in `world` (a client's mirror), or -1. */
export function avatarByKey(world: World, key: number): Entity {
  const body = world.store(Body);
  for (let e = 0; e < world.capacity; e++)
    if (world.has(e, Body) && body.pilot[e] === key) return e;
  return -1;
}

function avatarOf(world: World, playerId: number): Entity {
  for (let e = 0; e < world.capacity; e++)
    if (world.has(e, Pilot) && world.get(e, Pilot).playerId === playerId) return e;
  return -1;
}

/** The game; `spawns` says where a fresh player (by name) appears. */
export function walkersGame(
  spawns: ReadonlyMap<string, readonly [number, number]>,
): ZonedGame<WalkInput> {
  return {
    name: "walkers",
    schema: SCHEMA,
    localComponents: [Pilot],
    roomOptions: { tickRate: TICK_RATE, reconnectGraceMs: 10_000 },
    input: {
      bytes: 2,
      encode(input, out, offset) {
        out[offset] = input.dx + 1;
        out[offset + 1] = input.dy + 1;
      },
      decode(bytes, offset) {
        const dx = bytes[offset]! - 1;
        const dy = bytes[offset + 1]! - 1;
        return Math.abs(dx) <= 1 && Math.abs(dy) <= 1 ? { dx, dy } : undefined;
      },
    },
    idleInput: { dx: 0, dy: 0 },
    addPlayer(world, playerId, name) {
      const [x, y] = spawns.get(name) ?? [50, 50];
      const e = world.spawn();
      world.add(e, Body, { pos: { x, y }, pilot: pilotKey(name) });
      world.add(e, Pilot, { playerId });
    },
    removePlayer(world, playerId) {
      const e = avatarOf(world, playerId);
      if (e >= 0) world.despawn(e);
    },
    step(world, inputs, dt) {
      const { pos } = world.store(Body);
      for (const [playerId, input] of inputs) {
        const e = avatarOf(world, playerId);
        if (e < 0) continue;
        pos.x[e] = Math.min(200, Math.max(0, pos.x[e]! + input.dx * WALK_SPEED * dt));
        pos.y[e] = Math.min(200, Math.max(0, pos.y[e]! + input.dy * WALK_SPEED * dt));
      }
    },
    zones: {
      grid: { originX: 0, originY: 0, zoneWidth: 100, zoneHeight: 100, columns: 2, rows: 2 },
      border: 10,
      handoffMargin: 3,
      ghostEveryTicks: 2,
      ticketTtlMs: 3000,
      position(world, e, out) {
        if (!world.has(e, Body)) return false;
        const { pos } = world.store(Body);
        out[0] = pos.x[e]!;
        out[1] = pos.y[e]!;
        return true;
      },
      avatarOf,
      adoptAvatar(world, e, playerId) {
        world.add(e, Pilot, { playerId });
      },
    },
  };
}
