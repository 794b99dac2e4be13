// The frames a zone sends its players beside the room protocol: ZONE_TICKET (connect to
// the next zone now, with this ticket), ZONE_SWITCH (authority moved there at a tick
// boundary; the inputs after `lastSeq` are the next zone's) and ZONE_RESUME (a resumed link:
// the zone holds world inputs up to `seq`; the room dropped what the old link had queued,
// so the client sends again what came after). They travel on the same socket
// as the room's frames; the world client takes them before its netcode core sees the frame.
// Opcodes are SERVER_OP.ZONE_* (shared/protocol/opcodes.ts); layouts in docs/protocol.md.
//
//   ZONE_TICKET 0x50: u8 op | str8 ticket                      (≤ 2 + 4 + 2×65 + 32 bytes)
//   ZONE_SWITCH 0x51: u8 op | str8 next zone id | u32 lastSeq  (≤ 70 bytes)
//   ZONE_RESUME 0x52: u8 op | u32 seq (0xffffffff: none yet)    (5 bytes)

import { ByteReader } from "../codec/byte-reader.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { SERVER_OP } from "../protocol/opcodes.js";
import type { ZoneId } from "./zone-grid.js";
import { NO_WORLD_SEQ } from "./zone-input.js";
import { decodeTicket } from "./zone-ticket.js";

const { ZONE_TICKET, ZONE_SWITCH, ZONE_RESUME } = SERVER_OP;

/** A zone frame as the client decodes it. */
export type ZoneFrame =
  | { readonly type: "ticket"; readonly ticket: string; readonly to: ZoneId }
  | { readonly type: "switch"; readonly to: ZoneId; readonly lastSeq: number }
  /** `seq` is NO_WORLD_SEQ when the zone holds none of the player's inputs yet. */
  | { readonly type: "resume"; readonly seq: number };

/** Whether a server frame is a zone frame (the world client routes it; else the netcode). */
export function isZoneFrame(bytes: Uint8Array): boolean {
  const op = bytes[0];
  return op === ZONE_TICKET || op === ZONE_SWITCH || op === ZONE_RESUME;
}

/** ZONE_TICKET with `ticket` (its text, encodeTicket). */
export function encodeTicketFrame(ticket: string): Uint8Array {
  return new ByteWriter(64).u8(ZONE_TICKET).str8(ticket).toBytes();
}

/** ZONE_SWITCH to `to`, after input `lastSeq` (u32). */
export function encodeSwitchFrame(to: ZoneId, lastSeq: number): Uint8Array {
  return new ByteWriter(64)
    .u8(ZONE_SWITCH)
    .str8(to)
    .u32(lastSeq >>> 0)
    .toBytes();
}

/** ZONE_RESUME: the zone holds the player's world inputs up to `seq` (or NO_WORLD_SEQ). */
export function encodeResumeFrame(seq: number): Uint8Array {
  return new ByteWriter(8)
    .u8(ZONE_RESUME)
    .u32(seq >>> 0)
    .toBytes();
}

/** Reads a zone frame from hostile bytes. */
export function decodeZoneFrame(bytes: Uint8Array): Result<ZoneFrame> {
  const r = new ByteReader(bytes);
  const op = r.u8();
  if (op === ZONE_TICKET) {
    const text = r.str8();
    if (r.failed || r.remaining !== 0) return err("malformed ZONE_TICKET");
    const t = decodeTicket(text);
    return t.ok ? ok({ type: "ticket", ticket: text, to: t.value.to }) : t;
  }
  if (op === ZONE_SWITCH) {
    const to = r.str8();
    const lastSeq = r.u32();
    if (r.failed || r.remaining !== 0 || to.length === 0) return err("malformed ZONE_SWITCH");
    return ok({ type: "switch", to, lastSeq });
  }
  if (op === ZONE_RESUME) {
    const seq = r.u32();
    if (r.failed || r.remaining !== 0) return err("malformed ZONE_RESUME");
    return ok({ type: "resume", seq: seq === 0xffff_ffff ? NO_WORLD_SEQ : seq });
  }
  return err(`not a zone frame: 0x${op.toString(16)}`);
}
