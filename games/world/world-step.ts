// World rules: each avatar walks where its input points, stopping at the world's edge. Pure
// and deterministic (the same world and inputs give the same result on the server and in a
// client's predictor). Every avatar is stepped, ghosts included (a client's world cannot tell
// them apart): a zone restores its ghosts after the step (they are read-only there).

import type { Query, World } from "@edgetick/game";
import type { WorldInput } from "./world-input.js";
import { walkVelocity } from "./world-input.js";
import { Avatar, WALK_SPEED, Walker, WORLD_SIZE } from "./world-state.js";

// A query preallocates its result array: one per world, not one per tick.
const avatarQueries = new WeakMap<World, Query>();
const velocity = new Float64Array(2);

/** The avatars of `world`, collected now (ascending entity id). */
export function collectAvatars(world: World): Query {
  let q = avatarQueries.get(world);
  if (!q) {
    q = world.query([Avatar]);
    avatarQueries.set(world, q);
  }
  q.collect();
  return q;
}

/**
 * The world-wide tag of a walker named `name` (FNV-1a, 32 bits): the world game's walkers
 * are told apart by name, so names must be unique in a world (the demo and the bots make
 * them so); two names with one tag would each take the other for itself.
 */
export function walkerTag(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The avatar tagged `tag` in a client's mirror `world`, or -1 (the count is in `count`). */
export function taggedAvatar(world: World, tag: number, count?: { n: number }): number {
  const s = world.store(Avatar);
  const avatars = collectAvatars(world);
  let found = -1;
  let n = 0;
  for (let i = 0; i < avatars.count; i++) {
    const e = avatars.entities[i]!;
    if (s.tag[e] !== tag) continue;
    n++;
    if (found < 0) found = e;
  }
  if (count) count.n = n;
  return found;
}

/** Player `playerId`'s avatar in a server's `world` (never a ghost), or -1. */
export function avatarOf(world: World, playerId: number): number {
  const avatars = collectAvatars(world);
  for (let i = 0; i < avatars.count; i++) {
    const e = avatars.entities[i]!;
    if (world.has(e, Walker) && world.get(e, Walker).playerId === playerId) return e;
  }
  return -1;
}

/** Advances every avatar one fixed step of `dt` seconds. */
export function stepWorld(world: World, inputs: ReadonlyMap<number, WorldInput>, dt: number): void {
  const s = world.store(Avatar);
  const avatars = collectAvatars(world);
  for (let i = 0; i < avatars.count; i++) {
    const e = avatars.entities[i]!;
    walkVelocity(inputs.get(s.owner[e]!)?.walk ?? 0, WALK_SPEED, velocity);
    s.vel.x[e] = velocity[0]!;
    s.vel.y[e] = velocity[1]!;
    s.pos.x[e] = clamp(s.pos.x[e]! + velocity[0]! * dt);
    s.pos.y[e] = clamp(s.pos.y[e]! + velocity[1]! * dt);
  }
}

function clamp(v: number): number {
  return Math.min(Math.max(v, 0), WORLD_SIZE);
}
