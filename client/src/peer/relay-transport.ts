// A Transport whose frames go through the session's signaling object as relayed frames:
// the path of last resort when no WebRTC path can be made. The socket is one ordered
// stream, so both channels arrive in order and nothing is lost (`unreliable` is false); each
// frame keeps its channel, so the room treats it as it would over data channels. Links are
// numbered and opened with a handshake (relay-link-frame.ts): the side that connects sends
// OPEN (relayTransport) and the other answers ACCEPT (acceptRelayTransport).

import { RELAY_HEADER_BYTES } from "../../../shared/peer/relay-frame.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { Channel } from "../transport/transport.js";
import { TransportBase } from "../transport/transport-base.js";
import {
  decodeRelayLink,
  encodeRelayLink,
  encodeRelayLinkClose,
  RELAY_LINK,
  RELAY_LINK_HEADER_BYTES,
} from "./relay-link-frame.js";
import { closeOnDeparture } from "./session-departure.js";
import type { RelayedFrame, SignalingClient } from "./signaling-client.js";

/** Settings of a relayed link. */
export interface RelayTransportOptions {
  /**
   * Milliseconds the other peer may take to accept the link before it is given up (4402).
   * @default 5000
   */
  acceptTimeoutMs?: number;
}

/** The last link number used per signaling socket and peer (links of one pair never mix). */
const lastLink = new WeakMap<SignalingClient, Map<number, number>>();

/**
 * Opens a relayed link to peer `to`.
 * @example
 * const link = relayTransport(signaling, hostPeerId);
 * link.onopen = () => link.send(hello);
 */
export function relayTransport(
  signaling: SignalingClient,
  to: number,
  options: RelayTransportOptions = {},
): TransportBase {
  const timeoutMs = options.acceptTimeoutMs ?? 5000;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs))
    throw new RangeError(`relay.acceptTimeoutMs must be > 0, got ${timeoutMs}`);
  let links = lastLink.get(signaling);
  if (!links) {
    links = new Map();
    lastLink.set(signaling, links);
  }
  const link = ((links.get(to) ?? -1) + 1) & 0xff;
  links.set(to, link);
  return new RelayedLink(signaling, to, link, timeoutMs);
}

/** Accepts link `link` that peer `from` opened (its OPEN arrived). */
export function acceptRelayTransport(
  signaling: SignalingClient,
  from: number,
  link: number,
): TransportBase {
  return new RelayedLink(signaling, from, link, undefined);
}

class RelayedLink extends TransportBase {
  readonly path = "relay";
  readonly unreliable = false;
  readonly #signaling: SignalingClient;
  readonly #peer: number;
  readonly #link: number;
  /** We accepted the link (its opener is the other peer). */
  readonly #accepted: boolean;
  #unsubscribe: (() => void)[];
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `acceptTimeoutMs` undefined: we accept the other side's OPEN. */
  constructor(signaling: SignalingClient, peer: number, link: number, acceptTimeoutMs?: number) {
    super();
    this.#signaling = signaling;
    this.#peer = peer;
    this.#link = link;
    this.#accepted = acceptTimeoutMs === undefined;
    this.#unsubscribe = [
      signaling.onRelay(peer, (f) => this.#frame(f)),
      closeOnDeparture(signaling, peer, (code, reason) => this.close(code, reason)),
    ];
    if (acceptTimeoutMs === undefined) {
      signaling.relay(peer, false, encodeRelayLink(RELAY_LINK.ACCEPT, link, true));
      // Open on a microtask: the caller sets its handlers after this returns.
      queueMicrotask(() => this.opened());
      return;
    }
    signaling.relay(peer, false, encodeRelayLink(RELAY_LINK.OPEN, link, false));
    this.#timer = setTimeout(
      () => this.#end(CLOSE.NO_PATH.code, `relay link not accepted within ${acceptTimeoutMs} ms`),
      acceptTimeoutMs,
    );
  }

  get bufferedAmount(): number {
    return this.#signaling.bufferedAmount;
  }

  protected write(bytes: Uint8Array, channel: Channel): void {
    const size = RELAY_HEADER_BYTES + RELAY_LINK_HEADER_BYTES + bytes.length;
    const max = this.#signaling.welcome.maxRelayFrameBytes;
    // A reliable frame cannot be dropped, and the object forwards nothing larger.
    if (size > max) return this.close(CLOSE.FRAME_TOO_LARGE.code, `${size} bytes over ${max}`);
    const payload = encodeRelayLink(RELAY_LINK.DATA, this.#link, this.#accepted, bytes);
    this.#signaling.relay(this.#peer, channel === "unreliable", payload);
  }

  protected shut(code: number, reason: string): void {
    this.#stop();
    const close = encodeRelayLinkClose(this.#link, this.#accepted, code, reason);
    this.#signaling.relay(this.#peer, false, close);
  }

  #frame(f: RelayedFrame): void {
    const decoded = decodeRelayLink(f.payload);
    // Frames of other links (an earlier one, or one the other side of ours) are not ours:
    // ours come from the opener when we accepted, and from the acceptor when we opened.
    if (!decoded.ok || decoded.value.link !== this.#link) return;
    if (decoded.value.fromAcceptor === this.#accepted) return;
    const frame = decoded.value;
    switch (frame.kind) {
      case "accept":
        clearTimeout(this.#timer);
        return this.opened();
      case "data":
        return this.received(frame.bytes, f.unreliable ? "unreliable" : "reliable");
      case "close":
        return this.#end(frame.code, frame.reason);
      case "open":
        return; // a new link of the same number: the acceptor's business (peer-acceptor.ts)
    }
  }

  #end(code: number, reason: string): void {
    this.#stop();
    this.ended(code, reason);
  }

  #stop(): void {
    clearTimeout(this.#timer);
    for (const off of this.#unsubscribe.splice(0)) off();
  }
}
