// The game the fair-play campaigns play: runners in a 1000 × 1000 field whose clients author
// their own positions (each input claims where the runner is; the room trusts it within the
// game's physics, as many action games do for responsiveness), and a hitscan `fire` judged
// with lag compensation and a declared rate of fire. Every detector has something to catch
// here: speed and teleports (positions are the client's word), inputs out of range, a rate of
// fire, views from the future, RPC spam, input floods and broken frames.

import type { GameDefinition } from "../../shared/game/game-definition.js";
import { arg, defineRpcs, gameRpc } from "../../shared/rpc/index.js";
import { defineComponent } from "../../shared/schema/component.js";
import { uint16 } from "../../shared/schema/int-field.js";
import { vec2 } from "../../shared/schema/linear-field.js";
import { defineNetworkSchema } from "../../shared/schema/network-schema.js";
import type { Query } from "../../shared/world/query.js";
import type { World } from "../../shared/world/world.js";

export const FIELD = 1000;
export const TICK_RATE = 30;
/** Top speed, units per second. */
export const MAX_SPEED = 240;
export const RUNNER_RADIUS = 12;
/** Shots per second, and at once. */
export const FIRE_RATE = 3;
/** Input position units per field unit. */
const SCALE = 16;
/** "Stay where you are": the idle input's claim. */
const NO_CLAIM = 0xffff;

export const Runner = defineComponent("Runner", {
  owner: uint16(),
  pos: vec2({ min: 0, max: FIELD, step: 1 / SCALE }),
});

export const DUEL_SCHEMA = defineNetworkSchema([Runner], {
  tickSeconds: 1 / TICK_RATE,
  maxEntities: 64,
});

/** A claimed position (field units) and buttons; only bit 0 (crouch) exists. */
export interface DuelInput {
  readonly x: number;
  readonly y: number;
  readonly buttons: number;
}

export const IDLE_DUEL_INPUT: DuelInput = { x: NO_CLAIM, y: NO_CLAIM, buttons: 0 };

export const DUEL_RPCS = defineRpcs({
  fire: {
    direction: "client-to-server",
    // The view tick × 16 (1/16 tick is finer than any interpolation step).
    args: { view: arg.u32, dirX: arg.i16, dirY: arg.i16 },
    result: { hit: arg.u16 },
    rateLimit: { perSecond: 30, burst: 30 },
  },
});

const queries = new WeakMap<World, Query>();

/** The runners of `world`, collected now. */
function runners(world: World): Query {
  let q = queries.get(world);
  if (!q) {
    q = world.query([Runner]);
    queries.set(world, q);
  }
  q.collect();
  return q;
}

/** The runner entity of `playerId`, or -1. */
export function runnerOf(world: World, playerId: number): number {
  const owner = world.store(Runner).owner;
  const q = runners(world);
  for (let i = 0; i < q.count; i++) if (owner[q.entities[i]!] === playerId) return q.entities[i]!;
  return -1;
}

/** A `fire` result's `hit` when nothing was hit. */
export const NO_HIT = 0xffff;

/** Where `playerId`'s runner appears. */
export function spawnOf(playerId: number): { x: number; y: number } {
  return { x: 100 + (playerId % 8) * 100, y: 500 };
}

export const duelGame: GameDefinition<DuelInput> = {
  name: "duel",
  input: {
    bytes: 5,
    encode(input, out, offset) {
      const view = new DataView(out.buffer, out.byteOffset + offset, 5);
      view.setUint16(0, input.x === NO_CLAIM ? NO_CLAIM : Math.round(input.x * SCALE));
      view.setUint16(2, input.y === NO_CLAIM ? NO_CLAIM : Math.round(input.y * SCALE));
      view.setUint8(4, input.buttons);
    },
    decode(bytes, offset) {
      if (bytes.length < offset + 5) return undefined;
      const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 5);
      const rx = view.getUint16(0);
      const ry = view.getUint16(2);
      return {
        x: rx === NO_CLAIM ? NO_CLAIM : rx / SCALE,
        y: ry === NO_CLAIM ? NO_CLAIM : ry / SCALE,
        buttons: view.getUint8(4),
      };
    },
  },
  idleInput: IDLE_DUEL_INPUT,
  schema: DUEL_SCHEMA,
  roomOptions: { tickRate: TICK_RATE, maxPlayers: 16, reconnectGraceMs: 5000 },
  addPlayer(world, playerId) {
    const e = world.spawn();
    world.add(e, Runner, { owner: playerId, pos: spawnOf(playerId) });
  },
  removePlayer(world, playerId) {
    const e = runnerOf(world, playerId);
    if (e >= 0) world.despawn(e);
  },
  step(world, inputs) {
    const s = world.store(Runner);
    for (const [playerId, input] of inputs) {
      if (input.x === NO_CLAIM) continue;
      const e = runnerOf(world, playerId);
      if (e < 0) continue;
      s.pos.x[e] = input.x;
      s.pos.y[e] = input.y;
    }
  },
  lagCompensation: {
    hitboxes(world, put) {
      const s = world.store(Runner);
      const q = runners(world);
      for (let i = 0; i < q.count; i++) {
        const e = q.entities[i]!;
        put(e, s.pos.x[e]!, s.pos.y[e]!, RUNNER_RADIUS);
      }
    },
  },
  rpc: gameRpc(DUEL_RPCS, {
    fire: ({ playerId, world, rewind, action }, { view, dirX, dirY }) => {
      if (!action("fire")) return { hit: NO_HIT };
      const me = runnerOf(world, playerId);
      if (me < 0 || !rewind) return { hit: NO_HIT };
      const s = world.store(Runner);
      const length = Math.hypot(dirX, dirY) || 1;
      const hit = rewind.raycast(
        view / 16,
        s.pos.x[me]!,
        s.pos.y[me]!,
        dirX / length,
        dirY / length,
        FIELD * 2,
        me,
      );
      return { hit: hit ? s.owner[hit.entity]! : NO_HIT };
    },
  }),
  fairPlay: {
    validateInput(input) {
      if (input.x === NO_CLAIM && input.y === NO_CLAIM) return undefined;
      if (!(input.x <= FIELD && input.y <= FIELD))
        return `position ${input.x},${input.y} off the field`;
      if ((input.buttons & ~1) !== 0) return `buttons ${input.buttons} not in 0b1`;
      return undefined;
    },
    motion: {
      sample(world, playerId, out) {
        const e = runnerOf(world, playerId);
        if (e < 0) return false;
        const s = world.store(Runner);
        out.x = s.pos.x[e]!;
        out.y = s.pos.y[e]!;
        out.epoch = e;
        return true;
      },
      maxSpeed: MAX_SPEED,
    },
    actions: { fire: { perSecond: FIRE_RATE, burst: 1 } },
  },
};
