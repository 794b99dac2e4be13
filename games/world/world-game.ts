// The world game: an open plain where each player walks an avatar, declared as a 4×4 grid of
// zones (shared/zones). Every zone runs this definition for its area; the zone core moves
// avatars between zones and shows each zone its neighbours' border avatars as ghosts.

import type { Entity, World, ZoneDeclaration, ZonedGame } from "@edgetick/game";
import { worldBot } from "./world-bot.js";
import { IDLE_WORLD_INPUT, WORLD_INPUT_CODEC, type WorldInput } from "./world-input.js";
import {
  Avatar,
  Walker,
  WORLD_SCHEMA,
  WORLD_SIZE,
  WORLD_TICK_RATE,
  WORLD_ZONE_SIZE,
  WORLD_ZONES_PER_SIDE,
} from "./world-state.js";
import { avatarOf, collectAvatars, stepWorld, walkerTag } from "./world-step.js";

/** Where a walker tagged `tag` spawns: spread over the whole world, 8 units off its edge. */
export function spawnPoint(tag: number): { x: number; y: number } {
  const span = WORLD_SIZE - 16;
  return { x: 8 + (tag % span), y: 8 + (Math.floor(tag / span) % span) };
}

/** Zone seats: the per-zone player cap (a full zone refuses a join: 409 zone_full). */
export const WORLD_ZONE_SEATS = 64;

/** The world's zones: 4×4 of WORLD_ZONE_SIZE units. */
const worldZones: ZoneDeclaration = {
  grid: {
    originX: 0,
    originY: 0,
    zoneWidth: WORLD_ZONE_SIZE,
    zoneHeight: WORLD_ZONE_SIZE,
    columns: WORLD_ZONES_PER_SIDE,
    rows: WORLD_ZONES_PER_SIDE,
  },
  // A walker crosses the 48-unit band in ~0.3 s: time for its client to connect ahead.
  border: 48,
  // 16 units past the edge (two ticks of walking) before authority moves.
  handoffMargin: 16,
  position(world: World, e: Entity, out: Float64Array): boolean {
    if (!world.has(e, Avatar)) return false;
    const s = world.store(Avatar);
    out[0] = s.pos.x[e]!;
    out[1] = s.pos.y[e]!;
    return true;
  },
  avatarOf,
  // An arriving avatar was this zone's ghost of it: it becomes the player's here.
  adoptAvatar(world: World, e: Entity, playerId: number): void {
    world.store(Avatar).owner[e] = playerId;
    if (!world.has(e, Walker)) world.add(e, Walker);
    world.get(e, Walker).playerId = playerId;
  },
  // A ghost's owner is its own zone's id for its player, which a player here can hold: it
  // would predict the ghost as its avatar. No player holds 0.
  ghosted(world: World, e: Entity): void {
    world.store(Avatar).owner[e] = 0;
  },
};

/** The world game definition with its zones, shared by the zones and the demo client. */
export const worldGame: ZonedGame<WorldInput> = {
  name: "world",
  input: WORLD_INPUT_CODEC,
  idleInput: IDLE_WORLD_INPUT,
  schema: WORLD_SCHEMA,
  world: { capacity: WORLD_SCHEMA.maxEntities },
  roomOptions: {
    tickRate: WORLD_TICK_RATE,
    maxPlayers: WORLD_ZONE_SEATS,
    reconnectGraceMs: 10_000,
  },
  // A fresh avatar appears where its name says (spawnPoint): the world route runs this on a
  // scratch world to send the player to the zone holding that point.
  addPlayer(world, playerId, name) {
    const e = world.spawn();
    const tag = walkerTag(name);
    const pos = spawnPoint(tag);
    world.add(e, Avatar, { owner: playerId, tag, pos, vel: { x: 0, y: 0 } });
    world.add(e, Walker);
    world.get(e, Walker).playerId = playerId;
  },
  removePlayer(world, playerId) {
    const e = avatarOf(world, playerId);
    if (e >= 0) world.despawn(e);
  },
  // A restored zone finds its players' avatars again by Walker.
  localComponents: [Walker],
  step: stepWorld,
  bot: worldBot,
  // Positions and velocities stay on the wire's grid: clients predict exactly.
  quantizeState: true,
  netcode: {
    // A ghost's owner is 0 (zones.ghosted): a player predicts only its own avatar here.
    predicted: (world, playerId, e) =>
      world.has(e, Avatar) && world.store(Avatar).owner[e] === playerId,
    components: [
      {
        component: Avatar,
        correctionMs: 120,
        snapThreshold: 80,
        // Walkers move 7.5 units a tick: a bigger jump is a teleport, never blended.
        fields: { pos: { teleportThreshold: 60 } },
      },
    ],
  },
  zones: worldZones,
};

/** Every avatar of `world` as { owner, x, y }, by owner: for tests and tools (it allocates). */
export function listAvatars(world: World): { owner: number; x: number; y: number }[] {
  const s = world.store(Avatar);
  const q = collectAvatars(world);
  const out: { owner: number; x: number; y: number }[] = [];
  for (let i = 0; i < q.count; i++) {
    const e = q.entities[i]!;
    out.push({ owner: s.owner[e]!, x: s.pos.x[e]!, y: s.pos.y[e]! });
  }
  return out.sort((a, b) => a.owner - b.owner);
}
