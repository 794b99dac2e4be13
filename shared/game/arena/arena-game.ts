// The demo game: a top-down arena where each player steers a ship. Spawn points are a
// function of the player id, so the game needs no randomness.

import type { GameDefinition } from "../game-definition.js";
import { ARENA_INPUT_CODEC, type ArenaInput, IDLE_ARENA_INPUT } from "./arena-input.js";
import { ARENA_HEIGHT, ARENA_STATE_CODEC, ARENA_WIDTH, type ArenaState } from "./arena-state.js";
import { stepArena } from "./arena-step.js";

// Golden-angle spiral around the centre: spawns spread out and never depend on a clock.
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Where player `playerId` spawns, facing the centre. */
export function spawnPoint(playerId: number): { x: number; y: number; angle: number } {
  const a = playerId * GOLDEN_ANGLE;
  const r = 120 + ((playerId * 53) % 280);
  const x = ARENA_WIDTH / 2 + Math.cos(a) * r;
  const y = ARENA_HEIGHT / 2 + Math.sin(a) * r;
  return { x, y, angle: Math.atan2(ARENA_HEIGHT / 2 - y, ARENA_WIDTH / 2 - x) };
}

/** The arena game definition, shared by the GameRoom and the demo client. */
export const arenaGame: GameDefinition<ArenaState, ArenaInput> = {
  name: "arena",
  input: ARENA_INPUT_CODEC,
  state: ARENA_STATE_CODEC,
  idleInput: IDLE_ARENA_INPUT,
  roomOptions: { tickRate: 30, maxPlayers: 32 },
  create: () => ({ ships: [] }),
  addPlayer(state, playerId) {
    const at = spawnPoint(playerId);
    state.ships.push({ playerId, x: at.x, y: at.y, angle: at.angle, vx: 0, vy: 0 });
    state.ships.sort((a, b) => a.playerId - b.playerId);
  },
  removePlayer(state, playerId) {
    state.ships = state.ships.filter((s) => s.playerId !== playerId);
  },
  step: stepArena,
};
