// The arena's weapon: a hitscan shot from the shooter's ship along an aim angle, judged
// against the world as the shooter's screen drew it (lag compensation: the game declares
// every ship as a hitbox, the room rewinds them to the shooter's view tick). A hit knocks the
// target's ship along the shot. The `fire` and `shot` RPCs (arena-rpc.ts) carry it.

import type { RpcContext, RpcDeclarations, World } from "@edgetick/game";
import { ARENA_HEIGHT, ARENA_WIDTH, SHIP_RADIUS, Ship } from "./arena-state.js";
import { collectShips, MAX_SPEED, shipOf } from "./arena-step.js";

/** The weapon's figures. */
export const ARENA_WEAPON = {
  /** How far a shot reaches, arena units (a wall stops it sooner). */
  range: 700,
  /**
   * Shots a second the weapon fires: the demo waits 1/perSecond between shots, and the room's
   * fair-play rules declare it as the `fire` action's rate (arena-fair-play.ts), so a client
   * firing faster has its extra shots refused and is struck for it.
   */
  perSecond: 4,
  /** Velocity a hit adds to the target's ship along the shot, units/s (MAX_SPEED still caps it). */
  knockback: 300,
} as const;

/** A shot's `target` when it hit no ship: the room seats players from id 1, never 0. */
export const SHOT_MISSED = 0;

/** Where a shot went, arena units; `target` is the hit ship's player, or SHOT_MISSED. */
export interface Shot {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly target: number;
}

/**
 * The rewind a `fire` handler gets (the room's PlayerRewind, which the game contract exposes
 * only through RpcContext).
 */
export type ShotRewind = NonNullable<RpcContext<RpcDeclarations>["rewind"]>;

/** The arena's hitboxes for lag compensation: every ship, a circle of SHIP_RADIUS. */
export function arenaHitboxes(
  world: World,
  put: (entity: number, x: number, y: number, radius: number) => void,
): void {
  const { x, y } = world.store(Ship).pos;
  const ships = collectShips(world);
  for (let i = 0; i < ships.count; i++) {
    const e = ships.entities[i]!;
    put(e, x[e]!, y[e]!, SHIP_RADIUS);
  }
}

/**
 * Fires `playerId`'s weapon along `angle` (radians, as Ship.heading) as the player saw the
 * world at `viewTick` (fractional; the room clamps it): the ray starts at the shooter's ship
 * where it is now, skips that ship, and stops at the nearest ship it enters, the range or a
 * wall. A hit ship is knocked back. Undefined when the player has no ship.
 */
export function fireShot(
  world: World,
  rewind: ShotRewind,
  playerId: number,
  viewTick: number,
  angle: number,
): Shot | undefined {
  const me = shipOf(world, playerId);
  if (me < 0) return undefined;
  const s = world.store(Ship);
  const x0 = s.pos.x[me]!;
  const y0 = s.pos.y[me]!;
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const reach = Math.min(ARENA_WEAPON.range, distanceToWall(x0, y0, ux, uy));
  const hit = rewind.raycast(viewTick, x0, y0, ux, uy, reach, me);
  const length = hit ? hit.distance : reach;
  const shot = { x0, y0, x1: x0 + ux * length, y1: y0 + uy * length };
  // A ship hit where the shooter saw it may have left the room since: the shot still stops there.
  if (!hit || !world.has(hit.entity, Ship)) return { ...shot, target: SHOT_MISSED };
  knockBack(world, hit.entity, ux, uy);
  return { ...shot, target: s.owner[hit.entity]! };
}

/** Adds the weapon's knockback to ship `e` along the unit vector (ux, uy), capped at MAX_SPEED. */
function knockBack(world: World, e: number, ux: number, uy: number): void {
  const vel = world.store(Ship).vel;
  let vx = vel.x[e]! + ux * ARENA_WEAPON.knockback;
  let vy = vel.y[e]! + uy * ARENA_WEAPON.knockback;
  const speed = Math.hypot(vx, vy);
  if (speed > MAX_SPEED) {
    vx *= MAX_SPEED / speed;
    vy *= MAX_SPEED / speed;
  }
  vel.x[e] = vx;
  vel.y[e] = vy;
}

/** How far a ray from (x, y), inside the arena, runs along the unit (ux, uy) before a wall. */
function distanceToWall(x: number, y: number, ux: number, uy: number): number {
  const tx = ux > 0 ? (ARENA_WIDTH - x) / ux : ux < 0 ? -x / ux : Number.POSITIVE_INFINITY;
  const ty = uy > 0 ? (ARENA_HEIGHT - y) / uy : uy < 0 ? -y / uy : Number.POSITIVE_INFINITY;
  return Math.min(tx, ty);
}
