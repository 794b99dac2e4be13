// Connect Four as a deployment serves it: one-against-one matchmaking, rooms only by ticket
// (a board is for the two players the matchmaker or a lobby paired), and a per-account record.
//
// The record counts games, not wins: player-data hooks see a player's documents and the room's
// tick, never its world, and the game's rules see the world, never the documents — so a round
// result cannot reach onLeave. Until the contract links the two (a world in DataHookContext,
// or a data handle in the game's hooks), the record keeps what the hooks can know: how many
// Connect Four rooms the account has played in, counted when it leaves one.

import {
  defineGameModule,
  type PlayerData,
  type PlayerDocuments,
  type RoomDataHooks,
} from "@edgetick/game";
import { type ConnectFourInput, connectFourGame } from "./connect-four-game.js";

/** The key of the per-account record document. */
export const RECORD_KEY = "connect-four.record";

/** The record document, schema version 1. */
export interface ConnectFourRecord {
  /** Connect Four rooms played in (counted on leaving each). */
  readonly games: number;
}

/**
 * The stored record, or a fresh one when it is absent or not a record: stored documents are
 * read as unknown, never cast.
 */
export function recordOf(data: PlayerData): ConnectFourRecord {
  const value = data.get(RECORD_KEY);
  if (typeof value === "object" && value !== null && "games" in value) {
    const games = value.games;
    if (typeof games === "number" && Number.isSafeInteger(games) && games >= 0) return { games };
  }
  return { games: 0 };
}

/** The hooks one room runs: a record on first load, one more game on each leave. */
export function connectFourDataHooks(): RoomDataHooks {
  return {
    keys: [RECORD_KEY],
    onLoad(data) {
      // Written once, so the account's record exists (and reads well) from its first game.
      if (data.get(RECORD_KEY) === undefined) data.set(RECORD_KEY, recordOf(data));
    },
    onLeave(data) {
      data.set(RECORD_KEY, { games: recordOf(data).games + 1 } satisfies ConnectFourRecord);
    },
  };
}

/** Connect Four's player documents: the record's schema history and the room hooks. */
export const CONNECT_FOUR_PLAYER_DATA: PlayerDocuments = {
  schemas: { [RECORD_KEY]: { version: 1 } },
  hooks: connectFourDataHooks,
};

/** The Connect Four module: `createEdgetick({ games: [connectFour] })`. */
export const connectFour = defineGameModule<ConnectFourInput>({
  game: connectFourGame,
  modes: {
    /** One against one. */
    duel: { teamSize: 1, teamCount: 2 },
  },
  access: "ticket",
  playerData: CONNECT_FOUR_PLAYER_DATA,
});
