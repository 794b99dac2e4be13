// A listen server: the room core of a game running in this tab or process, for the peers of
// a session. Its sink writes to one Transport per connection — each peer's data-channel or
// relayed link (accepted by a PeerAcceptor), and the loopback link of the host's own player —
// SNAPSHOTs on the unreliable channel against last-acknowledged baselines. It ticks on a
// timer only while someone is connected. Peers are admitted as the accounts the session's
// Worker verified (the signaling object names each peer's account): the HELLO's token is not
// read. After each admission and departure the host sends the session its roster (peer →
// player), which a new host needs when this one leaves.
//
// A host built from a migration snapshot resumes each peer's player for it: the peer's
// client still holds the old host's resume token, so the HELLO of a peer the roster names is
// given that player's new token before the core reads it.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { RosterEntry } from "../../../shared/peer/signal-messages.js";
import { decodeClientMessage } from "../../../shared/protocol/client-messages.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import { PROTOCOL_VERSION } from "../../../shared/protocol/limits.js";
import { RoomCore } from "../../../shared/room/room-core.js";
import type { RoomOptions } from "../../../shared/room/room-options.js";
import type { ConnectionId, RoomSink } from "../../../shared/room/room-sink.js";
import type { RoomSnapshot } from "../../../shared/room/room-snapshot.js";
import { connect } from "../connect.js";
import type { ConnectOptions } from "../connect-options.js";
import { now, type RoomConnection } from "../room-connection.js";
import { loopbackTransportPair } from "../transport/loopback-transport.js";
import type { Transport } from "../transport/transport.js";
import { PeerAcceptor } from "./peer-acceptor.js";
import { type RtcOptions, resolveRtcOptions } from "./rtc-options.js";
import type { SignalingClient } from "./signaling-client.js";

/** How a {@link ListenHost} runs. */
export interface ListenHostOptions<Input> {
  /** The game module's definition: the same one the peers play. */
  readonly game: GameDefinition<Input>;
  /** This peer's signaling socket; the session must be a listen session it hosts. */
  readonly signaling: SignalingClient;
  /** The room's settings over the game's (`snapshotChannel` is "unreliable" unless set). */
  readonly room?: RoomOptions;
  /**
   * How offers are answered. Without an RTCPeerConnection (none given, no global one), peers
   * reach the host through the relay only.
   */
  readonly rtc?: RtcOptions;
  /** Continue from a migration snapshot: the room state and each player's new token. */
  readonly restore?: {
    readonly snapshot: RoomSnapshot;
    readonly tokens: ReadonlyMap<number, string>;
  };
  /** Which player each peer was, from the session's last roster (with `restore`). */
  readonly roster?: readonly RosterEntry[];
}

/** What the host's own player passes to {@link ListenHost.connect}. */
export type OwnPlayerOptions<Input> = Omit<
  ConnectOptions<Input>,
  "game" | "url" | "transport" | "WebSocket"
>;

interface Link {
  readonly peerId: number;
  readonly transport: Transport;
}

/** A room hosted by this peer for its session. */
export class ListenHost<Input> {
  readonly core: RoomCore<Input>;
  readonly signaling: SignalingClient;
  readonly #game: GameDefinition<Input>;
  readonly #links = new Map<ConnectionId, Link>();
  readonly #acceptor: PeerAcceptor;
  /** Each peer's player, as the roster says (a migration's, then the admissions'). */
  readonly #players = new Map<number, number>();
  /** Resume tokens of a migration's players, by player id. */
  readonly #tokens: ReadonlyMap<number, string>;
  readonly #unsubscribe: (() => void)[] = [];
  #nextConn = 0;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #roster = "";
  #playerCount = 0;
  #closed = false;

  /** @throws Error when this peer does not host the session. */
  constructor(options: ListenHostOptions<Input>) {
    const { game, signaling } = options;
    const { kind, sessionId } = signaling.welcome;
    if (kind !== "listen" || signaling.hostPeerId !== signaling.peerId)
      throw new Error(
        `peer ${signaling.peerId} does not host session ${sessionId} (${kind}, host ${signaling.hostPeerId})`,
      );
    this.#game = game;
    this.signaling = signaling;
    this.#tokens = options.restore?.tokens ?? new Map();
    for (const { peerId, playerId } of options.roster ?? []) this.#players.set(peerId, playerId);
    const sink: RoomSink = {
      send: (conn, bytes, channel) => this.#links.get(conn)?.transport.send(bytes, channel),
      close: (conn, code, reason) => this.#closeLink(conn, code, reason),
      setTicking: (on) => this.#setTicking(on),
      buffered: (conn) => this.#links.get(conn)?.transport.bufferedAmount ?? 0,
      random: (bytes) => globalThis.crypto.getRandomValues(bytes),
    };
    const room: RoomOptions = { snapshotChannel: "unreliable", ...options.room };
    const restore = options.restore && { snapshot: options.restore.snapshot, now: now() };
    this.core = new RoomCore(game, sessionId, sink, room, restore);
    let rtc: ReturnType<typeof resolveRtcOptions> | undefined;
    if (options.rtc?.RTCPeerConnection ?? globalThis.RTCPeerConnection)
      rtc = resolveRtcOptions(options.rtc);
    this.#acceptor = new PeerAcceptor(signaling, rtc, (peerId, link) => this.accept(peerId, link));
    // Out of the session: the peers migrate (their links close 4400 on their own).
    this.#unsubscribe.push(signaling.on("close", () => this.close()));
    this.#scheduleGrace();
    // A migrated room tells the session whom it holds before anyone is back.
    if (options.restore) this.#syncRoster();
  }

  /** Peer id → player id of everyone admitted (the host's own player included). */
  get roster(): readonly RosterEntry[] {
    return [...this.#players].map(([peerId, playerId]) => ({ peerId, playerId }));
  }

  /** True once {@link close} ran (or the signaling socket closed). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The host's own player joins its room over an in-process link, as a peer would over data
   * channels (same connect(), same netcode).
   */
  connect(options: OwnPlayerOptions<Input>): Promise<RoomConnection<Input>> {
    return connect({ ...options, game: this.#game, transport: () => this.loopback() });
  }

  /** A new in-process link to this room for the host's own player (one per attempt). */
  loopback(): Transport {
    const { a, b } = loopbackTransportPair();
    this.accept(this.signaling.peerId, b);
    return a;
  }

  /** Takes a link from peer `peerId`; the room opens it once it is open. */
  accept(peerId: number, transport: Transport): void {
    if (this.#closed) return transport.close(CLOSE.SESSION_ENDED.code, CLOSE.SESSION_ENDED.reason);
    const conn = `p${peerId}.${this.#nextConn++}`;
    const opened = () => {
      this.#links.set(conn, { peerId, transport });
      this.core.open(conn, now());
    };
    transport.onopen = opened;
    transport.onmessage = (bytes) => this.#receive(conn, peerId, bytes);
    transport.onclose = (code) => {
      if (!this.#links.delete(conn)) return;
      // A goodbye removes the player now, and so does its peer's leaving the session (its
      // client left with it); any other close holds it for the grace period.
      const inSession = peerId === this.signaling.peerId || this.signaling.peers.has(peerId);
      this.core.disconnect(conn, now(), code !== CLOSE.NORMAL.code && inSession);
      this.#syncRoster();
    };
    transport.onerror = null;
    if (transport.state === "open") opened();
  }

  /** Leaves the session: the peers elect a new host and migrate; the own player ends (4401). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#acceptor.close();
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const [conn, { peerId, transport }] of this.#links) {
      this.#links.delete(conn);
      transport.onclose = null;
      const own = peerId === this.signaling.peerId;
      const code = own ? CLOSE.SESSION_ENDED : CLOSE.HOST_LEFT;
      transport.close(code.code, code.reason);
    }
    this.#setTicking(false);
    clearTimeout(this.#graceTimer);
    this.signaling.close(CLOSE.NORMAL.code, "host left");
  }

  #receive(conn: ConnectionId, peerId: number, bytes: Uint8Array): void {
    if (!this.#links.has(conn)) return;
    if (this.core.playerOf(conn)) return this.core.receive(conn, bytes, now());
    const decoded = decodeClientMessage(bytes, this.#game.input.bytes);
    // Anything but a current HELLO goes to the core as it is: it refuses what it must.
    if (!decoded.ok || decoded.value.type !== "hello" || decoded.value.version !== PROTOCOL_VERSION)
      return this.core.receive(conn, bytes, now());
    const own = peerId === this.signaling.peerId;
    // The host's own account is not in its welcome: its player is held for no account.
    const accountId = own ? undefined : this.signaling.peerInfo(peerId)?.accountId;
    let hello = decoded.value;
    const migrated = this.#tokens.get(this.#players.get(peerId) ?? 0);
    if (migrated !== undefined && this.core.resumes(migrated, accountId ?? ""))
      hello = { ...hello, resume: migrated };
    this.core.hello(conn, hello, { accountId, team: undefined }, now());
    const player = this.core.playerOf(conn);
    if (player) this.#players.set(peerId, player.playerId);
    this.#syncRoster();
  }

  #closeLink(conn: ConnectionId, code: number, reason: string): void {
    const link = this.#links.get(conn);
    this.#links.delete(conn);
    if (link) {
      link.transport.onclose = null;
      link.transport.close(code, reason);
    }
    this.#syncRoster();
  }

  /** Sends the session the roster when it changed: players that left are dropped from it. */
  #syncRoster(): void {
    const present = new Set(this.core.players().map((p) => p.playerId));
    for (const [peer, player] of this.#players)
      if (!present.has(player)) this.#players.delete(peer);
    this.#playerCount = this.core.playerCount;
    const roster = [...this.roster].sort((a, b) => a.peerId - b.peerId);
    const key = JSON.stringify(roster);
    if (key === this.#roster) return;
    if (this.signaling.sendRoster(roster)) this.#roster = key;
  }

  #setTicking(on: boolean): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    if (on && !this.#closed) {
      const core = this.core;
      this.#ticker = setInterval(() => {
        core.update(now());
        // A player whose grace period ran out left: the roster follows.
        if (core.playerCount !== this.#playerCount) this.#syncRoster();
      }, core.tickIntervalMs);
    } else this.#scheduleGrace();
  }

  /** Without a tick, the players nobody resumed are removed at their deadline. */
  #scheduleGrace(): void {
    clearTimeout(this.#graceTimer);
    const deadline = this.core.graceDeadline;
    if (deadline === undefined || this.#closed || this.core.ticking) return;
    this.#graceTimer = setTimeout(
      () => {
        this.core.expireGrace(now());
        this.#syncRoster();
        this.#scheduleGrace();
      },
      Math.max(0, deadline - now()),
    );
  }
}
