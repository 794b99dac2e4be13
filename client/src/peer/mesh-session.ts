// joinMesh(): one peer's place in a P2P session — a createMesh mesh whose links to the other
// peers are made through the session's signaling socket.
//
// The link rule: of each pair, the peer with the higher id (it joined later) makes the link
// — it offers data channels and, when they do not open in time, opens the relayed link
// (peerTransport) — and the lower one accepts it (PeerAcceptor). So a newcomer links to every
// peer its welcome lists and accepts the links of everyone who joins after it; each pair makes
// exactly one link, and the peers need to agree on nothing but the ids signaling hands out.
// A link enters the mesh once it is open, so an accepted direct attempt that never opens is
// simply replaced by the relayed link its offerer falls back to. Signaling's `peer-left`
// removes the peer from the mesh (its entities handed over when asked).

import { CLOSE } from "../../../shared/protocol/close-codes.js";
import { Emitter } from "../emitter.js";
import { now } from "../room-connection.js";
import type { Transport } from "../transport/transport.js";
import { createMesh, type LeaveOptions, type Mesh } from "./mesh/mesh.js";
import { MAX_MESH_PEERS, type MeshGame, type MeshOptions } from "./mesh/mesh-options.js";
import { PeerAcceptor } from "./peer-acceptor.js";
import { type PeerLinkReport, type PeerTransportOptions, peerTransport } from "./peer-transport.js";
import { type ResolvedRtcOptions, resolveRtcOptions } from "./rtc-options.js";
import type { RtcTransport } from "./rtc-transport.js";
import { SignalingClient } from "./signaling-client.js";
import type { SignalingOptions } from "./signaling-options.js";

/** How to join a P2P session. */
export interface JoinMeshOptions {
  /** The game every peer plays (its name and schema are checked in each link's HELLO). */
  readonly game: MeshGame;
  /** The session's signaling socket, or where to open it (POST /v1/sessions or …/join). */
  readonly signaling: SignalingClient | SignalingOptions;
  /** The mesh's settings but the game and the peer id (those come from the welcome). */
  readonly mesh?: Omit<MeshOptions, "game" | "peerId">;
  /**
   * How links are made: data channels (`rtc`: the RTCPeerConnection constructor — werift's in
   * Node —, ICE servers, by default the welcome's, the candidate filter, the time before
   * falling back), then the relay (`relay`). The same settings answer the offers of peers
   * that link to this one.
   * @default {} (direct, then the relay)
   */
  readonly link?: Omit<PeerTransportOptions, "onreport">;
  /**
   * When a peer leaves the session: true hands its entities to the remaining peer with the
   * lowest id (docs/sessions.md, "Handover"), false removes them. Give every peer the same.
   * @default false
   */
  readonly handover?: boolean;
}

/** Which end of a pair made its link: the higher id offers, the lower accepts. */
export type MeshLinkRole = "offered" | "accepted";

/** How the link to one peer was made; times in ms from when this peer learnt of it. */
export interface MeshLinkReport extends PeerLinkReport {
  readonly peerId: number;
  readonly role: MeshLinkRole;
}

/** The link to one other peer of the session, as {@link MeshSession.links} lists it. */
export interface MeshLinkState {
  readonly peerId: number;
  readonly role: MeshLinkRole;
  /** `open`: the link is in the mesh. `closed`: it ended (see `closed`) and none is made now. */
  readonly state: "connecting" | "open" | "closed";
  /** How the latest link opened (undefined before it did). */
  readonly report: PeerLinkReport | undefined;
  /** Why the latest link ended. */
  readonly closed: { readonly code: number; readonly reason: string } | undefined;
}

/** Events of a {@link MeshSession}. */
export interface MeshSessionEvents {
  /** A link opened and joined the mesh; for a direct one, once its path is known. */
  link: MeshLinkReport;
  /** The signaling socket closed: this peer is out of the session (its links close too). */
  close: { readonly code: number; readonly reason: string };
}

/** One other peer of the session and its link. */
interface PeerEntry {
  readonly peerId: number;
  readonly role: MeshLinkRole;
  /** When this peer learnt of it (the welcome, `peer-joined`, or its first link). */
  readonly startedAt: number;
  /** The link being made (not in the mesh yet). */
  pending: Transport | undefined;
  /** The link in the mesh. */
  linked: Transport | undefined;
  report: PeerLinkReport | undefined;
  closed: { code: number; reason: string } | undefined;
  /** Accepted side: when the offerer's direct attempt ended here, and why. */
  directFailure: { atMs: number; reason: string } | undefined;
}

/**
 * This peer's place in a P2P session: its mesh, and the links signaling makes for it.
 * Create it with {@link joinMesh}.
 */
export class MeshSession {
  readonly signaling: SignalingClient;
  /** The mesh: write this peer's entities into `mesh.local`, read the others' mirrors. */
  readonly mesh: Mesh;
  readonly #options: JoinMeshOptions;
  readonly #events = new Emitter<MeshSessionEvents>();
  readonly #peers = new Map<number, PeerEntry>();
  readonly #acceptor: PeerAcceptor;
  readonly #unsubscribe: (() => void)[];
  /** A link being swapped out of the mesh: its `peer-left` is not the pair's end. */
  #replacing = false;
  #closed = false;

  /** @internal joinMesh() builds it. */
  constructor(
    signaling: SignalingClient,
    options: JoinMeshOptions,
    rtc: ResolvedRtcOptions | undefined,
  ) {
    this.signaling = signaling;
    this.#options = options;
    this.mesh = createMesh({ ...options.mesh, game: options.game, peerId: signaling.peerId });
    this.mesh.on("peer-left", ({ peerId, code, reason }) => this.#unlinked(peerId, code, reason));
    // Subscribed before any link is made, so a departure reaches the mesh before the link's
    // own close (with the handover asked for, not as a drop).
    this.#unsubscribe = [
      signaling.on("peer-joined", ({ peerId }) => this.#meet(peerId)),
      signaling.on("peer-left", ({ peerId, reason }) => this.#departed(peerId, reason)),
      signaling.on("close", ({ code, reason }) => this.#end(code, reason)),
    ];
    this.#acceptor = new PeerAcceptor(signaling, rtc, (peerId, link) =>
      this.#accepted(peerId, link),
    );
    for (const peerId of signaling.peers.keys()) this.#meet(peerId);
  }

  /** The session's id. */
  get sessionId(): string {
    return this.signaling.welcome.sessionId;
  }

  /** This peer's id in the session (and in the mesh). */
  get peerId(): number {
    return this.signaling.peerId;
  }

  /** True once this peer left or its signaling socket closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The link to each other peer of the session, by ascending id (a fresh list). */
  links(): MeshLinkState[] {
    return [...this.#peers.values()]
      .sort((a, b) => a.peerId - b.peerId)
      .map((p) => ({
        peerId: p.peerId,
        role: p.role,
        state: p.linked ? "open" : !p.pending && p.closed ? "closed" : "connecting",
        report: p.report,
        closed: p.closed,
      }));
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof MeshSessionEvents>(
    event: K,
    listener: (payload: MeshSessionEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * Leaves the session: the mesh leaves (with `handover`, a last update and a HANDOVER go to
   * every joined peer first, docs/sessions.md) and the signaling socket closes, which tells
   * the others. Idempotent.
   */
  leave(options: LeaveOptions = {}): void {
    if (this.#closed) return;
    this.mesh.leave(options);
    this.signaling.close(CLOSE.NORMAL.code, "left the mesh");
  }

  /** A peer of the session: this one links to it when its id is the higher. */
  #meet(peerId: number): PeerEntry {
    const known = this.#peers.get(peerId);
    if (known) return known;
    const entry: PeerEntry = {
      peerId,
      role: peerId < this.peerId ? "offered" : "accepted",
      startedAt: now(),
      pending: undefined,
      linked: undefined,
      report: undefined,
      closed: undefined,
      directFailure: undefined,
    };
    this.#peers.set(peerId, entry);
    if (entry.role === "offered") this.#offer(entry);
    return entry;
  }

  #offer(entry: PeerEntry): void {
    const link = peerTransport(this.signaling, entry.peerId, {
      ...this.#options.link,
      // Once open; a direct link's comes a moment later, with the path from the statistics.
      onreport: (report) => {
        if (entry.linked !== link) return;
        entry.report = report;
        this.#events.emit("link", { ...report, peerId: entry.peerId, role: entry.role });
      },
    });
    this.#attempt(entry, link);
  }

  /** A link the other peer made to this one (data channels being answered, or relayed). */
  #accepted(peerId: number, link: Transport): void {
    if (this.#closed || !this.signaling.peers.has(peerId))
      return link.close(CLOSE.GOING_AWAY.code, "not in the session");
    if (peerId < this.peerId)
      return link.close(CLOSE.UNEXPECTED_MESSAGE.code, "the higher peer id makes the link");
    const entry = this.#meet(peerId);
    const previous = entry.pending;
    // The offerer's direct attempt failed on its side: its relayed link takes over.
    if (previous) {
      previous.onopen = previous.onclose = null;
      previous.close(CLOSE.NORMAL.code, "replaced by a newer link");
      entry.directFailure ??= {
        atMs: now() - entry.startedAt,
        reason: "the offerer gave up on data channels",
      };
    }
    this.#attempt(entry, link);
  }

  /** Watches a link until it opens (then it joins the mesh) or ends first. */
  #attempt(entry: PeerEntry, link: Transport): void {
    entry.pending = link;
    link.onopen = () => this.#opened(entry, link);
    link.onclose = (code, reason) => {
      if (entry.pending !== link) return;
      entry.pending = undefined;
      entry.closed = { code, reason };
      if (entry.role === "accepted" && link.path !== "relay")
        entry.directFailure = { atMs: now() - entry.startedAt, reason };
    };
    link.onmessage = link.onerror = null;
  }

  #opened(entry: PeerEntry, link: Transport): void {
    entry.pending = undefined;
    // A pair has one link in the mesh: a newer one replaces the old (its peer made it after
    // the old one died on its side, before this side noticed).
    if (entry.linked) {
      this.#replacing = true;
      this.mesh.removePeer(entry.peerId);
      this.#replacing = false;
      entry.linked = undefined;
    }
    if (this.mesh.peers().length + 1 >= MAX_MESH_PEERS) {
      entry.closed = { code: CLOSE.ROOM_FULL.code, reason: "the mesh is full" };
      link.onclose = null;
      return link.close(CLOSE.ROOM_FULL.code, `a mesh holds at most ${MAX_MESH_PEERS} peers`);
    }
    this.mesh.addPeer(entry.peerId, link);
    entry.linked = link;
    entry.closed = undefined;
    if (entry.role === "accepted") void this.#reportAccepted(entry, link);
  }

  /** The accepted side measures its link as the offerer does (peer-transport.ts). */
  async #reportAccepted(entry: PeerEntry, link: Transport): Promise<void> {
    const openMs = now() - entry.startedAt;
    // A data-channel link learns its path (direct or TURN) from the statistics once open.
    const learnt = "pathLearnt" in link ? await (link as RtcTransport).pathLearnt : undefined;
    if (entry.linked !== link) return;
    const path = learnt ?? link.path;
    const failure = path === "relay" ? entry.directFailure : undefined;
    const report: PeerLinkReport = failure
      ? { path, openMs, fallbackMs: failure.atMs, directFailure: failure.reason }
      : { path, openMs };
    entry.report = report;
    this.#events.emit("link", { ...report, peerId: entry.peerId, role: entry.role });
  }

  /** The mesh let a peer go: its link dropped, or it was removed or handed over. */
  #unlinked(peerId: number, code: number, reason: string): void {
    const entry = this.#peers.get(peerId);
    if (this.#replacing || !entry) return;
    entry.linked = undefined;
    entry.closed = { code, reason };
  }

  /** Signaling says the peer left the session. */
  #departed(peerId: number, reason: string): void {
    const entry = this.#peers.get(peerId);
    if (!entry) return;
    this.#peers.delete(peerId);
    this.#drop(entry, CLOSE.GOING_AWAY.code, `peer left the session: ${reason}`.slice(0, 123));
    this.mesh.removePeer(peerId, { handover: this.#options.handover ?? false });
  }

  /** Out of the session: the links in the mesh close on their own (closeOnDeparture). */
  #end(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#acceptor.close();
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const entry of this.#peers.values()) this.#drop(entry, CLOSE.SESSION_ENDED.code, reason);
    this.#events.emit("close", { code, reason });
  }

  /** Gives up the link being made to a peer. */
  #drop(entry: PeerEntry, code: number, reason: string): void {
    const link = entry.pending;
    if (!link) return;
    entry.pending = undefined;
    entry.closed = { code, reason };
    link.onopen = link.onclose = null;
    link.close(code, reason);
  }
}

/**
 * Joins a P2P session: opens its signaling socket (unless given one), makes a mesh with
 * this peer's id and links it to every other peer by the link rule above.
 * @example
 * const joined = await http.joinPeerSession(sessionId); // or http.registerSession({ kind: "p2p", … })
 * const session = await joinMesh({
 *   game: arenaGame,
 *   signaling: { signalUrl: joined.signalUrl, ticket: joined.ticket, baseUrl: location.origin },
 * });
 * const ship = session.mesh.local.spawn(); // this peer's entities
 * session.mesh.start();
 * session.on("link", ({ peerId, path }) => console.info("peer", peerId, "over", path));
 * @throws ConnectError when the signaling socket cannot be opened
 * @throws TypeError or RangeError naming a bad option; Error when the session is not P2P
 */
export async function joinMesh(options: JoinMeshOptions): Promise<MeshSession> {
  const direct = options.link?.direct !== false;
  // Checked before the socket opens: a bad option costs no session seat.
  const rtc = direct ? resolveRtcOptions(options.link?.rtc) : undefined;
  const given = options.signaling instanceof SignalingClient;
  const signaling = given
    ? (options.signaling as SignalingClient)
    : await SignalingClient.connect(options.signaling as SignalingOptions);
  try {
    const { kind, sessionId } = signaling.welcome;
    if (kind !== "p2p") throw new Error(`session ${sessionId} is a ${kind} session, not p2p`);
    return new MeshSession(signaling, options, rtc);
  } catch (e) {
    // A socket we opened is ours to close; the caller's stays theirs.
    if (!given) signaling.close();
    throw e;
  }
}
