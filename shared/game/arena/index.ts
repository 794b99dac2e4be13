// The demo arena game.

export { arenaGame, spawnPoint } from "./arena-game.js";
export {
  ARENA_BUTTON,
  ARENA_INPUT_CODEC,
  type ArenaInput,
  IDLE_ARENA_INPUT,
} from "./arena-input.js";
export {
  ARENA_HEIGHT,
  ARENA_STATE_CODEC,
  ARENA_WIDTH,
  type ArenaState,
  SHIP_RADIUS,
  type Ship,
} from "./arena-state.js";
export { MAX_SPEED, stepArena, wrapAngle } from "./arena-step.js";
