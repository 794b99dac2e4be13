// The client's acknowledgement: the last tick it applied, as a little-endian uint32
// (4 bytes). The foundation's framing carries it (its own message type, or inside the
// input message); the server hands the value to ReplicationServer.acknowledge, which
// ignores anything it did not send.

import { err, ok, type Result } from "../codec/result.js";

/** Bytes of an acknowledgement. */
export const ACK_BYTES = 4;

/** Writes `tick` (0 ≤ tick < 2^32) at `offset`; returns the offset after it. */
export function writeAck(out: Uint8Array, offset: number, tick: number): number {
  out[offset] = tick & 0xff;
  out[offset + 1] = (tick >>> 8) & 0xff;
  out[offset + 2] = (tick >>> 16) & 0xff;
  out[offset + 3] = (tick >>> 24) & 0xff;
  return offset + ACK_BYTES;
}

/** Reads an acknowledgement at `offset`; refuses a short input. */
export function readAck(bytes: Uint8Array, offset = 0): Result<number> {
  if (offset < 0 || bytes.length - offset < ACK_BYTES) return err("truncated ack");
  return ok(
    (bytes[offset]! |
      (bytes[offset + 1]! << 8) |
      (bytes[offset + 2]! << 16) |
      (bytes[offset + 3]! << 24)) >>>
      0,
  );
}
