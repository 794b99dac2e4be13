// Close frames for links whose carrier has no close code of its own (a data channel only
// closes; relayed frames only flow): the code and reason a WebSocket would carry, as bytes.
//
//   [code u16 BE][reason: UTF-8, at most 123 bytes, as a WebSocket close reason]
//
// Decoding treats the bytes as hostile and returns a result.

import { err, ok, type Result } from "../../../shared/codec/result.js";

/** Longest close reason, bytes (a WebSocket close frame's limit). */
export const MAX_CLOSE_REASON_BYTES = 123;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A close's code and reason. */
export interface LinkClose {
  readonly code: number;
  readonly reason: string;
}

/** Writes `[prefix…][code][reason]`; a longer reason is cut at a character boundary. */
export function encodeLinkClose(
  prefix: readonly number[],
  code: number,
  reason: string,
): Uint8Array {
  let text = encoder.encode(reason);
  if (text.length > MAX_CLOSE_REASON_BYTES) {
    let end = MAX_CLOSE_REASON_BYTES;
    // Back off continuation bytes (10xxxxxx) so the cut never splits a character.
    while (end > 0 && (text[end]! & 0xc0) === 0x80) end--;
    text = text.subarray(0, end);
  }
  const out = new Uint8Array(prefix.length + 2 + text.length);
  out.set(prefix);
  out[prefix.length] = (code >>> 8) & 0xff;
  out[prefix.length + 1] = code & 0xff;
  out.set(text, prefix.length + 2);
  return out;
}

/** Reads `[code][reason]` from `bytes` at `offset`. */
export function decodeLinkClose(bytes: Uint8Array, offset: number): Result<LinkClose> {
  if (bytes.length < offset + 2) return err("close frame without a code");
  if (bytes.length - offset - 2 > MAX_CLOSE_REASON_BYTES)
    return err(`close reason over ${MAX_CLOSE_REASON_BYTES} bytes`);
  const code = (bytes[offset]! << 8) | bytes[offset + 1]!;
  if (code < 1000 || code > 4999) return err(`close code ${code} outside 1000-4999`);
  try {
    return ok({ code, reason: decoder.decode(bytes.subarray(offset + 2)) });
  } catch {
    return err("close reason is not UTF-8");
  }
}
