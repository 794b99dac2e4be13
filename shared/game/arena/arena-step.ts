// Arena rules: rotate, thrust, drag, bounce off the walls. Pure and deterministic: the same
// state and inputs give the same result on the server and in a client's predictor.

import type { ArenaInput } from "./arena-input.js";
import { ARENA_BUTTON } from "./arena-input.js";
import {
  ARENA_HEIGHT,
  ARENA_WIDTH,
  type ArenaState,
  SHIP_RADIUS,
  type Ship,
} from "./arena-state.js";

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

/** Advances every ship one fixed step of `dt` seconds. */
export function stepArena(
  state: ArenaState,
  inputs: ReadonlyMap<number, ArenaInput>,
  dt: number,
): void {
  const drag = DRAG_PER_SECOND ** dt;
  for (const ship of state.ships) {
    const buttons = inputs.get(ship.playerId)?.buttons ?? 0;
    stepShip(ship, buttons, dt, drag);
  }
}

function stepShip(ship: Ship, buttons: number, dt: number, drag: number): void {
  const turn = (buttons & ARENA_BUTTON.RIGHT ? 1 : 0) - (buttons & ARENA_BUTTON.LEFT ? 1 : 0);
  ship.angle = wrapAngle(ship.angle + turn * TURN_RATE * dt);
  const push = (buttons & ARENA_BUTTON.THRUST ? 1 : 0) - (buttons & ARENA_BUTTON.REVERSE ? 0.5 : 0);
  ship.vx = (ship.vx + Math.cos(ship.angle) * push * THRUST * dt) * drag;
  ship.vy = (ship.vy + Math.sin(ship.angle) * push * THRUST * dt) * drag;
  const speed = Math.hypot(ship.vx, ship.vy);
  if (speed > MAX_SPEED) {
    ship.vx *= MAX_SPEED / speed;
    ship.vy *= MAX_SPEED / speed;
  }
  ship.x += ship.vx * dt;
  ship.y += ship.vy * dt;
  if (ship.x < SHIP_RADIUS || ship.x > ARENA_WIDTH - SHIP_RADIUS) {
    ship.x = Math.min(Math.max(ship.x, SHIP_RADIUS), ARENA_WIDTH - SHIP_RADIUS);
    ship.vx = -ship.vx * BOUNCE;
  }
  if (ship.y < SHIP_RADIUS || ship.y > ARENA_HEIGHT - SHIP_RADIUS) {
    ship.y = Math.min(Math.max(ship.y, SHIP_RADIUS), ARENA_HEIGHT - SHIP_RADIUS);
    ship.vy = -ship.vy * BOUNCE;
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
