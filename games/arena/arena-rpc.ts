// The arena's RPCs: a player sends an emote (rate-limited), every player in the room sees it
// above the sender's ship; a player pings a spot on the map (a marker, unreliable: the
// latest wins), every player sees it. Real traffic for the typed RPC path, end to end.
// setViewRadius zooms the caller's interest (arena-interest.ts). A player fires its weapon
// (arena-weapon.ts) with the tick its screen drew; every player sees the shot.

import { arg, defineRpcs, gameRpc } from "@edgetick/game";
import { clampViewRadius } from "./arena-interest.js";
import { ARENA_HEIGHT, ARENA_WIDTH } from "./arena-state.js";
import { ARENA_WEAPON, fireShot } from "./arena-weapon.js";

/**
 * Steps per tick of `fire`'s view tick: the client's render tick is fractional, and 1/16 of
 * a tick (2 ms at 30 Hz; 0.9 units of a ship at full speed) is finer than any hitbox needs.
 */
export const VIEW_TICK_STEPS = 16;
/** Steps per turn of `fire`'s aim: 2π/65536, a 0.07-unit miss at the weapon's full range. */
const AIM_STEPS = 65536;

/**
 * A render tick as `fire` sends it: sixteenths of a tick in a u32 (4 bytes, half an f64's 8).
 * A u32 holds 2²⁸ ticks, 103 days of a 30 Hz room; past that the value stays at the top, a
 * view the room finds older than its maximum rewind and judges at the cap.
 */
export function viewTickToWire(renderTick: number): number {
  return Math.min(Math.max(Math.round(renderTick * VIEW_TICK_STEPS), 0), 0xffff_ffff);
}

/** An angle in radians (any turn) as `fire`'s aim: a u16 of 2π/65536 steps. */
export function aimToWire(angle: number): number {
  const turns = angle / (2 * Math.PI);
  return Math.round((turns - Math.floor(turns)) * AIM_STEPS) % AIM_STEPS;
}

/** The emotes a player can send (keys 1–3 in the demo). */
export const ARENA_EMOTES = ["wave", "gg", "boom"] as const;

/** The arena's RPC declarations, shared by the room and the client. */
export const ARENA_RPCS = defineRpcs({
  emote: {
    direction: "client-to-server",
    args: { kind: arg.enumOf(ARENA_EMOTES) },
    // A chat emote is no input stream: two a second, three in a burst.
    rateLimit: { perSecond: 2, burst: 3 },
  },
  emoted: {
    direction: "server-to-client",
    args: { player: arg.u16, kind: arg.enumOf(ARENA_EMOTES) },
  },
  // A map ping ("look here"): only a player's latest marker matters, so both directions are
  // unreliable. A backed-up link holds the newest and drops the older ones.
  mark: {
    direction: "client-to-server",
    args: { x: arg.u16, y: arg.u16 },
    delivery: "unreliable",
    rateLimit: { perSecond: 5, burst: 5 },
  },
  marked: {
    direction: "server-to-client",
    args: { player: arg.u16, x: arg.u16, y: arg.u16 },
    delivery: "unreliable",
  },
  // Zoom: the caller's interest radius, arena units, clamped to ARENA_VIEW_RADIUS; answers
  // the radius in force. A key press, not a stream: four a second.
  setViewRadius: {
    direction: "client-to-server",
    args: { radius: arg.u16 },
    result: { radius: arg.u16 },
    rateLimit: { perSecond: 4, burst: 4 },
  },
  // The weapon: `viewTick` is the client's render tick in sixteenths (viewTickToWire), `aim` the
  // direction in 2π/65536 steps (aimToWire). The weapon's rate is judged by fair play (the
  // `fire` action, with tolerance for shots a stalled link bunches up); this limit only guards
  // the RPC path, at twice that rate, so it never refuses what the action would allow.
  fire: {
    direction: "client-to-server",
    args: { viewTick: arg.u32, aim: arg.u16 },
    rateLimit: { perSecond: ARENA_WEAPON.perSecond * 2, burst: ARENA_WEAPON.perSecond * 2 },
  },
  // Every shot fired, to everyone: from (x0, y0) to where it stopped (x1, y1), rounded to whole
  // units; `target` the hit ship's player, SHOT_MISSED (0) for none. 14 bytes a shot.
  shot: {
    direction: "server-to-client",
    args: {
      shooter: arg.u16,
      x0: arg.u16,
      y0: arg.u16,
      x1: arg.u16,
      y1: arg.u16,
      target: arg.u16,
    },
  },
});

/** The room's handlers: an emote goes to everyone in the room. */
export const arenaRpc = gameRpc(ARENA_RPCS, {
  emote: ({ playerId, emit }, { kind }) =>
    emit({ to: "all" }, "emoted", { player: playerId, kind }),
  // A marker off the map is pulled to its edge.
  mark: ({ playerId, emit }, { x, y }) =>
    emit({ to: "all" }, "marked", {
      player: playerId,
      x: Math.min(x, ARENA_WIDTH),
      y: Math.min(y, ARENA_HEIGHT),
    }),
  // Only the caller's own view: what others see never depends on it.
  setViewRadius: ({ playerId, interest }, { radius }) => {
    const inForce = clampViewRadius(radius);
    interest?.setRadius(playerId, inForce);
    return { radius: inForce };
  },
  // Judged where the shooter saw the ships (arenaGame declares them as hitboxes, so `rewind`
  // is there in every arena room); a hit knocks the target back, and everyone sees the shot.
  fire: ({ playerId, world, rewind, action, emit }, { viewTick, aim }) => {
    if (!rewind) throw new Error("fire needs the room's rewind (arenaGame.lagCompensation)");
    // Faster than the weapon fires: the shot is refused (and counted against the player).
    if (!action("fire")) return;
    const angle = (aim / AIM_STEPS) * 2 * Math.PI;
    const shot = fireShot(world, rewind, playerId, viewTick / VIEW_TICK_STEPS, angle);
    if (!shot) return;
    // The ray never leaves the arena (a wall stops it), so every coordinate fits a u16.
    emit({ to: "all" }, "shot", {
      shooter: playerId,
      x0: Math.round(shot.x0),
      y0: Math.round(shot.y0),
      x1: Math.round(shot.x1),
      y1: Math.round(shot.y1),
      target: shot.target,
    });
  },
});
