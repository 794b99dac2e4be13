// A recording room's replay: the broadcast stream cut into chunks of about `chunkSeconds`,
// each starting at a keyframe, handed to the host (RoomSink.recordChunk) as each one ends,
// and a manifest listing them. Chunk bytes are built as the ticks pass (a copy per tick into
// one reused writer); the host stores them off the tick path.

import { SNAPSHOT_HEADER_BYTES } from "../protocol/server-messages.js";
import { type ReplayChunkInfo, ReplayChunkWriter } from "../replay/replay-chunk.js";
import {
  REPLAY_MANIFEST_FORMAT,
  type ReplayManifest,
  type ReplayPlayer,
  replayDurationMs,
} from "../replay/replay-manifest.js";
import type { StreamTick } from "./broadcast-stream.js";

/** What a recording describes, fixed for the room's life. */
export interface RecordingSettings {
  readonly roomId: string;
  readonly game: string;
  readonly schema: number;
  readonly tickRate: number;
  readonly keyframeTicks: number;
  /** A chunk ends at the first keyframe at least this many ticks after its start. */
  readonly chunkTicks: number;
}

/** Where finished chunks go (the room's sink). */
export type ChunkHandler = (chunk: Uint8Array, info: ReplayChunkInfo) => void;

/** Records a room's broadcast stream into replay chunks and a manifest. */
export class RoomRecorder {
  readonly #settings: RecordingSettings;
  readonly #onChunk: ChunkHandler;
  readonly #writer: ReplayChunkWriter;
  readonly #chunks: ReplayChunkInfo[] = [];
  readonly #players = new Map<number, ReplayPlayer>();
  /** The host's clock at the first recorded tick and at the last one chunked, ms. */
  #startedAt = 0;
  #endedAt = 0;
  /** The host's clock at the open chunk's last tick, ms. */
  #lastTickAt = 0;

  constructor(settings: RecordingSettings, onChunk: ChunkHandler) {
    this.#settings = settings;
    this.#onChunk = onChunk;
    this.#writer = new ReplayChunkWriter(settings.schema, settings.tickRate);
  }

  /**
   * True when the next tick must carry a keyframe: no chunk is open (the recording starts,
   * or a flush closed one), and a chunk starts only at a key.
   */
  get wantsKey(): boolean {
    return !this.#writer.open;
  }

  /** Chunks handed to the host so far. */
  get chunks(): readonly ReplayChunkInfo[] {
    return this.#chunks;
  }

  /** A player who joined while the room records (listed in the manifest). */
  addPlayer(playerId: number, name: string, accountId: string | undefined): void {
    if (this.#players.has(playerId)) return;
    this.#players.set(
      playerId,
      accountId === undefined ? { playerId, name } : { playerId, name, accountId },
    );
  }

  /** Records a committed stream tick (`now`: the host's clock, ms). */
  record(t: StreamTick, now: number): void {
    const w = this.#writer;
    if (w.open && t.key !== null && w.ticks >= this.#settings.chunkTicks) this.flush();
    if (!w.open) {
      // Only a keyframe starts a chunk; wantsKey makes the stream write one next tick.
      if (t.key === null) return;
      if (this.#chunks.length === 0) this.#startedAt = now;
      w.begin(this.#chunks.length, t.tick);
    }
    if (t.key !== null) w.key(t.tick, t.key, SNAPSHOT_HEADER_BYTES);
    else w.delta(t.tick, t.frame, SNAPSHOT_HEADER_BYTES);
    for (const e of t.events) w.event(t.tick, e);
    this.#lastTickAt = now;
  }

  /** Ends the open chunk (if any) and hands it to the host. */
  flush(): void {
    const w = this.#writer;
    if (!w.open) return;
    const { index, firstTick, lastTick } = w;
    const chunk = w.finish();
    const info: ReplayChunkInfo = { index, firstTick, lastTick, bytes: chunk.length };
    this.#chunks.push(info);
    this.#endedAt = this.#lastTickAt;
    this.#onChunk(chunk, info);
  }

  /** The manifest of the chunks handed over so far (undefined before the first). */
  manifest(): ReplayManifest | undefined {
    const chunks = this.#chunks;
    if (chunks.length === 0) return undefined;
    const s = this.#settings;
    const startTick = chunks[0]!.firstTick;
    const endTick = chunks[chunks.length - 1]!.lastTick;
    return {
      format: REPLAY_MANIFEST_FORMAT,
      roomId: s.roomId,
      game: s.game,
      schema: s.schema >>> 0,
      tickRate: s.tickRate,
      startTick,
      endTick,
      durationMs: replayDurationMs(startTick, endTick, s.tickRate),
      keyframeTicks: s.keyframeTicks,
      startedAt: this.#startedAt,
      endedAt: this.#endedAt,
      players: [...this.#players.values()],
      chunks: chunks.map((c) => ({ ...c })),
    };
  }
}
