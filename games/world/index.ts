// The world: the zoned example game module (avatars walking a 4×4 grid of zones), used by
// bench:zones and the demo's world mode. It imports only the game contract.

export { worldBot } from "./world-bot.js";
export { listAvatars, spawnPoint, WORLD_ZONE_SEATS, worldGame } from "./world-game.js";
export {
  IDLE_WORLD_INPUT,
  WALK,
  WORLD_INPUT_CODEC,
  type WorldInput,
  walkVelocity,
} from "./world-input.js";
export { world } from "./world-module.js";
export {
  Avatar,
  WALK_SPEED,
  Walker,
  WORLD_SCHEMA,
  WORLD_SIZE,
  WORLD_TICK_RATE,
  WORLD_ZONE_SIZE,
  WORLD_ZONES_PER_SIDE,
} from "./world-state.js";
export { avatarOf, collectAvatars, stepWorld, taggedAvatar, walkerTag } from "./world-step.js";
