// Binary frames on a peer's signaling socket are relayed frames: when no direct WebRTC path
// can be made, peers send their room frames through the session's PeerSession object, which
// forwards them as opaque bytes. A 3-byte header: the other peer's id (u16, big-endian: the
// destination on the way in, the source on the way out) and the channel the sender asked for
// (0 reliable, 1 unreliable; over the relay both arrive in order, but the receiver keeps the
// channel so the room treats the frame as it would over data channels).

import { err, ok, type Result } from "../codec/result.js";

/** Header bytes before a relayed payload. */
export const RELAY_HEADER_BYTES = 3;

/** Largest relayed frame (header included), bytes; larger ones are refused by the object. */
export const MAX_RELAY_FRAME_BYTES = 65_536;

/** A relayed frame's parts; `payload` is a view into the frame. */
export interface RelayFrame {
  readonly peerId: number;
  readonly unreliable: boolean;
  readonly payload: Uint8Array;
}

/** Builds a relayed frame for (or from) `peerId`. */
export function encodeRelayFrame(
  peerId: number,
  unreliable: boolean,
  payload: Uint8Array,
): Uint8Array {
  const frame = new Uint8Array(RELAY_HEADER_BYTES + payload.length);
  frame[0] = peerId >>> 8;
  frame[1] = peerId & 0xff;
  frame[2] = unreliable ? 1 : 0;
  frame.set(payload, RELAY_HEADER_BYTES);
  return frame;
}

/** Reads a relayed frame; refuses short, oversized and malformed ones. */
export function decodeRelayFrame(frame: Uint8Array): Result<RelayFrame> {
  if (frame.length < RELAY_HEADER_BYTES) return err("relay frame shorter than its header");
  if (frame.length > MAX_RELAY_FRAME_BYTES)
    return err(`relay frame of ${frame.length} bytes over ${MAX_RELAY_FRAME_BYTES}`);
  const peerId = (frame[0]! << 8) | frame[1]!;
  if (peerId === 0) return err("relay frame for peer 0");
  const channel = frame[2]!;
  if (channel > 1) return err(`relay frame channel ${channel} is neither 0 nor 1`);
  return ok({ peerId, unreliable: channel === 1, payload: frame.subarray(RELAY_HEADER_BYTES) });
}
