// A replay's chunks, loaded on demand through the caller's `loadChunk`: each one once (loads
// of the same chunk in flight share one call), decoded and checked against its manifest
// entry before anyone sees it, and the last few kept decoded (least recently used goes).

import type { ReplayChunk } from "../../../shared/replay/replay-chunk-decoder.js";
import { decodeReplayChunk } from "../../../shared/replay/replay-chunk-decoder.js";
import type { ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import { REPLAY_ERROR, ReplayError } from "./replay-error.js";
import { fingerprintHex } from "./replay-manifest-check.js";

/** Fetches chunk `index`'s bytes (from the HTTP client, a file, a test's array). */
export type ChunkLoader = (index: number) => Promise<Uint8Array>;

/** Loads, checks and caches the chunks of one manifest. */
export class ReplayChunks {
  readonly #manifest: ReplayManifest;
  readonly #load: ChunkLoader;
  readonly #capacity: number;
  /** Decoded chunks, least recently used first (Map order). */
  readonly #cache = new Map<number, ReplayChunk>();
  readonly #loading = new Map<number, Promise<ReplayChunk>>();

  /** @param capacity decoded chunks kept (at least 2: the one playing and the next) */
  constructor(manifest: ReplayManifest, load: ChunkLoader, capacity: number) {
    this.#manifest = manifest;
    this.#load = load;
    this.#capacity = capacity;
  }

  /** Chunk `index` if it is loaded (marked as just used), else undefined. */
  get(index: number): ReplayChunk | undefined {
    const chunk = this.#cache.get(index);
    if (chunk === undefined) return undefined;
    this.#cache.delete(index);
    this.#cache.set(index, chunk);
    return chunk;
  }

  /** True while chunk `index` is being fetched. */
  loading(index: number): boolean {
    return this.#loading.has(index);
  }

  /**
   * Chunk `index`, loaded and checked (once; concurrent calls share the load).
   * @throws ReplayError `chunk_load_failed` (retryable: the next call loads again) or
   *   `invalid_chunk`.
   */
  load(index: number): Promise<ReplayChunk> {
    const cached = this.get(index);
    if (cached) return Promise.resolve(cached);
    let pending = this.#loading.get(index);
    if (!pending) {
      pending = this.#fetch(index).finally(() => this.#loading.delete(index));
      this.#loading.set(index, pending);
    }
    return pending;
  }

  /** Starts loading chunk `index` if it exists and is not held; failures wait for `load`. */
  prefetch(index: number): void {
    if (index >= this.#manifest.chunks.length || this.#cache.has(index)) return;
    this.load(index).catch(() => {
      // Reported when playback needs the chunk and loads it again.
    });
  }

  async #fetch(index: number): Promise<ReplayChunk> {
    const entry = this.#manifest.chunks[index];
    if (entry === undefined)
      throw new ReplayError(REPLAY_ERROR.INVALID_CHUNK, `the replay has no chunk ${index}`);
    let bytes: unknown;
    try {
      bytes = await this.#load(index);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new ReplayError(
        REPLAY_ERROR.CHUNK_LOAD_FAILED,
        `replay chunk ${index} did not load: ${reason}`,
        { cause: e },
      );
    }
    if (!(bytes instanceof Uint8Array))
      throw new ReplayError(
        REPLAY_ERROR.INVALID_CHUNK,
        `loadChunk(${index}) must resolve with a Uint8Array`,
      );
    const chunk = this.#check(index, bytes);
    this.#cache.set(index, chunk);
    while (this.#cache.size > this.#capacity) this.#cache.delete(this.#cache.keys().next().value!);
    return chunk;
  }

  /** Decodes chunk `index` and checks that it is the one the manifest lists. */
  #check(index: number, bytes: Uint8Array): ReplayChunk {
    const m = this.#manifest;
    const entry = m.chunks[index]!;
    const bad = (why: string) =>
      new ReplayError(REPLAY_ERROR.INVALID_CHUNK, `replay chunk ${index}: ${why}`);
    const decoded = decodeReplayChunk(bytes);
    if (!decoded.ok) {
      const unsupported = decoded.error.startsWith("unsupported replay chunk format");
      if (unsupported)
        throw new ReplayError(
          REPLAY_ERROR.UNSUPPORTED_FORMAT,
          `replay chunk ${index}: ${decoded.error}`,
        );
      throw bad(decoded.error);
    }
    const c = decoded.value;
    if (c.schema !== m.schema)
      throw bad(
        `recorded with schema ${fingerprintHex(c.schema)}, the manifest says ${fingerprintHex(m.schema)}`,
      );
    if (c.tickRate !== m.tickRate) throw bad(`${c.tickRate} Hz, the manifest says ${m.tickRate}`);
    if (c.index !== index) throw bad(`its header says it is chunk ${c.index}`);
    if (c.firstTick !== entry.firstTick || c.lastTick !== entry.lastTick)
      throw bad(
        `ticks ${c.firstTick}..${c.lastTick}, the manifest says ${entry.firstTick}..${entry.lastTick}`,
      );
    if (bytes.length !== entry.bytes)
      throw bad(`${bytes.length} bytes, the manifest says ${entry.bytes}`);
    return c;
  }
}
