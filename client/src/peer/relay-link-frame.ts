// What a relayed link puts in the payload of a relay frame (shared/peer/relay-frame.ts). The
// signaling object forwards payloads as opaque bytes between two peers, which may run
// several links one after another (a reconnection opens a new one while frames of the old
// may still be on their way), so every payload names its link and what it is:
//
//   [side:1 kind:7][link u8][body…]
//   side 0: sent by the peer that opened the link, 1: by the one that accepted it
//   kind 0b00 OPEN    the opener starts link `link` (body empty)
//   kind 0b01 ACCEPT  the other side took it (body empty)
//   kind 0b10 DATA    one frame of the link (body: the frame; the relay frame's channel byte
//                     says which channel it was sent on)
//   kind 0b11 CLOSE   the link ends (body: [code u16][reason], link-close.ts)
//
// Link numbers are the opener's, per peer it opens to, wrapping after 255; with the side
// bit, two peers that each open a link to the other never mistake one for the other.

import { err, ok, type Result } from "../../../shared/codec/result.js";
import { decodeLinkClose, encodeLinkClose, type LinkClose } from "./link-close.js";

/** Payload kinds. */
export const RELAY_LINK = {
  OPEN: 0b00,
  ACCEPT: 0b01,
  DATA: 0b10,
  CLOSE: 0b11,
} as const;

/** 0b1000_0000: the frame comes from the side that accepted the link. */
export const RELAY_LINK_FROM_ACCEPTOR = 0x80;

/** Bytes before a relayed link's body. */
export const RELAY_LINK_HEADER_BYTES = 2;

/** A relayed link payload, decoded; `bytes` is a view into it. */
export type RelayLinkFrame = { readonly link: number; readonly fromAcceptor: boolean } & (
  | { readonly kind: "open" | "accept" }
  | { readonly kind: "data"; readonly bytes: Uint8Array }
  | ({ readonly kind: "close" } & LinkClose)
);

/** An OPEN, ACCEPT or DATA payload of `link`, sent by its opener or its acceptor. */
export function encodeRelayLink(
  kind: typeof RELAY_LINK.OPEN | typeof RELAY_LINK.ACCEPT | typeof RELAY_LINK.DATA,
  link: number,
  fromAcceptor: boolean,
  bytes?: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(RELAY_LINK_HEADER_BYTES + (bytes?.length ?? 0));
  out[0] = kind | (fromAcceptor ? RELAY_LINK_FROM_ACCEPTOR : 0);
  out[1] = link & 0xff;
  if (bytes) out.set(bytes, RELAY_LINK_HEADER_BYTES);
  return out;
}

/** The CLOSE payload of `link`. */
export function encodeRelayLinkClose(
  link: number,
  fromAcceptor: boolean,
  code: number,
  reason: string,
): Uint8Array {
  const kind = RELAY_LINK.CLOSE | (fromAcceptor ? RELAY_LINK_FROM_ACCEPTOR : 0);
  return encodeLinkClose([kind, link & 0xff], code, reason);
}

/** Reads a relayed link payload; refuses short ones, unknown kinds and bodies where none go. */
export function decodeRelayLink(payload: Uint8Array): Result<RelayLinkFrame> {
  if (payload.length < RELAY_LINK_HEADER_BYTES) return err("relayed payload shorter than 2 bytes");
  const fromAcceptor = (payload[0]! & RELAY_LINK_FROM_ACCEPTOR) !== 0;
  const kind = payload[0]! & ~RELAY_LINK_FROM_ACCEPTOR;
  const link = payload[1]!;
  switch (kind) {
    case RELAY_LINK.OPEN:
    case RELAY_LINK.ACCEPT:
      if (payload.length !== RELAY_LINK_HEADER_BYTES) return err("relayed OPEN/ACCEPT with a body");
      return ok({ kind: kind === RELAY_LINK.OPEN ? "open" : "accept", link, fromAcceptor });
    case RELAY_LINK.DATA: {
      const bytes = payload.subarray(RELAY_LINK_HEADER_BYTES);
      return ok({ kind: "data", link, fromAcceptor, bytes });
    }
    case RELAY_LINK.CLOSE: {
      const close = decodeLinkClose(payload, RELAY_LINK_HEADER_BYTES);
      return close.ok ? ok({ kind: "close", link, fromAcceptor, ...close.value }) : close;
    }
    default:
      return err(`relayed payload kind ${kind}`);
  }
}
