// The demo game: a top-down arena where each player steers a ship. Spawn points are a
// function of the player id, so the game needs no randomness.

import type { GameDefinition, World } from "@edgetick/game";
import { arenaBot } from "./arena-bot.js";
import { arenaFairPlay } from "./arena-fair-play.js";
import { ARENA_INPUT_CODEC, type ArenaInput, IDLE_ARENA_INPUT } from "./arena-input.js";
import { arenaInterestOf, arenaSpatialInterest } from "./arena-interest.js";
import { arenaRpc } from "./arena-rpc.js";
import { ARENA_HEIGHT, ARENA_SCHEMA, ARENA_TICK_RATE, ARENA_WIDTH, Ship } from "./arena-state.js";
import { collectShips, shipOf, stepArena } from "./arena-step.js";
import { arenaVoice } from "./arena-voice.js";
import { arenaHitboxes } from "./arena-weapon.js";

// shipOf lives beside collectShips (the weapon needs it too); re-exported where it always was.
export { shipOf };

// Golden-angle spiral around the centre: spawns spread out and never depend on a clock.
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Where player `playerId` spawns, facing the centre. */
export function spawnPoint(playerId: number): { x: number; y: number; heading: number } {
  const a = playerId * GOLDEN_ANGLE;
  const r = 120 + ((playerId * 53) % 280);
  const x = ARENA_WIDTH / 2 + Math.cos(a) * r;
  const y = ARENA_HEIGHT / 2 + Math.sin(a) * r;
  return { x, y, heading: Math.atan2(ARENA_HEIGHT / 2 - y, ARENA_WIDTH / 2 - x) };
}

/** The arena game definition, shared by the GameRoom and the demo client. */
export const arenaGame: GameDefinition<ArenaInput> = {
  name: "arena",
  input: ARENA_INPUT_CODEC,
  idleInput: IDLE_ARENA_INPUT,
  schema: ARENA_SCHEMA,
  world: { capacity: ARENA_SCHEMA.maxEntities },
  // A fast arena: a dropped ship waits 10 s for its player before it is removed.
  roomOptions: { tickRate: ARENA_TICK_RATE, maxPlayers: 32, reconnectGraceMs: 10_000 },
  addPlayer(world, playerId) {
    const at = spawnPoint(playerId);
    const e = world.spawn();
    world.add(e, Ship, {
      owner: playerId,
      pos: { x: at.x, y: at.y },
      vel: { x: 0, y: 0 },
      heading: at.heading,
    });
    arenaInterestOf(world)?.shipAdded(e, playerId);
  },
  removePlayer(world, playerId) {
    const e = shipOf(world, playerId);
    arenaInterestOf(world)?.shipRemoved(playerId);
    if (e >= 0) world.despawn(e);
  },
  // An away player's ship waits, idle and hidden from the others, until it resumes.
  onDisconnect(world, playerId) {
    arenaInterestOf(world)?.setAway(playerId, true);
  },
  onReconnect(world, playerId) {
    arenaInterestOf(world)?.setAway(playerId, false);
  },
  // Ships within the view radius of the own ship (arena-interest.ts); zoom by setViewRadius.
  spatialInterest: arenaSpatialInterest,
  step: stepArena,
  // Emotes, map markers, zoom and the weapon (arena-rpc.ts).
  rpc: arenaRpc,
  // The weapon's shots are judged where the shooter saw the ships (arena-weapon.ts).
  lagCompensation: {
    hitboxes: arenaHitboxes,
    // As the netcode's teleport threshold: a ship covers at most 14 units a tick, so a bigger
    // step is a respawn, never blended.
    maxStep: 100,
  },
  // Cheat detection: the ships' top speed and the weapon's rate (arena-fair-play.ts).
  fairPlay: arenaFairPlay,
  // Proximity voice around the own ship, team and global channels (arena-voice.ts).
  voice: arenaVoice,
  // Load-testing bots fly a random walk (arena-bot.ts).
  bot: arenaBot,
  // Positions, velocities and headings stay on the wire's grid: clients predict exactly.
  quantizeState: true,
  netcode: {
    // Each player predicts its own ship; the others are interpolated.
    predicted: (world, playerId, e) =>
      world.has(e, Ship) && world.store(Ship).owner[e] === playerId,
    components: [
      {
        component: Ship,
        // A correction fades over 150 ms; one beyond 120 units (a ship's length × 4) snaps.
        correctionMs: 150,
        snapThreshold: 120,
        // Ships move at most 420 u/s = 14 units a tick: a bigger jump is a respawn.
        fields: { pos: { teleportThreshold: 100 }, vel: { teleportThreshold: 2000 } },
      },
    ],
  },
};

/** A ship's replicated values as a plain object. */
export interface ShipValues {
  readonly owner: number;
  readonly x: number;
  readonly y: number;
  readonly vx: number;
  readonly vy: number;
  readonly heading: number;
}

/**
 * Every ship of `world` as plain objects, by owner. It allocates: for tests, tools and
 * debugging, not for a render loop (read `world.store(Ship)` there).
 */
export function listShips(world: World): ShipValues[] {
  const s = world.store(Ship);
  const ships = collectShips(world);
  const out: ShipValues[] = [];
  for (let i = 0; i < ships.count; i++) {
    const e = ships.entities[i]!;
    out.push({
      owner: s.owner[e]!,
      x: s.pos.x[e]!,
      y: s.pos.y[e]!,
      vx: s.vel.x[e]!,
      vy: s.vel.y[e]!,
      heading: s.heading[e]!,
    });
  }
  return out.sort((a, b) => a.owner - b.owner);
}
