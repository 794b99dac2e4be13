// The world as a deployment serves it: a zoned game (its rooms are zones, made by the world
// route, never opened by id) with no matchmaking modes of its own.

import { defineGameModule } from "@edgetick/game";
import { WORLD_PLAYER_DATA } from "./world-data.js";
import { worldGame } from "./world-game.js";
import type { WorldInput } from "./world-input.js";

/** The world module: `createEdgetick({ games: [world] })`. */
export const world = defineGameModule<WorldInput>({
  game: worldGame,
  // Zones are reached through /v1/worlds/{worldId}/join, which issues the zone's ticket.
  access: "ticket",
  // The explorer document moves from zone to zone with the player (world-data.ts).
  playerData: WORLD_PLAYER_DATA,
});
