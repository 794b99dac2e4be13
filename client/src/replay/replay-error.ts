// The one error a replay player throws or reports: a manifest it will not play (another
// game, another schema, a format this build does not read, a malformed one), or a chunk that
// could not be loaded or does not fit its manifest.
import { CodedError } from "../coded-error.js";

/** What went wrong, as a stable code. */
export const REPLAY_ERROR = {
  /** The manifest does not validate (shared/replay's ReplayManifest). */
  INVALID_MANIFEST: "invalid_manifest",
  /** A manifest or chunk format this build does not read (a newer recorder). */
  UNSUPPORTED_FORMAT: "unsupported_format",
  /** The replay is of another game. */
  WRONG_GAME: "wrong_game",
  /** The replay was recorded with another schema of the game (another build). */
  SCHEMA_MISMATCH: "schema_mismatch",
  /** `loadChunk` failed (the network, storage, a 404). */
  CHUNK_LOAD_FAILED: "chunk_load_failed",
  /** A chunk's bytes do not decode, do not match the manifest, or do not apply. */
  INVALID_CHUNK: "invalid_chunk",
} as const;

/** One of REPLAY_ERROR. */
export type ReplayErrorCode = (typeof REPLAY_ERROR)[keyof typeof REPLAY_ERROR];

/**
 * A replay that cannot be played, or a chunk that cannot be. `retryable` is true only for
 * a failed load (trying again may fetch it).
 * @example
 * try { createReplayPlayer({ game, manifest, loadChunk }); }
 * catch (e) { if (e instanceof ReplayError && e.code === REPLAY_ERROR.SCHEMA_MISMATCH) showOutdated(); }
 */
export class ReplayError extends CodedError<ReplayErrorCode> {
  /** @param options.cause the error behind it (a failed fetch, a decoder's refusal) */
  constructor(code: ReplayErrorCode, message: string, options?: { cause?: unknown }) {
    super("ReplayError", code, message, options);
  }

  /** Whether trying again can succeed. */
  get retryable(): boolean {
    return this.code === REPLAY_ERROR.CHUNK_LOAD_FAILED;
  }
}
