// The part of RTCPeerConnection a data-channel link uses, as a structural type: a browser's
// global fits it as declared, werift's Node implementation at runtime (its declarations say
// Buffer where browsers say ArrayBufferView). Handlers take `never`: each platform declares
// its own event types, and a link only assigns handlers, reading the fields typed below.

/** A session description as signaled. */
export interface RtcDescription {
  readonly type: "offer" | "answer";
  readonly sdp: string;
}

/** An ICE candidate as signaled (RTCIceCandidateInit). */
export interface RtcCandidate {
  readonly candidate: string;
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
}

/** One data channel. */
export interface RtcDataChannelLike {
  readonly label: string;
  readonly readyState: "connecting" | "open" | "closing" | "closed";
  readonly bufferedAmount: number;
  /** Browsers: "arraybuffer" makes binary messages ArrayBuffers (werift hands out Buffers). */
  binaryType?: string;
  /** Browsers take views of an ArrayBuffer only (never of a SharedArrayBuffer). */
  send(data: Uint8Array<ArrayBuffer>): void;
  close(): void;
  onopen: ((event: never) => void) | null | undefined;
  onclose: ((event: never) => void) | null | undefined;
  /** The event's `data`: an ArrayBuffer (browsers), a Buffer (werift) or a string. */
  onmessage: ((event: never) => void) | null | undefined;
  onerror: ((event: never) => void) | null | undefined;
}

/** A data channel's message event, as a link reads it. */
export interface RtcMessageEvent {
  readonly data: unknown;
}

/** A gathered candidate (undefined or null: gathering is complete). */
export interface RtcIceEvent {
  readonly candidate?: { readonly candidate: string; toJSON(): RtcCandidate } | null;
}

/** A data channel the other side opened. */
export interface RtcDataChannelEvent {
  readonly channel: RtcDataChannelLike;
}

/** What a data channel is made with (RTCDataChannelInit). */
export interface RtcDataChannelInit {
  readonly ordered?: boolean;
  readonly maxRetransmits?: number;
  readonly maxPacketLifeTime?: number;
}

/** The configuration a link passes to the constructor (RTCConfiguration). */
export interface RtcConfiguration {
  // Mutable arrays: the platforms' declarations take them so.
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  iceTransportPolicy: "all" | "relay";
}

/** One entry of a getStats() report. */
export interface RtcStat {
  readonly type: string;
  readonly id: string;
  readonly [field: string]: unknown;
}

/** An RTCPeerConnection, as far as a data-channel link uses it. */
export interface RtcPeerConnectionLike {
  readonly connectionState: string;
  readonly localDescription: { readonly type: string; readonly sdp: string } | null;
  createDataChannel(label: string, init?: RtcDataChannelInit): RtcDataChannelLike;
  createOffer(): Promise<{ readonly type: string; readonly sdp?: string }>;
  createAnswer(): Promise<{ readonly type: string; readonly sdp?: string }>;
  setLocalDescription(description: RtcDescription): Promise<unknown>;
  setRemoteDescription(description: RtcDescription): Promise<unknown>;
  addIceCandidate(candidate: RtcCandidate): Promise<unknown>;
  getStats(): Promise<{ forEach(callback: (stat: RtcStat) => void): void }>;
  close(): unknown;
  /** The event: {@link RtcIceEvent}. */
  onicecandidate: ((event: never) => void) | null;
  /** The event: {@link RtcDataChannelEvent}. */
  ondatachannel: ((event: never) => void) | null;
  onconnectionstatechange: ((event: never) => void) | null;
}

/** The RTCPeerConnection constructor (`globalThis.RTCPeerConnection`, werift's in Node). */
export type RtcPeerConnectionConstructor = new (
  configuration: RtcConfiguration,
) => RtcPeerConnectionLike;
