// The SNAPSHOT header `[0x42][ackSeq u32][inputBuffer i8]`, written in place by the room and
// read in place by a client: a client receives one SNAPSHOT per tick, so reading it must
// allocate nothing (no message object, no view of the update, no result object). The update
// after the header is the replication decoder's to read and refuse (docs/protocol.md).
import { SERVER_OP } from "./opcodes.js";

/** Bytes before the replication update in a SNAPSHOT: the type, `ackSeq` and `inputBuffer`. */
export const SNAPSHOT_HEADER_BYTES = 6;

/** A SNAPSHOT header's fields, read into a caller's object (see {@link readSnapshotHeader}). */
export interface SnapshotHeader {
  /** The last input sequence of this player the tick applied, u32 (NO_INPUT_ACK: none yet). */
  ackSeq: number;
  /** Input timing in ticks, an i8 (SnapshotMessage.inputBuffer says what it means). */
  inputBuffer: number;
}

/**
 * Writes a SNAPSHOT header in place at the start of `frame`, whose bytes from
 * SNAPSHOT_HEADER_BYTES on already hold the update (the replication core reserves them).
 * `ackSeq` is a u32 or the int32 of the same bits (`ackSeq | 0` writes the same bytes, and
 * NO_INPUT_ACK becomes −1, a number V8 does not box); `inputBuffer` is clamped to an i8.
 */
export function writeSnapshotHeader(frame: Uint8Array, ackSeq: number, inputBuffer = 0): void {
  frame[0] = SERVER_OP.SNAPSHOT;
  frame[1] = ackSeq & 0xff;
  frame[2] = (ackSeq >>> 8) & 0xff;
  frame[3] = (ackSeq >>> 16) & 0xff;
  frame[4] = ackSeq >>> 24;
  frame[5] = Math.max(-128, Math.min(127, inputBuffer | 0)) & 0xff;
}

/**
 * Reads the header of a SNAPSHOT frame into `out`, allocating nothing. Returns false, with
 * `out` untouched, when `frame` is not a SNAPSHOT or is shorter than its header; the update
 * (`frame` from SNAPSHOT_HEADER_BYTES on, possibly empty) is not checked here.
 *
 * @example
 * const header: SnapshotHeader = { ackSeq: 0, inputBuffer: 0 };
 * if (readSnapshotHeader(frame, header)) replication.apply(frame, SNAPSHOT_HEADER_BYTES);
 */
export function readSnapshotHeader(frame: Uint8Array, out: SnapshotHeader): boolean {
  if (frame.length < SNAPSHOT_HEADER_BYTES || frame[0] !== SERVER_OP.SNAPSHOT) return false;
  out.ackSeq = (frame[1]! | (frame[2]! << 8) | (frame[3]! << 16) | (frame[4]! << 24)) >>> 0;
  // i8: the byte's top bit is the sign.
  out.inputBuffer = (frame[5]! << 24) >> 24;
  return true;
}
