// Frames on a link's reliable data channel. A data channel cannot say why it closed, so the
// link sends its close code there, behind everything sent before it. Room frames go as they
// are: only a frame whose first byte is the control marker (room message types are below
// 128, so none in practice) is escaped, so the escape costs nothing on the hot path.
//
//   frame[0] != 0xFF          a frame, as it is
//   [0xFF][0x00][frame…]      a frame that begins with 0xFF (escaped)
//   [0xFF][0x01][code][reason] the link closes (link-close.ts)
//
// The unreliable channel carries frames as they are: nothing but frames ever goes there.

import { err, ok, type Result } from "../../../shared/codec/result.js";
import { decodeLinkClose, encodeLinkClose, type LinkClose } from "./link-close.js";

/** The marker and what may follow it. */
export const CHANNEL_FRAME = {
  /** 0b1111_1111: a control frame follows (never a room message type). */
  MARKER: 0xff,
  /** 0b0000_0000: an escaped frame. */
  ESCAPED: 0x00,
  /** 0b0000_0001: close code and reason. */
  CLOSE: 0x01,
} as const;

/** A reliable channel message, decoded. */
export type ChannelFrame =
  | { readonly kind: "data"; readonly bytes: Uint8Array }
  | ({ readonly kind: "close" } & LinkClose);

/** The message that carries `bytes` on the reliable channel (the same bytes when it can). */
export function encodeChannelData(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== CHANNEL_FRAME.MARKER) return bytes;
  const out = new Uint8Array(bytes.length + 2);
  out[0] = CHANNEL_FRAME.MARKER;
  out[1] = CHANNEL_FRAME.ESCAPED;
  out.set(bytes, 2);
  return out;
}

/** The close message. */
export function encodeChannelClose(code: number, reason: string): Uint8Array {
  return encodeLinkClose([CHANNEL_FRAME.MARKER, CHANNEL_FRAME.CLOSE], code, reason);
}

/** Reads one reliable channel message; refuses unknown and malformed control frames. */
export function decodeChannelFrame(bytes: Uint8Array): Result<ChannelFrame> {
  if (bytes[0] !== CHANNEL_FRAME.MARKER) return ok({ kind: "data", bytes });
  const kind = bytes[1];
  if (kind === CHANNEL_FRAME.ESCAPED) return ok({ kind: "data", bytes: bytes.subarray(2) });
  if (kind === CHANNEL_FRAME.CLOSE) {
    const close = decodeLinkClose(bytes, 2);
    return close.ok ? ok({ kind: "close", ...close.value }) : close;
  }
  return err(kind === undefined ? "control marker without a kind" : `control kind ${kind}`);
}
