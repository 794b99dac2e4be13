// A Transport over WebRTC data channels to one other peer of a session: "reliable" (ordered,
// retransmitted) and "unreliable" (unordered, no retransmissions by default), negotiated
// through the signaling socket. The peer that connects makes the offer (rtcTransport); the
// one it connects to answers it (answerRtcTransport, e.g. a listen host). The link opens
// when both channels are open and is given up (4402 NO_PATH) when they are not within
// `connectTimeoutMs`; its `path` ("direct" or "turn") is read from the selected candidate
// pair once open. A close sends its code on the reliable channel (channel-frames.ts) and
// lets the other side end the connection, so the frames before it are delivered first.

import type { SignalData } from "../../../shared/peer/signal-messages.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { Channel, TransportPath } from "../transport/transport.js";
import { TransportBase } from "../transport/transport-base.js";
import { filterSdp, keepsCandidate } from "./candidate-filter.js";
import { decodeChannelFrame, encodeChannelClose, encodeChannelData } from "./channel-frames.js";
import { type ResolvedRtcOptions, type RtcOptions, resolveRtcOptions } from "./rtc-options.js";
import { selectedPath } from "./rtc-path.js";
import type {
  RtcCandidate,
  RtcDataChannelEvent,
  RtcDataChannelLike,
  RtcDescription,
  RtcIceEvent,
  RtcMessageEvent,
  RtcPeerConnectionLike,
} from "./rtc-peer-connection.js";
import { closeOnDeparture } from "./session-departure.js";
import type { SignalingClient } from "./signaling-client.js";

/** Labels of the two channels. */
export const DATA_CHANNEL_LABELS = { reliable: "reliable", unreliable: "unreliable" } as const;

/** Close code of a link whose connection died without a close frame (as a WebSocket's 1006). */
export const ABNORMAL_CLOSE = 1006;

/** Most remote candidates held while the remote description is not set yet. */
const MAX_PENDING_CANDIDATES = 64;

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
  readonly #signaling: SignalingClient;
  readonly #peer: number;
  readonly #o: ResolvedRtcOptions;
  readonly #pc: RtcPeerConnectionLike;
  readonly #channels: { reliable?: RtcDataChannelLike; unreliable?: RtcDataChannelLike } = {};
  readonly #unsubscribe: (() => void)[] = [];
  #path: TransportPath = "direct";
  #learnt: (path: TransportPath | undefined) => void = () => {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Our description was signaled: candidates may follow it. */
  #described = false;
  readonly #localCandidates: SignalData[] = [];
  /** The remote description is set: its candidates may be added. */
  #remoteSet = false;
  readonly #remoteCandidates: RtcCandidate[] = [];
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
    this.#signaling = signaling;
    this.#peer = peer;
    this.#o = o;
    this.pathLearnt = new Promise((resolve) => {
      this.#learnt = resolve;
    });
    const iceServers = (o.iceServers ?? signaling.welcome.iceServers).map((s) => ({
      ...s,
      urls: typeof s.urls === "string" ? s.urls : [...s.urls],
    }));
    const pc = new o.RTCPeerConnection({ iceServers, iceTransportPolicy: o.iceTransportPolicy });
    this.#pc = pc;
    pc.onicecandidate = (e: RtcIceEvent) => this.#localCandidate(e.candidate);
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "failed") this.#drop("ICE failed");
    };
    this.#unsubscribe.push(
      signaling.onSignal(peer, (data) => this.#remoteSignal(data)),
      closeOnDeparture(signaling, peer, (code, reason) => this.close(code, reason)),
    );
    this.#timer = setTimeout(
      () => this.#drop(`data channels not open within ${o.connectTimeoutMs} ms`),
      o.connectTimeoutMs,
    );
    if (offer) {
      pc.ondatachannel = (e: RtcDataChannelEvent) => this.#adopt(e.channel);
      void this.#answer(offer);
    } else {
      this.#adopt(pc.createDataChannel(DATA_CHANNEL_LABELS.reliable, { ordered: true }));
      this.#adopt(pc.createDataChannel(DATA_CHANNEL_LABELS.unreliable, o.unreliable));
      void this.#offer();
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

  async #offer(): Promise<void> {
    try {
      const offer = await this.#pc.createOffer();
      await this.#pc.setLocalDescription({ type: "offer", sdp: offer.sdp ?? "" });
      this.#describe("offer", this.#pc.localDescription?.sdp ?? offer.sdp ?? "");
    } catch (e) {
      this.#drop(`offer failed: ${String(e)}`);
    }
  }

  async #answer(offer: RtcDescription): Promise<void> {
    try {
      const sdp = filterSdp(offer.sdp, this.#o.keepCandidate, "remote");
      await this.#pc.setRemoteDescription({ type: "offer", sdp });
      this.#remoteReady();
      const answer = await this.#pc.createAnswer();
      await this.#pc.setLocalDescription({ type: "answer", sdp: answer.sdp ?? "" });
      this.#describe("answer", this.#pc.localDescription?.sdp ?? answer.sdp ?? "");
    } catch (e) {
      this.#drop(`answer failed: ${String(e)}`);
    }
  }

  /** Signals our description (its candidate lines filtered), then the candidates held back. */
  #describe(type: "offer" | "answer", sdp: string): void {
    if (this.#torn) return;
    const description = { type, sdp: filterSdp(sdp, this.#o.keepCandidate, "local") };
    if (!this.#signaling.signal(this.#peer, { kind: "description", description }))
      return this.#drop(`the ${type} could not be signaled`);
    this.#described = true;
    for (const data of this.#localCandidates.splice(0)) this.#signaling.signal(this.#peer, data);
  }

  #localCandidate(c: RtcIceEvent["candidate"]): void {
    if (this.#torn) return;
    let data: SignalData;
    if (!c) data = { kind: "candidate", candidate: null };
    else if (!keepsCandidate(this.#o.keepCandidate, c.candidate, "local")) return;
    else {
      const { candidate, sdpMid, sdpMLineIndex } = c.toJSON();
      data = { kind: "candidate", candidate: { candidate, sdpMid, sdpMLineIndex } };
    }
    // Candidates follow the description they belong to.
    if (this.#described) this.#signaling.signal(this.#peer, data);
    else this.#localCandidates.push(data);
  }

  #remoteSignal(data: SignalData): void {
    if (this.#torn) return;
    if (data.kind === "description") {
      // Only an offerer takes a description here: the answerer was made with its offer.
      if (data.description.type !== "answer" || this.#remoteSet || !this.#channels.reliable) return;
      const sdp = filterSdp(data.description.sdp, this.#o.keepCandidate, "remote");
      this.#pc.setRemoteDescription({ type: "answer", sdp }).then(
        () => this.#remoteReady(),
        (e: unknown) => this.#drop(`answer refused: ${String(e)}`),
      );
      return;
    }
    const c = data.candidate;
    // End of candidates needs no action: ICE ends its checks on its own.
    if (!c || !keepsCandidate(this.#o.keepCandidate, c.candidate, "remote")) return;
    if (this.#remoteSet) this.#addCandidate(c);
    else if (this.#remoteCandidates.length < MAX_PENDING_CANDIDATES) this.#remoteCandidates.push(c);
  }

  #remoteReady(): void {
    if (this.#torn) return;
    this.#remoteSet = true;
    for (const c of this.#remoteCandidates.splice(0)) this.#addCandidate(c);
  }

  #addCandidate(c: RtcCandidate): void {
    // A candidate the connection refuses (stale, or of another attempt) only misses a path.
    this.#pc.addIceCandidate(c).catch(() => {});
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
    for (const dc of Object.values(this.#channels)) {
      dc.onopen = dc.onclose = dc.onmessage = null;
      dc.close();
    }
    this.#pc.onicecandidate = this.#pc.ondatachannel = this.#pc.onconnectionstatechange = null;
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
