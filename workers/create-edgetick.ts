// createEdgetick: a whole edgetick deployment from a list of game modules — the Worker's
// fetch handler and the Durable Object classes wrangler binds. It is the entry of the
// `@edgetick/server` package; a studio's Worker is this call and its class exports:
//
//   const edgetick = createEdgetick({ games: [myGame] });
//   export const { GameRoom, Lobby, Matchmaker, RegionPing, PeerSession } = edgetick;
//   export default edgetick.worker;
//
// (plus WorldState when its games declare zones and wrangler.toml binds WORLD_STATE).

import { type GameRoomClass, gameRoomClass } from "../durable-objects/game-room/game-room.js";
import { type LobbyClass, lobbyClass } from "../durable-objects/lobby/lobby.js";
import { type MatchmakerClass, matchmakerClass } from "../durable-objects/matchmaker/matchmaker.js";
import { PeerSession } from "../durable-objects/peer-session/peer-session.js";
import { RegionPing } from "../durable-objects/region-ping/region-ping.js";
import { WorldState } from "../durable-objects/world-state/world-state.js";
import { type AnyGameModule, GameRegistry } from "../server/games/game-registry.js";
import { createApp } from "./app.js";
import type { Env } from "./env.js";
import { runScheduled } from "./scheduled.js";

// What a studio's Worker, its typed bindings and its tests name besides createEdgetick.
export type { GameRoom, GameRoomClass } from "../durable-objects/game-room/game-room.js";
export type { Lobby, LobbyClass } from "../durable-objects/lobby/lobby.js";
export type { Matchmaker, MatchmakerClass } from "../durable-objects/matchmaker/matchmaker.js";
export type { AnyGameModule, GameRegistry, RegisteredGame } from "../server/games/game-registry.js";
export type { Env } from "./env.js";
export type { PeerSession, RegionPing, WorldState };

/** What a deployment serves. */
export interface EdgetickOptions {
  /**
   * The game modules, at least one; the first is the default (a room opened by id without
   * `?game=` runs it, as do lobbies that name none).
   */
  readonly games: readonly AnyGameModule[];
}

/** A deployment: the Worker handler and the Durable Object classes to export. */
export interface Edgetick {
  /**
   * The Worker's default export: `export default edgetick.worker`. Its `scheduled` handler
   * runs on wrangler.toml's cron triggers: replay retention (REPLAY_RETENTION_DAYS).
   */
  readonly worker: ExportedHandler<Env>;
  /** Bound as GAME_ROOM in wrangler.toml: one object per room. */
  readonly GameRoom: GameRoomClass;
  /** Bound as LOBBY: one object per lobby. */
  readonly Lobby: LobbyClass;
  /** Bound as MATCHMAKER: one object per queue (a mode of a game). */
  readonly Matchmaker: MatchmakerClass;
  /** Bound as REGION_PING: one tiny object per region for latency pings. */
  readonly RegionPing: typeof RegionPing;
  /** Bound as PEER_SESSION: one object per listen-server or P2P session (signaling, relay). */
  readonly PeerSession: typeof PeerSession;
  /**
   * Bound as WORLD_STATE: one object per zoned world (docs/zones.md). Optional to bind: only
   * games that declare zones need it.
   */
  readonly WorldState: typeof WorldState;
  /** The registered games (validated): for a studio's own routes and tests. */
  readonly games: GameRegistry;
}

/**
 * Builds a deployment serving `options.games`. Validates every module now: a duplicate name,
 * a bad mode or a player-data key outside the game's prefix throws, naming the field.
 * @example
 * const edgetick = createEdgetick({ games: [arena, connectFour] });
 * export const { GameRoom, Lobby, Matchmaker, RegionPing, PeerSession } = edgetick;
 * export default edgetick.worker;
 */
export function createEdgetick(options: EdgetickOptions): Edgetick {
  const games = new GameRegistry(options.games);
  const app = createApp(games);
  return {
    worker: {
      fetch: (request, env, ctx) => app.fetch(request, env, ctx),
      scheduled: (controller, env) => runScheduled(env, controller.scheduledTime),
    },
    GameRoom: gameRoomClass(games),
    Lobby: lobbyClass(games),
    Matchmaker: matchmakerClass(games),
    RegionPing,
    PeerSession,
    WorldState,
    games,
  };
}
