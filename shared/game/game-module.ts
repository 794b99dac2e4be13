// A game module: everything a deployment needs to serve one game, in one value. The
// definition (state, inputs, step, RPCs, interest, room options) runs on both ends; the
// rest — player documents, modes, access — is read by the server only. A studio's Worker is
// `createEdgetick({ games: [moduleA, moduleB] })`; the client connects with `module.game`.

import type { MatchModeOptions } from "../matchmaking/mode-options.js";
import type { GameDefinition } from "./game-definition.js";
import type { PlayerDocuments } from "./player-documents.js";

/**
 * Who may join a room of this game that a player opened by id (`GET /v1/rooms/:id/ws`):
 * `"public"`, anyone signed in (the room is created on first use and listed in session
 * search); `"ticket"`, only holders of a join ticket for that room, so the game's rooms come
 * from the matchmaker, a lobby or join-or-create (`POST /v1/sessions/join-or-create`), and
 * a socket request never makes one (404 room_not_found). Rooms the matchmaker or a lobby made are
 * always ticket-only, whatever the game says.
 */
export type RoomAccess = "public" | "ticket";

/**
 * One matchmaking mode of a game: the matchmaker's settings (team shape, skill window,
 * latency, timeout, backfill). A room made for the mode seats `teamSize × teamCount`.
 */
export type GameMode = MatchModeOptions;

/** Everything a deployment serves of one game. */
export interface GameModule<Input = unknown> {
  /** The game itself, shared with the client (its `name` names the module). */
  readonly game: GameDefinition<Input>;
  /**
   * Matchmaking modes by name (1–32 of a-z, 0-9, -).
   * @default { duel: { teamSize: 1, teamCount: 2 } }
   */
  readonly modes?: Readonly<Record<string, GameMode>>;
  /**
   * Who may join a room opened by id.
   * @default "public"
   */
  readonly access?: RoomAccess;
  /** Persistent per-account documents and the hooks rooms run around them. */
  readonly playerData?: PlayerDocuments;
}

/**
 * Declares a game module; the identity function, there for type inference and as the one
 * place a module is read from.
 * @example
 * export default defineGameModule({ game: pongGame, modes: { duel: { teamSize: 1, teamCount: 2 } } });
 */
export function defineGameModule<Input>(module: GameModule<Input>): GameModule<Input> {
  return module;
}
