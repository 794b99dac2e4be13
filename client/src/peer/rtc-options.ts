// Settings of a WebRTC data-channel link: ICE servers, how long the data channels may take
// to open, the unreliable channel's parameters and the candidate filter. All optional;
// resolved and validated once, with a RangeError naming the field.

import type { IceServer } from "../../../shared/peer/signal-messages.js";
import {
  type CandidateFilter,
  type CandidateInfo,
  candidatePredicate,
} from "./candidate-filter.js";
import type { RtcPeerConnectionConstructor } from "./rtc-peer-connection.js";

/** Parameters of the unreliable data channel (RTCDataChannelInit). */
export interface UnreliableChannelOptions {
  /**
   * Deliver in order (stale frames are then dropped by the receiver's SCTP, never late).
   * @default false
   */
  ordered?: boolean;
  /**
   * Retransmissions of a lost message (0: none). Exclusive with `maxPacketLifeTime`.
   * @default 0 (when maxPacketLifeTime is not set)
   */
  maxRetransmits?: number;
  /** Milliseconds a message may be retransmitted for. Exclusive with `maxRetransmits`. */
  maxPacketLifeTime?: number;
}

/** How a peer makes WebRTC links. */
export interface RtcOptions {
  /**
   * STUN and TURN servers. Undefined: the ones the session's welcome carries (the Worker's
   * STUN_URLS, and TURN_URLS with time-limited credentials).
   * @default undefined (the welcome's)
   */
  iceServers?: IceServer[];
  /**
   * Milliseconds the data channels may take to open before the direct attempt is given up
   * (and a session falls back to the relay).
   * @default 5000
   */
  connectTimeoutMs?: number;
  /** The unreliable channel (the reliable one is always ordered with retransmissions). */
  unreliable?: UnreliableChannelOptions;
  /**
   * Which ICE candidates are used (see candidate-filter.ts): "all", "no-host", "relay-only"
   * (also sets iceTransportPolicy "relay") or a predicate.
   * @default "all"
   */
  candidateFilter?: CandidateFilter;
  /**
   * The RTCPeerConnection constructor: werift's in Node (`import { RTCPeerConnection } from
   * "werift"`, passed as RtcPeerConnectionConstructor).
   * @default globalThis.RTCPeerConnection
   */
  RTCPeerConnection?: RtcPeerConnectionConstructor;
}

/** RtcOptions resolved. */
export interface ResolvedRtcOptions {
  /** Undefined: the welcome's. */
  readonly iceServers: IceServer[] | undefined;
  readonly connectTimeoutMs: number;
  readonly unreliable: { ordered: boolean; maxRetransmits?: number; maxPacketLifeTime?: number };
  readonly keepCandidate: (c: CandidateInfo) => boolean;
  readonly iceTransportPolicy: "all" | "relay";
  readonly RTCPeerConnection: RtcPeerConnectionConstructor;
}

/** Defaults of the optional RtcOptions fields. */
export const DEFAULT_RTC_OPTIONS = {
  connectTimeoutMs: 5000,
  unreliable: { ordered: false, maxRetransmits: 0 },
  candidateFilter: "all",
} as const;

/** Fills defaults and validates, throwing an error that names the field. */
export function resolveRtcOptions(options: RtcOptions = {}): ResolvedRtcOptions {
  const Ctor = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
  if (typeof Ctor !== "function")
    throw new TypeError("rtc.RTCPeerConnection: no global RTCPeerConnection here; pass one");
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_RTC_OPTIONS.connectTimeoutMs;
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1 || connectTimeoutMs > 120_000)
    throw new RangeError(
      `rtc.connectTimeoutMs must be an integer in [1, 120000], got ${connectTimeoutMs}`,
    );
  const filter = options.candidateFilter ?? DEFAULT_RTC_OPTIONS.candidateFilter;
  return {
    iceServers: options.iceServers && checkIceServers(options.iceServers),
    connectTimeoutMs,
    unreliable: resolveUnreliable(options.unreliable),
    keepCandidate: candidatePredicate(filter),
    iceTransportPolicy: filter === "relay-only" ? "relay" : "all",
    RTCPeerConnection: Ctor,
  };
}

function resolveUnreliable(o: UnreliableChannelOptions = {}): ResolvedRtcOptions["unreliable"] {
  const ordered = o.ordered ?? DEFAULT_RTC_OPTIONS.unreliable.ordered;
  if (typeof ordered !== "boolean")
    throw new RangeError(`rtc.unreliable.ordered must be a boolean, got ${String(ordered)}`);
  if (o.maxRetransmits !== undefined && o.maxPacketLifeTime !== undefined)
    throw new RangeError("rtc.unreliable: set maxRetransmits or maxPacketLifeTime, not both");
  if (o.maxPacketLifeTime !== undefined) {
    u16("rtc.unreliable.maxPacketLifeTime", o.maxPacketLifeTime);
    return { ordered, maxPacketLifeTime: o.maxPacketLifeTime };
  }
  const maxRetransmits = o.maxRetransmits ?? DEFAULT_RTC_OPTIONS.unreliable.maxRetransmits;
  u16("rtc.unreliable.maxRetransmits", maxRetransmits);
  return { ordered, maxRetransmits };
}

/** Checks each server's URLs; TURN entries need their credentials. */
export function checkIceServers(servers: IceServer[]): IceServer[] {
  if (!Array.isArray(servers)) throw new RangeError("rtc.iceServers must be an array");
  servers.forEach((server, i) => {
    const urls = typeof server?.urls === "string" ? [server.urls] : server?.urls;
    if (!Array.isArray(urls) || urls.length === 0)
      throw new RangeError(`rtc.iceServers[${i}].urls must be a URL or a non-empty list of them`);
    for (const url of urls) {
      const scheme = /^(stuns?|turns?):/.exec(String(url))?.[1];
      if (!scheme)
        throw new RangeError(
          `rtc.iceServers[${i}].urls: "${String(url)}" is not a stun:, stuns:, turn: or turns: URL`,
        );
      if (scheme.startsWith("turn") && (!server.username || !server.credential))
        throw new RangeError(`rtc.iceServers[${i}] (${url}) needs a username and a credential`);
    }
  });
  return servers;
}

function u16(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new RangeError(`${field} must be an integer in [0, 65535], got ${value}`);
}
