// A link to another peer of the session by the best path there is, in the order:
// WebRTC data channels first — host and server-reflexive candidates, and TURN candidates
// when the ICE servers (by default the session welcome's, which carry the Worker's TURN
// servers with time-limited credentials) include TURN — and, when the channels are not open
// within `rtc.connectTimeoutMs` or the attempt fails sooner, the session's relay. The
// fallback is automatic and measured: the link's report says which path carries it and how
// long the direct attempt and the fallback took.

import { now } from "../room-connection.js";
import type { TransportPath } from "../transport/transport.js";
import type { TransportBase } from "../transport/transport-base.js";
import { ForwardingTransport } from "./forwarding-transport.js";
import { type RelayTransportOptions, relayTransport } from "./relay-transport.js";
import { type RtcOptions, resolveRtcOptions } from "./rtc-options.js";
import { rtcTransport } from "./rtc-transport.js";
import type { SignalingClient } from "./signaling-client.js";

/** How a peer link is made. */
export interface PeerTransportOptions {
  /** The direct attempt (its `connectTimeoutMs` is the time before falling back). */
  rtc?: RtcOptions;
  /**
   * Try WebRTC data channels (false: the relay at once).
   * @default true
   */
  direct?: boolean;
  /**
   * Fall back to the session's relay (false: a failed direct attempt ends the link, 4402).
   * @default {} (on; the other peer has 5 s to accept the relayed link)
   */
  relay?: RelayTransportOptions | false;
  /** Called once the link is open, with how it was made. */
  onreport?: (report: PeerLinkReport) => void;
}

/** How a peer link was made; times in ms from the start of the attempt. */
export interface PeerLinkReport {
  /** What carries the link: "direct", "turn" or "relay". */
  readonly path: TransportPath;
  /** When the link opened. */
  readonly openMs: number;
  /** When the direct attempt gave up (undefined: it worked, or was not made). */
  readonly fallbackMs?: number;
  /** Why it gave up. */
  readonly directFailure?: string;
}

/** A peer link; `report` is set once it is open. */
export interface PeerTransport extends TransportBase {
  readonly report: PeerLinkReport | undefined;
}

/**
 * A link to peer `to`: direct if it can be, else relayed.
 * @example
 * const link = peerTransport(signaling, signaling.hostPeerId!, { rtc: { RTCPeerConnection } });
 */
export function peerTransport(
  signaling: SignalingClient,
  to: number,
  options: PeerTransportOptions = {},
): PeerTransport {
  return new PeerLink(signaling, to, options);
}

class PeerLink extends ForwardingTransport implements PeerTransport {
  report: PeerLinkReport | undefined;
  readonly #signaling: SignalingClient;
  readonly #to: number;
  readonly #options: PeerTransportOptions;
  readonly #startedAt = now();
  /** The attempt in progress (not yet attached). */
  #attempt: TransportBase | undefined;

  constructor(signaling: SignalingClient, to: number, options: PeerTransportOptions) {
    super(options.direct === false ? "relay" : "direct");
    this.#signaling = signaling;
    this.#to = to;
    this.#options = options;
    if (options.direct === false) this.#relay(undefined, undefined);
    else this.#direct(resolveRtcOptions(options.rtc));
  }

  #direct(rtc: ReturnType<typeof resolveRtcOptions>): void {
    const link = rtcTransport(this.#signaling, this.#to, rtc);
    this.#attempt = link;
    link.onopen = () => {
      this.#attempt = undefined;
      this.attach(link);
      const openMs = now() - this.#startedAt;
      // The exact path (host/STUN or TURN) comes from the statistics a moment later.
      void link.pathLearnt.then((path) => this.#opened({ path: path ?? link.path, openMs }));
    };
    link.onclose = (code, reason) => {
      this.#attempt = undefined;
      if (this.#options.relay === false) return this.fail(code, reason);
      this.#relay(now() - this.#startedAt, reason);
    };
  }

  #relay(fallbackMs: number | undefined, directFailure: string | undefined): void {
    if (this.state === "closed") return;
    const relay = this.#options.relay === false ? undefined : this.#options.relay;
    const link = relayTransport(this.#signaling, this.#to, relay);
    this.#attempt = link;
    link.onopen = () => {
      this.#attempt = undefined;
      this.attach(link);
      const openMs = now() - this.#startedAt;
      this.#opened(
        fallbackMs === undefined
          ? { path: "relay", openMs }
          : { path: "relay", openMs, fallbackMs, directFailure: directFailure ?? "" },
      );
    };
    link.onclose = (code, reason) => {
      this.#attempt = undefined;
      this.fail(code, reason);
    };
  }

  #opened(report: PeerLinkReport): void {
    this.report = report;
    this.#options.onreport?.(report);
  }

  protected override shut(code: number, reason: string): void {
    const attempt = this.#attempt;
    this.#attempt = undefined;
    if (attempt) {
      attempt.onopen = attempt.onclose = null;
      attempt.close(code, reason);
    }
    super.shut(code, reason);
  }
}
