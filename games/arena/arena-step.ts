// Arena rules: rotate, thrust, drag, bounce off the walls. Pure and deterministic: the same
// world and inputs give the same result on the server and in a client's predictor.

import type { Query, World } from "@edgetick/game";
import { ARENA_BUTTON, type ArenaInput } from "./arena-input.js";
import { ARENA_HEIGHT, ARENA_WIDTH, SHIP_RADIUS, Ship } from "./arena-state.js";

/** Turn rate, radians per second. */
export const TURN_RATE = Math.PI * 1.5;
/** Forward thrust, units per second squared (reverse is half of it). */
export const THRUST = 600;
/** Fraction of velocity kept after one second without thrust. */
export const DRAG_PER_SECOND = 0.25;
/** Speed cap, units per second. */
export const MAX_SPEED = 420;
/** Fraction of speed kept when bouncing off a wall. */
export const BOUNCE = 0.6;

// A query preallocates its result array: make one per world, not one per tick.
const shipQueries = new WeakMap<World, Query>();

/** The ships of `world`, collected now (ascending entity id). */
export function collectShips(world: World): Query {
  let q = shipQueries.get(world);
  if (!q) {
    q = world.query([Ship]);
    shipQueries.set(world, q);
  }
  q.collect();
  return q;
}

/** The ship entity of `playerId` in `world`, or -1. */
export function shipOf(world: World, playerId: number): number {
  const owner = world.store(Ship).owner;
  const ships = collectShips(world);
  for (let i = 0; i < ships.count; i++)
    if (owner[ships.entities[i]!] === playerId) return ships.entities[i]!;
  return -1;
}

/** Advances every ship one fixed step of `dt` seconds. */
export function stepArena(world: World, inputs: ReadonlyMap<number, ArenaInput>, dt: number): void {
  const drag = DRAG_PER_SECOND ** dt;
  const s = world.store(Ship);
  const ships = collectShips(world);
  for (let i = 0; i < ships.count; i++) {
    const e = ships.entities[i]!;
    const buttons = inputs.get(s.owner[e]!)?.buttons ?? 0;
    const turn = (buttons & ARENA_BUTTON.RIGHT ? 1 : 0) - (buttons & ARENA_BUTTON.LEFT ? 1 : 0);
    const heading = wrapAngle(s.heading[e]! + turn * TURN_RATE * dt);
    s.heading[e] = heading;
    const push =
      (buttons & ARENA_BUTTON.THRUST ? 1 : 0) - (buttons & ARENA_BUTTON.REVERSE ? 0.5 : 0);
    let vx = (s.vel.x[e]! + Math.cos(heading) * push * THRUST * dt) * drag;
    let vy = (s.vel.y[e]! + Math.sin(heading) * push * THRUST * dt) * drag;
    // Not Math.hypot: V8 runs it as a builtin call that boxes its arguments and result on the
    // heap (48 B per moving ship per tick, measured); speeds are far from overflowing a square.
    const speed = Math.sqrt(vx * vx + vy * vy);
    if (speed > MAX_SPEED) {
      vx *= MAX_SPEED / speed;
      vy *= MAX_SPEED / speed;
    }
    let x = s.pos.x[e]! + vx * dt;
    let y = s.pos.y[e]! + vy * dt;
    if (x < SHIP_RADIUS || x > ARENA_WIDTH - SHIP_RADIUS) {
      x = Math.min(Math.max(x, SHIP_RADIUS), ARENA_WIDTH - SHIP_RADIUS);
      vx = -vx * BOUNCE;
    }
    if (y < SHIP_RADIUS || y > ARENA_HEIGHT - SHIP_RADIUS) {
      y = Math.min(Math.max(y, SHIP_RADIUS), ARENA_HEIGHT - SHIP_RADIUS);
      vy = -vy * BOUNCE;
    }
    // A coasting ship's speed decays forever: snap the tail to zero so it stops costing bits.
    if (push === 0 && vx * vx + vy * vy < 1) vx = vy = 0;
    s.vel.x[e] = vx;
    s.vel.y[e] = vy;
    s.pos.x[e] = x;
    s.pos.y[e] = y;
  }
}

/** Maps an angle into [-π, π). */
export function wrapAngle(angle: number): number {
  const TAU = Math.PI * 2;
  const a = angle % TAU; // (-2π, 2π)
  // Both corrections are exact (Sterbenz: the operands are within a factor of two), so the
  // result never rounds past -π the way angle - 2π·floor((angle + π) / 2π) can.
  if (a >= Math.PI) return a - TAU;
  if (a < -Math.PI) return a + TAU;
  return a;
}
