// The game a request names, looked up in the deployment's registry: an unknown name is a
// 400 with the names that exist, never a crash further in.

import type { GameRegistry, RegisteredGame } from "../server/games/game-registry.js";
import { ApiError } from "./api-error.js";

/** The game called `name` (the deployment's first when omitted); 400 unknown_game if none. */
export function registeredGame(games: GameRegistry, name: string | undefined): RegisteredGame {
  if (name === undefined) return games.default;
  const game = games.get(name);
  if (game) return game;
  const known = games.list().map((g) => g.name);
  throw new ApiError(
    400,
    "unknown_game",
    `no game "${name}"; this deployment serves ${known.join(", ")}`,
  );
}
