// A replay from the HTTP API in one call: its manifest (GET /v1/replays/:id), a player that
// fetches its chunks from the same API, and the first state loaded.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { HttpClient } from "../http/http-client.js";
import { createReplayPlayer, type ReplayPlayer } from "./replay-player.js";
import type { ReplayPlayerOptions } from "./replay-player-options.js";

/**
 * Opens replay `replayId` of `game` through `http`, resolved once its first state is
 * loaded (paused at 0).
 * @throws HttpError when the manifest cannot be fetched (404 `replay_not_found`: no such
 *   replay, or not one the caller may watch); ReplayError when this build cannot play it or
 *   its first chunk does not load.
 * @example
 * const replay = await openReplay(http, "rp_019a4b2c3d4e7f3a9c1e5b7d", arenaGame);
 * replay.play();
 */
export async function openReplay<Input>(
  http: HttpClient,
  replayId: string,
  game: GameDefinition<Input>,
  options: Pick<ReplayPlayerOptions<Input>, "avatarOf" | "cacheChunks"> = {},
): Promise<ReplayPlayer<Input>> {
  const manifest = await http.getReplay(replayId);
  const player = createReplayPlayer({
    ...options,
    game,
    manifest,
    loadChunk: (index) => http.getReplayChunk(replayId, index),
  });
  await player.seek(0);
  return player;
}
