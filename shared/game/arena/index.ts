// The demo arena game.

export { arenaGame, listShips, type ShipValues, shipOf, spawnPoint } from "./arena-game.js";
export {
  ARENA_BUTTON,
  ARENA_INPUT_CODEC,
  type ArenaInput,
  IDLE_ARENA_INPUT,
} from "./arena-input.js";
export {
  ARENA_VIEW_RADIUS,
  ArenaInterest,
  arenaInterestOf,
  arenaSpatialInterest,
  clampViewRadius,
} from "./arena-interest.js";
export { ARENA_EMOTES, ARENA_RPCS, arenaRpc } from "./arena-rpc.js";
export {
  ARENA_HEIGHT,
  ARENA_SCHEMA,
  ARENA_TICK_RATE,
  ARENA_WIDTH,
  SHIP_RADIUS,
  Ship,
} from "./arena-state.js";
export { collectShips, MAX_SPEED, stepArena, THRUST, TURN_RATE, wrapAngle } from "./arena-step.js";
