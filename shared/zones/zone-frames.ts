// The two frames a zone sends its players beside the room protocol: ZONE_TICKET (connect to
// the next zone now, with this ticket) and ZONE_SWITCH (authority moved there at a tick
// boundary; the inputs after `lastSeq` are the next zone's). They travel on the same socket
// as the room's frames; the world client takes them before its netcode core sees the frame.
// Opcodes are server → client (0x40 and up) and kept clear of SERVER_OP (zone-frames.test).
//
//   ZONE_TICKET 0x50: u8 op | str8 ticket                      (≤ 2 + 4 + 2×65 + 32 bytes)
//   ZONE_SWITCH 0x51: u8 op | str8 next zone id | u32 lastSeq  (≤ 70 bytes)

import { ByteReader } from "../codec/byte-reader.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import type { ZoneId } from "./zone-grid.js";
import { decodeTicket } from "./zone-ticket.js";

/** Zone frame types. */
export const ZONE_OP = {
  TICKET: 0x50, // 0b0101_0000
  SWITCH: 0x51, // 0b0101_0001
} as const;

/** A zone frame as the client decodes it. */
export type ZoneFrame =
  | { readonly type: "ticket"; readonly ticket: string; readonly to: ZoneId }
  | { readonly type: "switch"; readonly to: ZoneId; readonly lastSeq: number };

/** Whether a server frame is a zone frame (the world client routes it; else the netcode). */
export function isZoneFrame(bytes: Uint8Array): boolean {
  return bytes[0] === ZONE_OP.TICKET || bytes[0] === ZONE_OP.SWITCH;
}

/** ZONE_TICKET with `ticket` (its text, encodeTicket). */
export function encodeTicketFrame(ticket: string): Uint8Array {
  return new ByteWriter(64).u8(ZONE_OP.TICKET).str8(ticket).toBytes();
}

/** ZONE_SWITCH to `to`, after input `lastSeq` (u32). */
export function encodeSwitchFrame(to: ZoneId, lastSeq: number): Uint8Array {
  return new ByteWriter(64)
    .u8(ZONE_OP.SWITCH)
    .str8(to)
    .u32(lastSeq >>> 0)
    .toBytes();
}

/** Reads a zone frame from hostile bytes. */
export function decodeZoneFrame(bytes: Uint8Array): Result<ZoneFrame> {
  const r = new ByteReader(bytes);
  const op = r.u8();
  if (op === ZONE_OP.TICKET) {
    const text = r.str8();
    if (r.failed || r.remaining !== 0) return err("malformed ZONE_TICKET");
    const t = decodeTicket(text);
    return t.ok ? ok({ type: "ticket", ticket: text, to: t.value.to }) : t;
  }
  if (op === ZONE_OP.SWITCH) {
    const to = r.str8();
    const lastSeq = r.u32();
    if (r.failed || r.remaining !== 0 || to.length === 0) return err("malformed ZONE_SWITCH");
    return ok({ type: "switch", to, lastSeq });
  }
  return err(`not a zone frame: 0x${op.toString(16)}`);
}
