// Reads a replay chunk from hostile bytes (a download, a storage read): every field is
// checked and the whole chunk is validated before anything is returned, so a player never
// starts on a chunk it cannot finish. Refusals are values, never throws.

import { err, ok, type Result } from "../codec/result.js";
import { SERVER_OP } from "../protocol/opcodes.js";
import { UPDATE_KIND } from "../replication/wire-format.js";
import {
  MAX_REPLAY_RECORD_BYTES,
  REPLAY_CHUNK_FORMAT,
  REPLAY_CHUNK_HEADER_BYTES,
  REPLAY_CHUNK_MAGIC,
} from "./replay-chunk.js";
import { REPLAY_RECORD, type ReplayRecord, recordKindName } from "./replay-record.js";

/** A decoded chunk: its header and its records in stream order. */
export interface ReplayChunk {
  readonly format: number;
  readonly tickRate: number;
  /** The fingerprint of the game schema it was recorded with. */
  readonly schema: number;
  readonly index: number;
  /** The tick of its keyframe, the first record. */
  readonly firstTick: number;
  /** The tick of its last state. */
  readonly lastTick: number;
  /** States (one per tick, the first a key) and events, in order; views into the input. */
  readonly records: readonly ReplayRecord[];
}

/**
 * Decodes and validates a chunk: magic, format, header ranges, one state per tick from
 * firstTick to lastTick starting with a KEY, events after their tick's state, each payload
 * the kind it claims (a FULL or DELTA update, an RPC EVENT frame), no trailing bytes.
 */
export function decodeReplayChunk(bytes: Uint8Array): Result<ReplayChunk> {
  if (bytes.length < REPLAY_CHUNK_HEADER_BYTES) return err("replay chunk truncated");
  for (let i = 0; i < REPLAY_CHUNK_MAGIC.length; i++)
    if (bytes[i] !== REPLAY_CHUNK_MAGIC[i]) return err("not a replay chunk (bad magic)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = bytes[4]!;
  if (format !== REPLAY_CHUNK_FORMAT)
    return err(
      `unsupported replay chunk format ${format} (this build reads ${REPLAY_CHUNK_FORMAT})`,
    );
  const tickRate = bytes[5]!;
  if (tickRate < 1 || tickRate > 120) return err(`replay chunk tick rate ${tickRate} out of range`);
  const schema = view.getUint32(6, true);
  const index = view.getUint32(10, true);
  const firstTick = view.getUint32(14, true);
  const span = view.getUint16(18, true);
  const count = view.getUint32(20, true);
  const lastTick = firstTick + span;
  if (lastTick > 0xffff_ffff) return err("replay chunk ticks past 2^32");
  // Every record takes at least 5 bytes: a count beyond that is a lie, refused before the loop.
  if (count > (bytes.length - REPLAY_CHUNK_HEADER_BYTES) / 5)
    return err("replay chunk record count exceeds its bytes");
  const records: ReplayRecord[] = [];
  let at = REPLAY_CHUNK_HEADER_BYTES;
  let states = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > bytes.length) return err(`replay record ${i} truncated`);
    const kindByte = bytes[at]!;
    const kind = recordKindName(kindByte);
    if (kind === undefined) return err(`replay record ${i} has unknown kind ${kindByte}`);
    const offset = view.getUint16(at + 1, true);
    at += 3;
    let length = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) return err(`replay record ${i} truncated`);
      const b = bytes[at++]!;
      length += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        // One encoding per length: a zero last byte after the first is padding.
        if (b === 0 && shift > 7) return err(`replay record ${i} length not minimally encoded`);
        break;
      }
      if (shift >= 28) return err(`replay record ${i} length over 4 bytes`);
    }
    if (length < 1 || length > MAX_REPLAY_RECORD_BYTES)
      return err(`replay record ${i} length ${length} out of range`);
    if (at + length > bytes.length) return err(`replay record ${i} truncated`);
    const payload = bytes.subarray(at, at + length);
    at += length;
    const refused = checkRecord(i, kindByte, offset, states, payload);
    if (refused !== undefined) return err(refused);
    if (kindByte !== REPLAY_RECORD.EVENT) states++;
    records.push({ kind, tick: firstTick + offset, bytes: payload });
  }
  if (at !== bytes.length) return err("trailing bytes after replay chunk");
  if (states !== span + 1)
    return err(`replay chunk has ${states} states for ticks ${firstTick}..${lastTick}`);
  return ok({ format, tickRate, schema, index, firstTick, lastTick, records });
}

/** Why record `i` does not fit where it stands (undefined: it does). */
function checkRecord(
  i: number,
  kind: number,
  offset: number,
  states: number,
  payload: Uint8Array,
): string | undefined {
  const first = payload[0]!;
  if (kind === REPLAY_RECORD.EVENT) {
    if (states === 0) return "a replay chunk starts with a keyframe";
    if (offset !== states - 1) return `replay event ${i} is not at the tick of the state before it`;
    if (first !== SERVER_OP.RPC_EVENT) return `replay event ${i} is not an RPC EVENT frame`;
    return undefined;
  }
  if (states === 0 && kind !== REPLAY_RECORD.KEY) return "a replay chunk starts with a keyframe";
  if (offset !== states) return `replay state ${i} at tick offset ${offset}, expected ${states}`;
  const updateKind = first & 0b11;
  const expected = kind === REPLAY_RECORD.KEY ? UPDATE_KIND.FULL : UPDATE_KIND.DELTA;
  if (updateKind !== expected) return `replay state ${i} holds another kind of update`;
  return undefined;
}
