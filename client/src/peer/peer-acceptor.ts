// The accepting side of peer links (a listen host): answers every WebRTC offer that arrives
// on the signaling socket with a data-channel link, and accepts every relayed link a peer
// opens (its direct attempt failed). Each link is handed over while it is still connecting
// (data channels) or about to open (relay); the host admits its player once it opens.

import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { Transport } from "../transport/transport.js";
import { decodeRelayLink, encodeRelayLinkClose } from "./relay-link-frame.js";
import { acceptRelayTransport } from "./relay-transport.js";
import type { ResolvedRtcOptions } from "./rtc-options.js";
import { answerRtcTransport } from "./rtc-transport.js";
import type { SignalingClient } from "./signaling-client.js";

/** Called with each new link and the peer at its other end. */
export type LinkListener = (peerId: number, link: Transport) => void;

/** Answers offers and accepts relayed links until closed. */
export class PeerAcceptor {
  readonly #signaling: SignalingClient;
  /** Live relayed links by `${peer}:${link}`, so a repeated OPEN makes no second one. */
  readonly #relayed = new Map<string, Transport>();
  readonly #unsubscribe: (() => void)[];

  /** @param rtc how to answer offers; undefined: offers are ignored (relay only) */
  constructor(
    signaling: SignalingClient,
    rtc: ResolvedRtcOptions | undefined,
    onlink: LinkListener,
  ) {
    this.#signaling = signaling;
    this.#unsubscribe = [
      signaling.on("signal", ({ from, data }) => {
        if (!rtc || data.kind !== "description" || data.description.type !== "offer") return;
        onlink(from, answerRtcTransport(signaling, from, data.description, rtc));
      }),
      signaling.on("relay", ({ from, payload }) => {
        const frame = decodeRelayLink(payload);
        // Frames of links this peer opened itself come from their acceptor: not ours.
        if (!frame.ok || frame.value.fromAcceptor) return;
        const { kind, link } = frame.value;
        const key = `${from}:${link}`;
        let live = this.#relayed.get(key);
        if (live?.state === "closed") {
          this.#relayed.delete(key);
          live = undefined;
        }
        if (kind === "open" && !live) {
          const accepted = acceptRelayTransport(signaling, from, link);
          this.#relayed.set(key, accepted);
          return onlink(from, accepted);
        }
        // Data for a link we do not hold (we are a new host, or it was closed here): say so,
        // so its opener stops waiting on it.
        if (kind === "data" && !live) this.#refuse(from, link);
      }),
    ];
  }

  /** Stops accepting (links made so far stay as they are). */
  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  #refuse(peer: number, link: number): void {
    const reason = "relay link unknown here";
    this.#signaling.relay(
      peer,
      false,
      encodeRelayLinkClose(link, true, CLOSE.NO_PATH.code, reason),
    );
  }
}
