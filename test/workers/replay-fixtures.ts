// Replays written straight into the REPLAYS bucket and D1, as a recording room leaves them,
// for the route and retention tests (the recording itself is tested in recording.test.ts).
import { env } from "cloudflare:workers";
import { chunkKey, manifestKey, newReplayId } from "../../server/replays/replay-keys.js";
import { type ReplayAccess, ReplayRepository } from "../../server/replays/replay-repository.js";
import type { ReplayManifest } from "../../shared/replay/replay-manifest.js";

/** What a seeded replay is. */
export interface SeededReplay {
  readonly replayId: string;
  readonly chunks: readonly Uint8Array[];
  readonly manifest: ReplayManifest;
}

/**
 * Stores a replay of `game` started at `startedAt` (Unix ms) by `players` (name, account),
 * two 30-tick chunks of bytes 0…n, its manifest and its rows.
 */
export async function seedReplay(options: {
  game: string;
  access: ReplayAccess;
  players: readonly { readonly name: string; readonly accountId: string }[];
  startedAt?: number;
  mode?: string;
}): Promise<SeededReplay> {
  const startedAt = options.startedAt ?? Date.now() - 60_000;
  const replayId = newReplayId(startedAt, (b) => crypto.getRandomValues(b));
  const chunks = [Uint8Array.from({ length: 40 }, (_, i) => i), Uint8Array.of(9, 8, 7)];
  const players = options.players.map((p, i) => ({ playerId: i + 1, ...p }));
  const manifest: ReplayManifest = {
    format: 1,
    roomId: `room-${replayId.slice(-6)}`,
    game: options.game,
    schema: 0x1234_5678,
    tickRate: 30,
    startTick: 0,
    endTick: 59,
    durationMs: 2000,
    keyframeTicks: 30,
    startedAt,
    endedAt: startedAt + 2000,
    players,
    chunks: chunks.map((c, index) => ({
      index,
      firstTick: index * 30,
      lastTick: index * 30 + 29,
      bytes: c.length,
    })),
  };
  const manifestText = JSON.stringify(manifest);
  const bucket = env.REPLAYS!;
  for (const [i, c] of chunks.entries()) await bucket.put(chunkKey(replayId, i), c);
  await bucket.put(manifestKey(replayId), manifestText);
  await new ReplayRepository(env.DB).save({
    replayId,
    roomId: manifest.roomId,
    game: options.game,
    mode: options.mode ?? "duel",
    region: "weur",
    access: options.access,
    startedAt,
    endedAt: startedAt + 2000,
    durationMs: 2000,
    players,
    accounts: options.players.map((p) => p.accountId),
    chunks: chunks.length,
    manifestKey: manifestKey(replayId),
    sizeBytes: chunks.reduce((n, c) => n + c.length, 0) + manifestText.length,
  });
  return { replayId, chunks, manifest };
}
