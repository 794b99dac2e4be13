// Replay storage of a recording room (RoomOptions.record): the room core hands over each
// finished chunk from its tick and the manifest when the room empties; this stores them in
// R2 — chunks at replays/<id>/<index>, one after another so a chunk is never listed before
// the ones before it, then the manifest at replays/<id>/manifest.json — and, last, the D1 row
// that lists the replay. Nothing here is awaited by the tick: every write runs in the
// background (ctx.waitUntil), failures are retried with backoff and then logged, never
// thrown into the room.
//
// A room that dies mid-match (a deploy, an eviction) would leave chunks nobody lists, so
// after each stored chunk the manifest so far is kept in the object's storage; the next
// start of the object finishes that replay (manifest and row) from it.

import { retry } from "../../server/d1/retry.js";
import { isTransientD1Error } from "../../server/d1/transient-error.js";
import { chunkKey, manifestKey, newReplayId } from "../../server/replays/replay-keys.js";
import { type ReplayAccess, ReplayRepository } from "../../server/replays/replay-repository.js";
import type { ReplayChunkInfo } from "../../shared/replay/replay-chunk.js";
import type { ReplayManifest } from "../../shared/replay/replay-manifest.js";

/**
 * Storage keys of recordings whose chunks are stored and whose manifest and row may not be:
 * this prefix and the replay id. One key per replay, so finishing an earlier run's recording
 * never touches the one in progress.
 */
export const PENDING_REPLAY_PREFIX = "replay-pending:";

/** R2 writes: 5 attempts over about 6 s at most, then the failure is logged. */
const R2_RETRY = { attempts: 5, baseMs: 200, maxMs: 3000 } as const;

/** D1 writes: transient failures only (a constraint error would fail again). */
const D1_RETRY = { attempts: 5, baseMs: 100, maxMs: 2000, retryable: isTransientD1Error } as const;

/** What the replay's row says of the room, beyond the manifest. */
export interface ReplayRoom {
  readonly roomId: string;
  readonly game: string;
  readonly mode: string;
  readonly region: string | null;
  readonly access: ReplayAccess;
}

/** A recording whose chunks are stored and whose manifest and row may not be yet. */
export interface PendingReplay {
  readonly replayId: string;
  readonly room: ReplayRoom;
  readonly manifest: ReplayManifest;
}

/** What the storage needs from the platform. */
export interface ReplayStorageHost {
  readonly bucket: R2Bucket;
  readonly db: D1Database;
  readonly storage: DurableObjectStorage;
  /** Keeps the object alive for `work` (ctx.waitUntil). */
  waitUntil(work: Promise<unknown>): void;
  /** Fills bytes with random values (crypto.getRandomValues). */
  random(bytes: Uint8Array): void;
  /** The clock, Unix ms. */
  now(): number;
}

/** Stores one room's replays. */
export class RoomReplays {
  readonly #host: ReplayStorageHost;
  readonly #room: () => ReplayRoom;
  /** The recording in progress (undefined until its first chunk). */
  #replayId: string | undefined;
  /** Every write of this recording, in order: a chunk after the one before, the manifest last. */
  #queue: Promise<void> = Promise.resolve();
  /** True once a chunk of this recording could not be stored: it is never listed. */
  #broken = false;

  /** @param room read when a replay is saved (the room's configuration may change) */
  constructor(host: ReplayStorageHost, room: () => ReplayRoom) {
    this.#host = host;
    this.#room = room;
  }

  /**
   * A finished chunk (RoomSink.recordChunk, called from the tick): queued for R2, never
   * waited for. `manifest` lists the recording's chunks up to this one.
   */
  chunk(bytes: Uint8Array, info: ReplayChunkInfo, manifest: ReplayManifest | undefined): void {
    this.#replayId ??= newReplayId(this.#host.now(), (b) => this.#host.random(b));
    const replayId = this.#replayId;
    const room = this.#room();
    this.#enqueue(async () => {
      if (this.#broken) return;
      try {
        await retry(() => this.#host.bucket.put(chunkKey(replayId, info.index), bytes), R2_RETRY);
      } catch (e) {
        this.#broken = true;
        console.error(`replay ${replayId}: chunk ${info.index} not stored, replay dropped`, e);
        await this.#host.storage.delete(PENDING_REPLAY_PREFIX + replayId);
        return;
      }
      // Unconfirmed: this write must not hold the room's outgoing messages (the output gate);
      // losing the latest one to a crash costs only the replay's last chunk.
      if (manifest)
        await this.#host.storage.put(
          PENDING_REPLAY_PREFIX + replayId,
          { replayId, room, manifest } satisfies PendingReplay,
          { allowUnconfirmed: true },
        );
    });
  }

  /**
   * The room emptied (RoomSink.recordManifest): once the chunks before it are stored, the
   * manifest goes to R2 and the replay's row to D1. Resolves when done or given up.
   */
  manifest(manifest: ReplayManifest): Promise<void> {
    const replayId = this.#replayId;
    if (replayId === undefined) return Promise.resolve();
    const room = this.#room();
    return this.#enqueue(async () => {
      if (this.#broken) return;
      await finishReplay(this.#host, { replayId, room, manifest });
    });
  }

  /** Runs `work` after every write queued before it, in the background. */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work).catch((e: unknown) => {
      console.error("replay storage failed", e);
    });
    this.#queue = next;
    this.#host.waitUntil(next);
    return next;
  }
}

/**
 * Finishes the recordings an earlier run of the object left (it stopped mid-match, or could
 * not store a manifest): their stored chunks get their manifest and row, in the background.
 * Call at start-up, before the room records again.
 */
export async function recoverReplays(host: ReplayStorageHost): Promise<void> {
  const pending = await host.storage.list<PendingReplay>({ prefix: PENDING_REPLAY_PREFIX });
  if (pending.size === 0) return;
  host.waitUntil(
    (async () => {
      for (const replay of pending.values()) await finishReplay(host, replay);
    })().catch((e: unknown) => console.error("replay recovery failed", e)),
  );
}

/**
 * Writes `pending`'s manifest to R2, then its row to D1, then forgets it; a write that fails
 * every attempt is logged and the pending replay kept for the object's next start.
 */
async function finishReplay(host: ReplayStorageHost, pending: PendingReplay): Promise<void> {
  const { replayId, room, manifest } = pending;
  const text = JSON.stringify(manifest);
  const key = manifestKey(replayId);
  try {
    await retry(() => host.bucket.put(key, text, { httpMetadata: JSON_METADATA }), R2_RETRY);
    await retry(
      () =>
        new ReplayRepository(host.db).save({
          replayId,
          ...room,
          startedAt: manifest.startedAt,
          endedAt: manifest.endedAt,
          durationMs: manifest.durationMs,
          players: manifest.players,
          accounts: manifest.players.flatMap((p) => (p.accountId ? [p.accountId] : [])),
          chunks: manifest.chunks.length,
          manifestKey: key,
          sizeBytes: manifest.chunks.reduce((n, c) => n + c.bytes, text.length),
        }),
      D1_RETRY,
    );
  } catch (e) {
    console.error(`replay ${replayId}: manifest or row not stored; retried at the next start`, e);
    await host.storage.put(PENDING_REPLAY_PREFIX + replayId, pending);
    return;
  }
  await host.storage.delete(PENDING_REPLAY_PREFIX + replayId);
}

/** How a manifest is stored: JSON, so a bucket browser shows it as such. */
const JSON_METADATA = { contentType: "application/json" } as const;
