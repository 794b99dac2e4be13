// A Transport over WebRTC data channels to one other peer of a session: "reliable" (ordered,
// retransmitted) and "unreliable" (unordered, no retransmissions by default), negotiated
// through the signaling socket. The peer that connects makes the offer (rtcTransport); the
// one it connects to answers it (answerRtcTransport, e.g. a listen host). The link opens
// when both channels are open and is given up (4402 NO_PATH) when they are not within
// `connectTimeoutMs`; its `path` ("direct" or "turn") is read from the selected candidate
// pair once open. A close sends its code on the reliable channel (channel-frames.ts) and
// lets the other side end the connection, so the frames before it are delivered first.

import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { Channel, TransportPath } from "../transport/transport.js";
import { TransportBase } from "../transport/transport-base.js";
import { decodeChannelFrame, encodeChannelClose, encodeChannelData } from "./channel-frames.js";
import { IceNegotiation } from "./ice-negotiation.js";
import { type ResolvedRtcOptions, type RtcOptions, resolveRtcOptions } from "./rtc-options.js";
import { selectedPath } from "./rtc-path.js";
import type {
  RtcDataChannelEvent,
  RtcDataChannelLike,
  RtcDescription,
  RtcMessageEvent,
  RtcPeerConnectionLike,
} from "./rtc-peer-connection.js";
import { closeOnDeparture } from "./session-departure.js";
import type { SignalingClient } from "./signaling-client.js";

/** Labels of the two channels. */
export const DATA_CHANNEL_LABELS = { reliable: "reliable", unreliable: "unreliable" } as const;

/** Close code of a link whose connection died without a close frame (as a WebSocket's 1006). */
export const ABNORMAL_CLOSE = 1006;

/**
 * Most frames held that arrive before this end's link opens: the other end may open first
 * (both channels open there while one is still being announced here) and send at once.
 */
const MAX_EARLY_FRAMES = 64;

/** How long a closing side waits for the other to end the connection, ms. */
const CLOSE_LINGER_MS = 1000;

/** A Transport whose `path` is learnt once open. */
export interface RtcTransport extends TransportBase {
  /** Resolves with the path once open and read from the statistics (undefined: unknown). */
  readonly pathLearnt: Promise<TransportPath | undefined>;
}

/**
 * Connects to peer `to` of the session: makes the offer through `signaling`.
 * @example
 * const link = rtcTransport(signaling, hostPeerId, { RTCPeerConnection }); // werift in Node
 * link.onopen = () => link.send(hello);
 */
export function rtcTransport(
  signaling: SignalingClient,
  to: number,
  options?: RtcOptions | ResolvedRtcOptions,
): RtcTransport {
  return new DataChannelLink(signaling, to, resolve(options), undefined);
}

/** Answers `offer` from peer `from` (a listen host accepting a peer). */
export function answerRtcTransport(
  signaling: SignalingClient,
  from: number,
  offer: RtcDescription,
  options?: RtcOptions | ResolvedRtcOptions,
): RtcTransport {
  return new DataChannelLink(signaling, from, resolve(options), offer);
}

function resolve(options: RtcOptions | ResolvedRtcOptions | undefined): ResolvedRtcOptions {
  return options && "keepCandidate" in options ? options : resolveRtcOptions(options);
}

class DataChannelLink extends TransportBase implements RtcTransport {
  readonly unreliable = true;
  readonly pathLearnt: Promise<TransportPath | undefined>;
  readonly #pc: RtcPeerConnectionLike;
  readonly #negotiation: IceNegotiation;
  readonly #channels: { reliable?: RtcDataChannelLike; unreliable?: RtcDataChannelLike } = {};
  readonly #unsubscribe: (() => void)[] = [];
  #path: TransportPath = "direct";
  #learnt: (path: TransportPath | undefined) => void = () => {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  #torn = false;
  /** Frames that came before the link opened, delivered once it has. */
  readonly #early: [Uint8Array, Channel][] = [];

  constructor(
    signaling: SignalingClient,
    peer: number,
    o: ResolvedRtcOptions,
    offer: RtcDescription | undefined,
  ) {
    super();
    this.pathLearnt = new Promise((resolve) => {
      this.#learnt = resolve;
    });
    const iceServers = (o.iceServers ?? signaling.welcome.iceServers).map((s) => ({
      ...s,
      urls: typeof s.urls === "string" ? s.urls : [...s.urls],
    }));
    const pc = new o.RTCPeerConnection({ iceServers, iceTransportPolicy: o.iceTransportPolicy });
    this.#pc = pc;
    const negotiation = new IceNegotiation(pc, signaling, peer, o.keepCandidate, (reason) =>
      this.#drop(reason),
    );
    this.#negotiation = negotiation;
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "failed") this.#drop("ICE failed");
    };
    this.#unsubscribe.push(
      signaling.onSignal(peer, (data) => negotiation.receive(data)),
      closeOnDeparture(signaling, peer, (code, reason) => this.close(code, reason)),
    );
    this.#timer = setTimeout(
      () => this.#drop(`data channels not open within ${o.connectTimeoutMs} ms`),
      o.connectTimeoutMs,
    );
    if (offer) {
      pc.ondatachannel = (e: RtcDataChannelEvent) => this.#adopt(e.channel);
      void negotiation.answer(offer);
    } else {
      this.#adopt(pc.createDataChannel(DATA_CHANNEL_LABELS.reliable, { ordered: true }));
      this.#adopt(pc.createDataChannel(DATA_CHANNEL_LABELS.unreliable, o.unreliable));
      void negotiation.offer();
    }
  }

  get path(): TransportPath {
    return this.#path;
  }

  get bufferedAmount(): number {
    const { reliable, unreliable } = this.#channels;
    return (reliable?.bufferedAmount ?? 0) + (unreliable?.bufferedAmount ?? 0);
  }

  protected write(bytes: Uint8Array, channel: Channel): void {
    const { reliable, unreliable } = this.#channels;
    // Frames are views of ArrayBuffers (never shared memory); the channel copies them.
    if (channel === "unreliable") unreliable!.send(bytes as Uint8Array<ArrayBuffer>);
    else reliable!.send(encodeChannelData(bytes) as Uint8Array<ArrayBuffer>);
  }

  protected shut(code: number, reason: string): void {
    // Closed on purpose: what the session does next no longer concerns this link.
    this.#stopListening();
    const reliable = this.#channels.reliable;
    if (reliable?.readyState !== "open") return this.#teardown();
    reliable.send(encodeChannelClose(code, reason) as Uint8Array<ArrayBuffer>);
    // The other side ends the connection on reading it (our channel then closes); a peer
    // that never does is cut after a while.
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#teardown(), CLOSE_LINGER_MS);
  }

  /** Takes one of the two channels (ours, or announced by the offerer). */
  #adopt(dc: RtcDataChannelLike): void {
    const label = dc.label === DATA_CHANNEL_LABELS.reliable ? "reliable" : "unreliable";
    if (dc.label !== label || this.#channels[label]) return dc.close();
    this.#channels[label] = dc;
    dc.binaryType = "arraybuffer";
    dc.onopen = () => this.#channelOpen();
    dc.onclose = () => this.#channelClosed();
    dc.onmessage = (e: RtcMessageEvent) => this.#message(label, e.data);
    if (dc.readyState === "open") this.#channelOpen();
  }

  #channelOpen(): void {
    const { reliable, unreliable } = this.#channels;
    if (this.#torn || reliable?.readyState !== "open" || unreliable?.readyState !== "open") return;
    clearTimeout(this.#timer);
    this.opened();
    for (const [bytes, channel] of this.#early.splice(0)) this.received(bytes, channel);
    selectedPath(this.#pc).then(
      (path) => {
        if (path) this.#path = path;
        this.#learnt(path);
      },
      () => this.#learnt(undefined),
    );
  }

  #message(channel: Channel, data: unknown): void {
    const bytes = toBytes(data);
    if (!bytes) return this.close(CLOSE.MALFORMED_FRAME.code, "text message on a data channel");
    if (channel === "unreliable") return this.#deliver(bytes, "unreliable");
    const frame = decodeChannelFrame(bytes);
    if (!frame.ok) return this.close(CLOSE.MALFORMED_FRAME.code, frame.error);
    if (frame.value.kind === "data") return this.#deliver(frame.value.bytes, "reliable");
    this.ended(frame.value.code, frame.value.reason);
    this.#teardown();
  }

  /** Delivers a frame, or holds it until the link opens. */
  #deliver(bytes: Uint8Array, channel: Channel): void {
    if (this.state !== "connecting") return this.received(bytes, channel);
    if (this.#early.length < MAX_EARLY_FRAMES) this.#early.push([bytes, channel]);
    // A reliable frame is never dropped: a link that cannot hold it is not made.
    else if (channel === "reliable") this.#drop("too many frames before the link opened");
  }

  /** A channel closed: our own closing handshake ended, or the connection died under us. */
  #channelClosed(): void {
    if (this.state !== "closed") this.ended(ABNORMAL_CLOSE, "data channel closed");
    this.#teardown();
  }

  /** The link cannot be made (4402) or kept (1006, as a WebSocket's abnormal closure). */
  #drop(reason: string): void {
    if (this.#torn) return;
    this.ended(this.state === "open" ? ABNORMAL_CLOSE : CLOSE.NO_PATH.code, reason);
    this.#teardown();
  }

  #stopListening(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  #teardown(): void {
    if (this.#torn) return;
    this.#torn = true;
    clearTimeout(this.#timer);
    this.#learnt(undefined);
    this.#stopListening();
    this.#negotiation.stop();
    for (const dc of Object.values(this.#channels)) {
      dc.onopen = dc.onclose = dc.onmessage = null;
      dc.close();
    }
    this.#pc.ondatachannel = this.#pc.onconnectionstatechange = null;
    // Closing a connection that is already failing may reject: there is nothing left to do.
    Promise.resolve()
      .then(() => this.#pc.close())
      .catch(() => {});
  }
}

/** A binary message's bytes, the receiver's to keep (undefined for a text message). */
function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  // werift hands out Buffers that may share a pool: copy.
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return undefined;
}
