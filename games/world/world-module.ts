// The world as a deployment serves it: a zoned game (its rooms are zones, made by the world
// route, never opened by id) with no matchmaking modes of its own.

import { defineGameModule } from "@edgetick/game";
import { worldGame } from "./world-game.js";
import type { WorldInput } from "./world-input.js";

/** The world module: `createEdgetick({ games: [world] })`. */
export const world = defineGameModule<WorldInput>({
  game: worldGame,
  // Zones are reached through /v1/worlds/{worldId}/join, which issues the zone's ticket.
  access: "ticket",
});
