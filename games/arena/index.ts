// The arena: the worked example game module (a top-down arena where each player steers a
// ship), used by the demo. It imports only the game contract.

export { arenaBot } from "./arena-bot.js";
export {
  ARENA_PLAYER_DATA,
  ARENA_STATS_KEY,
  type ArenaStats,
  arenaDataHooks,
} from "./arena-data.js";
export { arenaGame, listShips, type ShipValues, spawnPoint } from "./arena-game.js";
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
export { arena } from "./arena-module.js";
export {
  ARENA_EMOTES,
  ARENA_RPCS,
  aimToWire,
  arenaRpc,
  VIEW_TICK_STEPS,
  viewTickToWire,
} from "./arena-rpc.js";
export {
  ARENA_HEIGHT,
  ARENA_SCHEMA,
  ARENA_TICK_RATE,
  ARENA_WIDTH,
  SHIP_RADIUS,
  Ship,
} from "./arena-state.js";
export {
  collectShips,
  MAX_SPEED,
  shipOf,
  stepArena,
  THRUST,
  TURN_RATE,
  wrapAngle,
} from "./arena-step.js";
export { ARENA_VOICE_CHANNEL, ARENA_VOICE_RADIUS, arenaVoice } from "./arena-voice.js";
export {
  ARENA_WEAPON,
  arenaHitboxes,
  fireShot,
  SHOT_MISSED,
  type Shot,
  type ShotRewind,
} from "./arena-weapon.js";
