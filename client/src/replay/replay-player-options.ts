// Options of createReplayPlayer(): the game, the manifest and how to fetch chunks; all else
// optional. Resolved once, refusing a replay this build cannot play before anything loads.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import type { AvatarOf } from "../spectate/follow-target.js";
import type { ChunkLoader } from "./replay-chunks.js";
import { checkReplayManifest } from "./replay-manifest-check.js";

/** What a replay player plays, and how it fetches it. */
export interface ReplayPlayerOptions<Input> {
  /** The game the replay is of: its name and schema fingerprint must be the manifest's. */
  game: GameDefinition<Input>;
  /**
   * The replay's manifest (`http.getReplay(id)`, or any parsed JSON: it is validated).
   * A manifest of another game, another schema or an unknown format is refused.
   */
  manifest: ReplayManifest | unknown;
  /**
   * Fetches chunk `index`'s bytes, e.g. `(n) => http.getReplayChunk(id, n)`. Called once
   * per chunk while it stays cached; again after a failure.
   */
  loadChunk: ChunkLoader;
  /**
   * Finds a player's entity for `follow(playerId)`.
   * @default the first entity the game's `netcode.predicted` marks as the player's
   */
  avatarOf?: AvatarOf;
  /**
   * Decoded chunks kept in memory (the one playing, the next, and recent ones to seek back
   * into), at least 2.
   * @default 4
   */
  cacheChunks?: number;
}

/** ReplayPlayerOptions resolved: the manifest validated and typed. */
export interface ResolvedReplayPlayerOptions<Input> {
  readonly game: GameDefinition<Input>;
  readonly manifest: ReplayManifest;
  readonly loadChunk: ChunkLoader;
  readonly avatarOf: AvatarOf | undefined;
  readonly cacheChunks: number;
}

/** Defaults of the optional ReplayPlayerOptions fields. */
export const DEFAULT_REPLAY_PLAYER_OPTIONS = { cacheChunks: 4 } as const;

/**
 * Fills defaults and validates, throwing an error that names the field, or a ReplayError
 * for a manifest this build cannot play (see checkReplayManifest).
 */
export function resolveReplayPlayerOptions<Input>(
  options: ReplayPlayerOptions<Input>,
): ResolvedReplayPlayerOptions<Input> {
  const { game, loadChunk, avatarOf } = options;
  if (!game?.schema) throw new TypeError("replay.game must be a GameDefinition");
  if (typeof loadChunk !== "function")
    throw new TypeError("replay.loadChunk must be a function (index) => Promise<Uint8Array>");
  if (avatarOf !== undefined && typeof avatarOf !== "function")
    throw new TypeError("replay.avatarOf must be a function (world, playerId) => entity");
  const cacheChunks = options.cacheChunks ?? DEFAULT_REPLAY_PLAYER_OPTIONS.cacheChunks;
  if (!Number.isInteger(cacheChunks) || cacheChunks < 2)
    throw new RangeError(`replay.cacheChunks must be an integer ≥ 2, got ${cacheChunks}`);
  const manifest = checkReplayManifest(game as GameDefinition<unknown>, options.manifest);
  return { game, manifest, loadChunk, avatarOf, cacheChunks };
}
