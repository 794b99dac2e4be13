// The range's state and input (range-game.ts): a runner per player with its owner and
// position, the field it runs on and the hitbox radius its shots are judged against.

import { defineComponent, uint16, vec2 } from "../../shared/schema/index.js";
import type { Query } from "../../shared/world/query.js";
import type { World } from "../../shared/world/world.js";

/** Field width, units. */
export const FIELD_WIDTH = 1600;
/** Field height, units. */
export const FIELD_HEIGHT = 900;
/** A runner's hitbox radius, units (the arena's ship radius). */
export const HIT_RADIUS = 16;
/** A steered runner's speed, units per second (8 units a tick at 30 Hz; the arena's ships reach 14). */
export const RUNNER_SPEED = 240;
/** Ticks per second of range rooms. */
export const RANGE_TICK_RATE = 30;
/** Input `steer` that keeps the current course. */
export const HOLD_COURSE = 0;

/** One player's runner. */
export const Runner = defineComponent("Runner", {
  /** The owning player's id. */
  owner: uint16(),
  /** On a 1/32 grid (quantizeState): clients hold the room's values exactly. */
  pos: vec2({ min: 0, max: 2048, step: 1 / 32 }),
});

/** One tick of a player's input: HOLD_COURSE, or 1–255 for heading (steer − 1) / 255 of a turn. */
export interface RangeInput {
  readonly steer: number;
}

/** The heading input closest to `angle` radians. */
export function steerToward(angle: number): number {
  const turns = angle / (2 * Math.PI);
  return 1 + (Math.round((turns - Math.floor(turns)) * 255) % 255);
}

const runnerQueries = new WeakMap<World, Query>();

/** The runners of `world`, collected now (one reused query per world). */
export function collectRunners(world: World): Query {
  let runners = runnerQueries.get(world);
  if (runners === undefined) {
    runners = world.query([Runner]);
    runnerQueries.set(world, runners);
  }
  runners.collect();
  return runners;
}

/** The runner entity of `playerId` in `world` (the room's or a client's mirror), or −1. */
export function runnerOf(world: World, playerId: number): number {
  const runners = collectRunners(world);
  const owner = world.store(Runner).owner;
  for (let i = 0; i < runners.count; i++)
    if (owner[runners.entities[i]!] === playerId) return runners.entities[i]!;
  return -1;
}
