// Replays and the broadcast stream: record kinds, chunks (binary) and manifests (JSON).

export {
  MAX_REPLAY_CHUNK_TICKS,
  MAX_REPLAY_RECORD_BYTES,
  REPLAY_CHUNK_FORMAT,
  REPLAY_CHUNK_HEADER_BYTES,
  REPLAY_CHUNK_MAGIC,
  type ReplayChunkInfo,
  ReplayChunkWriter,
} from "./replay-chunk.js";
export { decodeReplayChunk, type ReplayChunk } from "./replay-chunk-decoder.js";
export {
  chunkOfTick,
  decodeReplayManifest,
  parseReplayManifest,
  REPLAY_MANIFEST_FORMAT,
  ReplayChunkEntry,
  ReplayManifest,
  ReplayPlayer,
  replayDurationMs,
} from "./replay-manifest.js";
export {
  REPLAY_RECORD,
  type ReplayRecord,
  type ReplayRecordByte,
  type ReplayRecordKind,
  recordKindName,
} from "./replay-record.js";
