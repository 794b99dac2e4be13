// The arena as a deployment serves it: the game, its matchmaking modes, who may open its
// rooms (anyone signed in: `?room=NAME` in the demo is a public room), its stats, and its
// replays: a deployed arena records every match (the demo's replay viewer plays them), while
// `arenaGame` itself, which tests and benches run in their own hosts, records only when asked.

import { defineGameModule } from "@edgetick/game";
import { ARENA_PLAYER_DATA } from "./arena-data.js";
import { arenaGame } from "./arena-game.js";
import type { ArenaInput } from "./arena-input.js";

/** The arena module: `createEdgetick({ games: [arena] })`. */
export const arena = defineGameModule<ArenaInput>({
  // bench:spectators measured 398 kB a minute for 32 ships; the room stores chunks off the tick.
  game: { ...arenaGame, roomOptions: { ...arenaGame.roomOptions, record: true } },
  modes: {
    /** One against one. */
    duel: { teamSize: 1, teamCount: 2 },
    /** Four players, each for themselves. */
    ffa: { teamSize: 1, teamCount: 4 },
    /** Two teams of two; parties of two stay together. */
    squads: { teamSize: 2, teamCount: 2 },
  },
  access: "public",
  playerData: ARENA_PLAYER_DATA,
});
