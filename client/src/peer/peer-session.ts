// A peer's place in a listen session (joinSession() makes it): its player plays with the
// same connect() as in a room, its links made to whichever peer hosts the session now: data
// channels or the relay (peerTransport), or, once this peer hosts it, the in-process link to
// its own room.
//
// Host migration. When the host leaves or drops, the signaling object elects the connected
// peer with the lowest peer id (epoch + 1) and sends everyone the last roster the old host
// sent. The elected peer builds a room from its mirror (mirror-snapshot.ts) and the roster
// and starts hosting at once; every peer's link to the old host ends with 4400 HOST_LEFT,
// which is retryable, so its connection reconnects — now to the new host — and resumes the
// player the roster names, with the same player id and entities. The game hears `migrated`
// once its connection is back.

import { CLOSE } from "../../../shared/protocol/close-codes.js";
import { resumeTokenSource } from "../../../shared/room/resume-token.js";
import type { RoomOptions } from "../../../shared/room/room-options.js";
import { connect } from "../connect.js";
import type { ConnectOptions } from "../connect-options.js";
import { Emitter } from "../emitter.js";
import { now, type RoomConnection } from "../room-connection.js";
import type { Transport } from "../transport/transport.js";
import { ForwardingTransport } from "./forwarding-transport.js";
import { ListenHost } from "./listen-host.js";
import { snapshotFromMirror } from "./mirror-snapshot.js";
import { type PeerLinkReport, type PeerTransportOptions, peerTransport } from "./peer-transport.js";
import type { HostChange, SignalingClient } from "./signaling-client.js";
import type { SignalingOptions } from "./signaling-options.js";

/** How to join a listen session. */
export interface JoinSessionOptions<Input>
  extends Omit<ConnectOptions<Input>, "url" | "transport" | "WebSocket"> {
  /** The session's signaling socket, or where to open it (POST /v1/sessions/{id}/join). */
  readonly signaling: SignalingClient | SignalingOptions;
  /** How links to the host are made: data channels (`rtc`), then the relay. */
  readonly link?: Omit<PeerTransportOptions, "onreport">;
  /** The room's settings if this peer comes to host it (as hostSession's `room`). */
  readonly room?: RoomOptions;
}

/** A host migration this peer went through. */
export interface MigrationEvent {
  readonly hostPeerId: number;
  readonly epoch: number;
  /** This peer hosts the session now. */
  readonly becameHost: boolean;
  /** From the announcement of the new host to this peer's connection resumed on it, ms. */
  readonly ms: number;
}

/** Events of a {@link PeerSession}. */
export interface PeerSessionEvents {
  /** A link to the host opened (after joining, and after each reconnection). */
  link: PeerLinkReport;
  /** The session has a new host and this peer's player resumed there. */
  migrated: MigrationEvent;
}

/** This peer's place in a listen session: its connection, and its room once it hosts. */
export class PeerSession<Input> {
  readonly signaling: SignalingClient;
  readonly #options: JoinSessionOptions<Input>;
  readonly #events = new Emitter<PeerSessionEvents>();
  #room: RoomConnection<Input> | undefined;
  #host: ListenHost<Input> | undefined;
  #link: PeerLinkReport | undefined;
  #migration: (HostChange & { readonly startedAt: number }) | undefined;
  /** The host our last link went to. */
  #linkedHost: number | undefined;
  /** A host that told us it left (4400) and that the session has not replaced yet. */
  #hostLeft: number | undefined;
  /** Links waiting for the session to announce a host. */
  #waiting = 0;

  /** @internal joinSession() builds it. */
  constructor(signaling: SignalingClient, options: JoinSessionOptions<Input>) {
    this.signaling = signaling;
    this.#options = options;
    // First listener of the socket: a new host is set up before any link reacts.
    signaling.on("host", (change) => this.#hostChanged(change));
  }

  /** The connection of this peer's player (the same object across migrations). */
  get room(): RoomConnection<Input> {
    if (!this.#room) throw new Error("PeerSession.room: not connected yet");
    return this.#room;
  }

  /** The room this peer hosts, once a migration made it the host. */
  get host(): ListenHost<Input> | undefined {
    return this.#host;
  }

  /**
   * True while a reconnection waits for the session to announce the next host (the old one
   * said it left, and no election came yet).
   */
  get waitingForHost(): boolean {
    return this.#waiting > 0;
  }

  /** The latest link to the host, as it was made. */
  get link(): PeerLinkReport | undefined {
    return this.#link;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof PeerSessionEvents>(
    event: K,
    listener: (payload: PeerSessionEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Leaves the session (a host among peers hands over to the next one). */
  close(): void {
    this.#room?.close();
    this.#host?.close();
    this.signaling.close();
  }

  /** @internal Connects this peer's player (joinSession). */
  async start(): Promise<this> {
    const { signaling: _s, link: _l, room: _r, ...connectOptions } = this.#options;
    const room = await connect({ ...connectOptions, transport: () => this.#linkToHost() });
    this.#room = room;
    room.on("state", ({ state, close }) => {
      // The host said it left: until the session names another, links to it are pointless
      // (its departure may reach us after its close frame, and its id still reads as host).
      if (state === "reconnecting" && close?.code === CLOSE.HOST_LEFT.code)
        this.#hostLeft = this.#linkedHost;
      const m = this.#migration;
      if (state !== "resumed" || !m) return;
      this.#migration = undefined;
      const becameHost = m.hostPeerId === this.signaling.peerId;
      const ms = now() - m.startedAt;
      this.#events.emit("migrated", { hostPeerId: m.hostPeerId, epoch: m.epoch, becameHost, ms });
    });
    return this;
  }

  /** A link to the current host; while none is known, one that waits for the announcement. */
  #linkToHost(): Transport {
    const s = this.signaling;
    const host = s.hostPeerId;
    this.#linkedHost = host ?? undefined;
    if (host === s.peerId && this.#host) return this.#host.loopback();
    if (host !== null && host !== s.peerId && host !== this.#hostLeft && s.peers.has(host))
      return peerTransport(s, host, {
        ...this.#options.link,
        onreport: (report) => {
          this.#link = report;
          this.#events.emit("link", report);
        },
      });
    // Given up by its connection (connect timeout) before a host came: stop waiting.
    const pending = new ForwardingTransport("direct", () => stop());
    this.#waiting++;
    let waiting = true;
    const stop = () => {
      if (!waiting) return;
      waiting = false;
      this.#waiting--;
      offHost();
      offClose();
    };
    const offHost = s.on("host", () => {
      stop();
      pending.attach(this.#linkToHost());
    });
    const offClose = s.on("close", () => {
      stop();
      pending.fail(CLOSE.SESSION_ENDED.code, "signaling closed before a new host was elected");
    });
    return pending;
  }

  #hostChanged(change: HostChange): void {
    this.#migration = { ...change, startedAt: now() };
    if (change.hostPeerId !== this.signaling.peerId) return;
    try {
      this.#becomeHost(change);
    } catch (e) {
      // This peer cannot host (its mirror does not restore, bad room options): it leaves,
      // and the session elects the next peer rather than wait on a host that never serves.
      console.error("peer session: cannot take over as host; leaving the session", e);
      this.close();
    }
  }

  /** Hosts the room from this peer's mirror, with the roster's players. */
  #becomeHost({ roster, previousHostPeerId }: HostChange): void {
    const s = this.signaling;
    const { game, room: roomOptions, link } = this.#options;
    const room = this.#room;
    const own = room ? [{ peerId: s.peerId, playerId: room.playerId }] : [];
    const players = [...roster.filter((r) => r.peerId !== s.peerId), ...own];
    const peerOf = (playerId: number) => players.find((r) => r.playerId === playerId)?.peerId;
    const restore =
      room &&
      snapshotFromMirror(
        game,
        room,
        {
          // Players stay with their peers: the old host's own player leaves with it (its
          // departure may be announced after the election).
          keeps: (playerId) => {
            const peer = peerOf(playerId);
            if (peer === s.peerId) return true;
            return peer !== undefined && peer !== previousHostPeerId && s.peers.has(peer);
          },
          accountOf: (playerId) => {
            const peer = peerOf(playerId);
            return peer === undefined || peer === s.peerId
              ? undefined
              : s.peerInfo(peer)?.accountId;
          },
          newToken: resumeTokenSource((bytes) => globalThis.crypto.getRandomValues(bytes)),
        },
        now(),
      );
    // Elected before our own player was welcomed (no mirror): a fresh room.
    this.#host = new ListenHost({
      game,
      signaling: s,
      ...(roomOptions && { room: roomOptions }),
      ...(link?.rtc && { rtc: link.rtc }),
      ...(restore && { restore }),
      roster: players,
    });
  }
}
