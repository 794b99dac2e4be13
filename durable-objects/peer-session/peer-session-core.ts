// The logic of one peer session's signaling object, free of the platform: who is connected
// (peer ids in join order, never reused), who hosts a listen session and the election when
// the host goes, the signaling protocol (shared/peer/signal-messages.ts) and the relay of
// binary frames between peers (shared/peer/relay-frame.ts). The PeerSession Durable Object
// feeds it sockets and frames and gives it a sink; the time is passed in.
//
// Host rule (listen sessions): the host is the registering account's first socket (its
// ticket says role "host"); until it connects, peers are refused with 4400 (retryable). When
// the host leaves or drops, the connected peer with the lowest peer id (the one that joined
// earliest) becomes host, the epoch goes up by one and every peer hears `host` with the last
// roster the old host sent. P2P sessions have no host. A session nobody is left in has ended.

import type { SessionRole } from "../../server/auth/index.js";
import type { PeerSessionConfig } from "../../server/peer/peer-session-address.js";
import { decodeRelayFrame, MAX_RELAY_FRAME_BYTES } from "../../shared/peer/relay-frame.js";
import { SIGNAL_ERROR, type SignalErrorCode } from "../../shared/peer/signal-errors.js";
import {
  type IceServer,
  MAX_SIGNAL_FRAME_BYTES,
  type PeerInfo,
  type RosterEntry,
  SignalClientMessage,
  type SignalServerMessage,
} from "../../shared/peer/signal-messages.js";
import { CLOSE, type CloseCode } from "../../shared/protocol/close-codes.js";
import { RateLimiter } from "../../shared/room/rate-limiter.js";
import type { SessionUsage } from "./session-usage.js";

/** Sockets one account may hold in one session (tabs, a reconnect overlapping its drop). */
export const MAX_SOCKETS_PER_ACCOUNT = 3;

/**
 * Frames per second one socket may send, sustained, and the burst above it. A listen host
 * relaying 30 snapshots/s to 7 peers sends 210 frames/s; the object as a whole handles about
 * 1,000 incoming events/s (docs/api.md#relay-frames).
 */
export const PEER_FRAMES_PER_S = 300;
export const PEER_FRAME_BURST = 600;

/** Unsent bytes past which unreliable relayed frames to a receiver are dropped. */
export const UNRELIABLE_BACKLOG_BYTES = 256 * 1024;

/** Unsent bytes past which a receiver of reliable relayed frames is closed with 4301. */
export const MAX_BACKLOG_BYTES = 1024 * 1024;

/** Highest peer id (a u16 in relay frame headers). */
export const MAX_PEER_ID = 65_535;

/** What the session keeps in storage across restarts (peers come back from attachments). */
export interface PeerSessionState {
  readonly config: PeerSessionConfig;
  /** The id the next admitted peer gets. */
  nextPeerId: number;
  /** Host changes so far; 0 until the first migration. */
  epoch: number;
  /** The connected host of a listen session; null before it connects, and in P2P. */
  hostPeerId: number | null;
  /** The last roster the host sent. */
  roster: RosterEntry[];
  /** Set once nobody is left (or the host removed the session): no one joins again. */
  ended: boolean;
}

/** A connected peer, as its socket's attachment keeps it. */
export interface SessionPeer extends PeerInfo {
  /** The role its ticket gave; "host" matters only for the first host socket. */
  readonly role: SessionRole;
}

/** Who opens a socket, as the Worker verified it. */
export interface Joining {
  readonly accountId: string;
  readonly name: string;
  readonly role: SessionRole;
  readonly iceServers: readonly IceServer[];
}

/** Whether a socket is admitted: its peer and the welcome to send it, or the close. */
export type Admission =
  | {
      readonly ok: true;
      readonly peer: SessionPeer;
      readonly welcome: Extract<SignalServerMessage, { type: "welcome" }>;
    }
  | { readonly ok: false; readonly code: CloseCode; readonly detail: string };

/** What the core needs from the platform. */
export interface PeerSessionSink {
  /** Sends a signaling message to a connected peer. */
  send(peerId: number, message: SignalServerMessage): void;
  /** Sends a relayed binary frame to a connected peer. */
  relay(peerId: number, frame: Uint8Array): void;
  /** Bytes queued on the peer's socket, not yet sent. */
  backlog(peerId: number): number;
  /** Closes a peer's socket (the core has already forgotten the peer). */
  close(peerId: number, code: CloseCode, detail: string): void;
  /** The state changed: store it (the write may complete after this returns). */
  persist(state: PeerSessionState): void;
  /** Usage counts went from persisted to changed: persist them within a few seconds. */
  counted(): void;
  /** The connected peers changed (one joined or left): tell session search. */
  peersChanged(): void;
  /** The session ended (its peers are closed): take it out of session search. */
  ended(): void;
}

/** The fresh state of a session just configured. */
export function newSessionState(config: PeerSessionConfig): PeerSessionState {
  return { config, nextPeerId: 1, epoch: 0, hostPeerId: null, roster: [], ended: false };
}

/** Why a peer left, as `peer-left` tells the others. */
function leaveReason(code: number): string {
  if (code === 1000 || code === 1001) return "left";
  if (code === 1005 || code === 1006) return "connection lost";
  return `closed with ${code}`;
}

const encoder = new TextEncoder();

/** One session's peers, host and relay. */
export class PeerSessionCore {
  readonly #state: PeerSessionState;
  readonly #usage: SessionUsage;
  readonly #sink: PeerSessionSink;
  /** Connected peers by id, in join order (ids only grow). */
  readonly #peers = new Map<number, SessionPeer>();
  readonly #limits = new Map<number, RateLimiter>();

  /**
   * @param peers the peers whose sockets are open (after a restart, from their attachments)
   */
  constructor(
    state: PeerSessionState,
    peers: Iterable<SessionPeer>,
    usage: SessionUsage,
    sink: PeerSessionSink,
  ) {
    this.#state = state;
    this.#usage = usage;
    this.#sink = sink;
    for (const p of [...peers].sort((a, b) => a.peerId - b.peerId)) this.#peers.set(p.peerId, p);
    // A deploy drops every socket without a close event: a host whose socket did not come
    // back has left. The earliest peer still here takes over; with nobody here, the host's
    // place waits for the next host-ticket socket (a deploy is not everyone leaving).
    const host = state.hostPeerId;
    if (host !== null && !this.#peers.has(host)) {
      if (this.#peers.size > 0) this.#elect();
      else {
        state.hostPeerId = null;
        state.epoch++;
      }
      sink.persist(state);
    }
  }

  /** The session's configuration. */
  get config(): PeerSessionConfig {
    return this.#state.config;
  }

  /** True once the session ended. */
  get ended(): boolean {
    return this.#state.ended;
  }

  /** Peers connected now. */
  get connected(): number {
    return this.#peers.size;
  }

  /** The hosting peer of a listen session, or null. */
  get hostPeerId(): number | null {
    return this.#state.hostPeerId;
  }

  /** Decides on a new socket; an admitted peer gets the next id and the others hear of it. */
  admit(joining: Joining): Admission {
    const s = this.#state;
    const refuse = (code: CloseCode, detail: string) => ({ ok: false, code, detail }) as const;
    if (s.ended) return refuse(CLOSE.SESSION_ENDED, "the session has ended");
    if (this.#peers.size >= s.config.capacity)
      return refuse(CLOSE.ROOM_FULL, `the session has ${s.config.capacity} peers`);
    let sockets = 0;
    for (const p of this.#peers.values()) if (p.accountId === joining.accountId) sockets++;
    if (sockets >= MAX_SOCKETS_PER_ACCOUNT)
      return refuse(CLOSE.RATE_LIMITED, `at most ${MAX_SOCKETS_PER_ACCOUNT} sockets per account`);
    const listen = s.config.kind === "listen";
    const hosts = listen && s.hostPeerId === null;
    if (hosts && joining.role !== "host")
      return refuse(CLOSE.HOST_LEFT, "the host has not connected yet");
    if (s.nextPeerId > MAX_PEER_ID) return refuse(CLOSE.ROOM_FULL, "peer ids used up");
    const peer: SessionPeer = {
      peerId: s.nextPeerId++,
      name: joining.name,
      accountId: joining.accountId,
      role: joining.role,
    };
    if (hosts) s.hostPeerId = peer.peerId;
    const others = [...this.#peers.values()].map(info);
    this.#peers.set(peer.peerId, peer);
    if (this.#usage.add("peersJoined")) this.#sink.counted();
    this.#sink.persist(s);
    this.#sink.peersChanged();
    for (const other of others)
      this.#sink.send(other.peerId, { type: "peer-joined", peer: info(peer) });
    return {
      ok: true,
      peer,
      welcome: {
        type: "welcome",
        sessionId: s.config.sessionId,
        kind: s.config.kind,
        peerId: peer.peerId,
        hostPeerId: listen ? s.hostPeerId : null,
        epoch: s.epoch,
        peers: others,
        iceServers: [...joining.iceServers],
        maxRelayFrameBytes: MAX_RELAY_FRAME_BYTES,
      },
    };
  }

  /** A frame from peer `peerId` at `now` (ms): text is signaling, binary is relayed. */
  receive(peerId: number, frame: string | Uint8Array, now: number): void {
    if (!this.#peers.has(peerId)) return; // a socket the core already let go
    let limit = this.#limits.get(peerId);
    if (!limit) {
      limit = new RateLimiter(PEER_FRAMES_PER_S, PEER_FRAME_BURST, now);
      this.#limits.set(peerId, limit);
    }
    if (!limit.take(now))
      return this.#drop(peerId, CLOSE.RATE_LIMITED, `over ${PEER_FRAMES_PER_S} frames/s`);
    if (typeof frame === "string") this.#signal(peerId, frame);
    else this.#relay(peerId, frame);
  }

  /**
   * Peer `peerId`'s socket closed (`code` as it came: 1000 a goodbye, 1006 a lost link). The
   * others hear `peer-left`; a leaving host hands over to the earliest peer; the last one out
   * ends the session.
   */
  leave(peerId: number, code: number): void {
    if (!this.#peers.delete(peerId)) return;
    this.#limits.delete(peerId);
    const reason = leaveReason(code);
    for (const other of this.#peers.keys())
      this.#sink.send(other, { type: "peer-left", peerId, reason });
    const s = this.#state;
    if (this.#peers.size === 0) return this.end("everyone left");
    if (s.hostPeerId === peerId) this.#elect();
    this.#sink.persist(s);
    this.#sink.peersChanged();
  }

  /** The connected peer that joined earliest hosts now; everyone hears it with the roster. */
  #elect(): void {
    const s = this.#state;
    const [next] = this.#peers.keys(); // insertion order is join order: the lowest id
    s.hostPeerId = next!;
    s.epoch++;
    const host = { type: "host", hostPeerId: next!, epoch: s.epoch, roster: s.roster } as const;
    for (const other of this.#peers.keys()) this.#sink.send(other, host);
  }

  /** Ends the session: every peer is closed with 4401 and no one joins again. */
  end(detail: string): void {
    const s = this.#state;
    if (s.ended) return;
    s.ended = true;
    s.hostPeerId = null;
    const peers = [...this.#peers.keys()];
    this.#peers.clear();
    this.#limits.clear();
    this.#sink.persist(s);
    for (const peerId of peers) this.#sink.close(peerId, CLOSE.SESSION_ENDED, detail);
    this.#sink.ended();
  }

  #signal(from: number, text: string): void {
    // A string's UTF-8 size is between its length and three times it: encode only when unsure.
    if (
      text.length > MAX_SIGNAL_FRAME_BYTES ||
      (text.length * 3 > MAX_SIGNAL_FRAME_BYTES &&
        encoder.encode(text).length > MAX_SIGNAL_FRAME_BYTES)
    )
      return this.#drop(from, CLOSE.FRAME_TOO_LARGE, `text over ${MAX_SIGNAL_FRAME_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.#error(from, SIGNAL_ERROR.MALFORMED_FRAME, "text frames are JSON");
    }
    const parsed = SignalClientMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
      return this.#error(from, SIGNAL_ERROR.INVALID_MESSAGE, `${where}${issue?.message}`);
    }
    const m = parsed.data;
    if (m.type === "signal") {
      if (m.to === from || !this.#peers.has(m.to))
        return this.#error(from, SIGNAL_ERROR.UNKNOWN_PEER, `no peer ${m.to} to signal`);
      this.#sink.send(m.to, { type: "signal", from, data: m.data });
    } else {
      if (this.#state.config.kind !== "listen" || this.#state.hostPeerId !== from)
        return this.#error(from, SIGNAL_ERROR.NOT_HOST, "only the host sends the roster");
      this.#state.roster = m.players;
      this.#sink.persist(this.#state);
    }
    if (this.#usage.add("signalMessages")) this.#sink.counted();
  }

  #relay(from: number, frame: Uint8Array): void {
    if (frame.length > MAX_RELAY_FRAME_BYTES)
      return this.#error(
        from,
        SIGNAL_ERROR.FRAME_TOO_LARGE,
        `relay frame of ${frame.length} bytes over ${MAX_RELAY_FRAME_BYTES}`,
      );
    const decoded = decodeRelayFrame(frame);
    if (!decoded.ok) return this.#error(from, SIGNAL_ERROR.MALFORMED_RELAY_FRAME, decoded.error);
    const to = decoded.value.peerId;
    if (to === from || !this.#peers.has(to))
      return this.#error(from, SIGNAL_ERROR.UNKNOWN_PEER, `no peer ${to} to relay to`);
    const backlog = this.#sink.backlog(to);
    if (decoded.value.unreliable && backlog > UNRELIABLE_BACKLOG_BYTES) {
      if (this.#usage.add("relayDroppedFrames")) this.#sink.counted();
      return;
    }
    if (backlog > MAX_BACKLOG_BYTES)
      return this.#drop(to, CLOSE.SLOW_CONSUMER, `${backlog} bytes of relayed frames unsent`);
    // The header named the destination; the receiver reads the source there. Rewritten in
    // place: the frame is this event's own copy.
    frame[0] = from >>> 8;
    frame[1] = from & 0xff;
    this.#sink.relay(to, frame);
    const first = this.#usage.add("relayFrames");
    this.#usage.add("relayBytes", frame.length);
    if (first) this.#sink.counted();
  }

  #error(peerId: number, code: SignalErrorCode, message: string): void {
    this.#sink.send(peerId, { type: "error", code, message: message.slice(0, 256) });
  }

  /** Closes a peer for breaking a limit, and handles its departure at once. */
  #drop(peerId: number, code: CloseCode, detail: string): void {
    this.leave(peerId, code.code);
    this.#sink.close(peerId, code, detail);
  }
}

function info(p: SessionPeer): PeerInfo {
  return { peerId: p.peerId, name: p.name, accountId: p.accountId };
}
