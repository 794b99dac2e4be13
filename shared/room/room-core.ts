// The authoritative room: connections, handshake, input queues and the fixed tick. It knows
// nothing of Durable Objects: hosts feed it decoded time and bytes, and it answers through a
// RoomSink, so the same core runs in a DO, a Node bench and tests with a manual clock. The
// lifecycle of connections and players is here; the room-*.ts modules beside it hold what
// players are told of each other, their state rates, their SNAPSHOTs and RPC delivery.

import type { GameDefinition, PlayerSeat } from "../game/game-definition.js";
import {
  type ClientMessage,
  decodeClientMessage,
  type HelloMessage,
  NO_TICK_ACK,
} from "../protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../protocol/close-codes.js";
import { MAX_CLIENT_FRAME_BYTES } from "../protocol/limits.js";
import { SNAPSHOT_HEADER_BYTES } from "../protocol/server-messages.js";
import type { ReplayManifest } from "../replay/replay-manifest.js";
import type { CompressionReport } from "../replication/compression-stats.js";
import { WorldQuantizer } from "../replication/quantize-world.js";
import { ReplicationServer } from "../replication/replication-server.js";
import { RPC_OP } from "../rpc/rpc-frames.js";
import type { RpcServer } from "../rpc/rpc-server.js";
import type { RpcDeclarations } from "../rpc/rpc-table.js";
import { World } from "../world/world.js";
import { GracePeriod } from "./grace-period.js";
import { checkHello } from "./hello-check.js";
import { RateLimiter } from "./rate-limiter.js";
import { resumeTokenSeed, resumeTokenSource } from "./resume-token.js";
import { RoomBroadcast } from "./room-broadcast.js";
import { RoomDelivery } from "./room-delivery.js";
import { RoomInterest } from "./room-interest.js";
import { type ResolvedRoomOptions, type RoomOptions, resolveRoomOptions } from "./room-options.js";
import { RoomOutbox } from "./room-outbox.js";
import {
  type Connection,
  type LinkStart,
  mayResume,
  newPlayer,
  type Player,
  type PlayerInfo,
  playerInfo,
  queueInputs,
  startLink,
  takeInput,
} from "./room-player.js";
import { RoomPresence } from "./room-presence.js";
import { RoomRates } from "./room-rates.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import {
  dumpWorld,
  ROOM_SNAPSHOT_FORMAT,
  type RoomSnapshot,
  restoreWorld,
} from "./room-snapshot.js";
import { RoomUpdates } from "./room-updates.js";

/** What a host knows of a joining connection beyond its HELLO. */
export interface JoinContext {
  /** The account the host verified (its players may be resumed only by it). */
  readonly accountId: string | undefined;
  /** The team the room's configuration gives that account. */
  readonly team: number | undefined;
}

const NO_SEAT: PlayerSeat = { team: undefined };
const NO_JOIN_CONTEXT: JoinContext = { accountId: undefined, team: undefined };

/** Runs one game's authoritative simulation for the connections of one room. */
export class RoomCore<Input> {
  readonly #game: GameDefinition<Input>;
  readonly #options: ResolvedRoomOptions;
  readonly #sink: RoomSink;
  readonly #conns = new Map<ConnectionId, Connection<Input>>();
  readonly #inputs = new Map<number, Input>();
  readonly #outbox: RoomOutbox;
  /** RPC events by delivery mode, and the backlog check (room-delivery.ts). */
  readonly #delivery: RoomDelivery<Input>;
  readonly #intervalMs: number;
  readonly #world: World;
  readonly #replication: ReplicationServer;
  /** Set when the game keeps its state on the wire's grid (GameDefinition.quantizeState). */
  readonly #quantizer: WorldQuantizer | null;
  /** Set when the game declares RPCs (GameDefinition.rpc). */
  readonly #rpc: RpcServer<RpcDeclarations> | null;
  /** Set when the game declares spatial interest (GameDefinition.spatialInterest). */
  readonly #interest: RoomInterest | null;
  /** Joined players whose link dropped, waiting to resume (their entities stay). */
  readonly #detached = new GracePeriod<Player<Input>>();
  /** Who is in the room and what players hear of each other (room-presence.ts). */
  readonly #presence: RoomPresence<Input>;
  readonly #newResumeToken: () => string;
  /** Each player's state rate and budget (room-rates.ts). */
  readonly #rates: RoomRates;
  /** The players' SNAPSHOTs of each tick (room-updates.ts). */
  readonly #updates: RoomUpdates<Input>;
  /** The broadcast stream, its spectators and the replay recorder (room-broadcast.ts). */
  readonly #broadcast: RoomBroadcast;
  #nextTickAt = 0;
  #ticking = false;
  #nextPlayerId = 1;
  /** The latest time a host passed in, in ms. */
  #now = 0;
  #players = 0;

  constructor(
    game: GameDefinition<Input>,
    roomId: string,
    sink: RoomSink,
    options: RoomOptions = {},
    /** A snapshot to continue from (after an eviction or a deploy), restored at `now`. */
    restore?: { readonly snapshot: RoomSnapshot; readonly now: number },
  ) {
    this.#game = game;
    this.#sink = sink;
    this.#outbox = new RoomOutbox(sink);
    const seed = resumeTokenSeed(roomId, restore?.snapshot.tick);
    this.#newResumeToken = resumeTokenSource(sink.random?.bind(sink), seed);
    // The game's settings are the room's defaults; `options` overrides them per room.
    this.#options = resolveRoomOptions({ ...game.roomOptions, ...options });
    const tickRate = this.#options.tickRate;
    this.#intervalMs = 1000 / tickRate;
    const tickSeconds = 1 / tickRate;
    if (Math.abs(game.schema.tickSeconds - tickSeconds) > 1e-9) {
      throw new RangeError(
        `${game.name}: schema.tickSeconds (${game.schema.tickSeconds}) must equal 1 / room.tickRate (${tickSeconds})`,
      );
    }
    this.#presence = new RoomPresence(roomId, tickRate, this.#outbox, this.#conns, this.#detached);
    this.#world = new World({ capacity: game.schema.maxEntities, ...game.world });
    // A restored world replaces setup; it is rebuilt before the replication core sees it.
    if (restore) {
      const known = [...game.schema.components, ...(game.localComponents ?? [])];
      this.#world.tick = restore.snapshot.tick;
      restoreWorld(this.#world, restore.snapshot.world, known);
    } else game.setup?.(this.#world);
    this.#quantizer = game.quantizeState ? new WorldQuantizer(this.#world, game.schema) : null;
    // Built per room from the game's factory: relevancy state is this room's alone.
    this.#interest = game.spatialInterest
      ? new RoomInterest(this.#world, game.spatialInterest(this.#world))
      : null;
    this.#delivery = new RoomDelivery(sink, this.#conns, this.#interest, this.#options);
    this.#rpc =
      game.rpc?.createServer((target, frame, rpc) => {
        this.#delivery.event(target, frame, rpc);
        this.#broadcast.event(target, frame);
      }, this.#interest) ?? null;
    // The first bytes of every update are left free for the SNAPSHOT header. An update that
    // may be lost is built on what the client acknowledged, not on what it was sent.
    const snapshotChannel = this.#options.snapshotChannel;
    this.#replication = new ReplicationServer(this.#world, game.schema, {
      reserveBytes: SNAPSHOT_HEADER_BYTES,
      baseline: snapshotChannel === "unreliable" ? "last-acked" : "last-sent",
    });
    this.#rates = new RoomRates(this.#options, this.#replication);
    this.#updates = new RoomUpdates(
      game,
      this.#interest,
      this.#replication,
      this.#rates,
      sink,
      snapshotChannel,
    );
    this.#broadcast = new RoomBroadcast(this.#replication, sink, this.#outbox, this.#options, {
      roomId,
      game: game.name,
      schema: game.schema.fingerprint,
    });
    if (restore) this.#restorePlayers(restore.snapshot, restore.now);
  }

  /**
   * The room's persistent state: world, tick and players (allocates; call it from a coarse
   * timer, never from the tick).
   */
  snapshot(now: number): RoomSnapshot {
    return {
      format: ROOM_SNAPSHOT_FORMAT,
      game: this.#game.name,
      schema: this.#game.schema.fingerprint,
      tick: this.#replication.tick,
      nextPlayerId: this.#nextPlayerId,
      savedAt: now,
      players: this.players().map(({ playerId, name, resumeToken, accountId }) => {
        const viewRadius = this.#interest?.ownRadius(playerId);
        const dump = { playerId, name, resumeToken: resumeToken ?? "" };
        const owned = accountId === undefined ? dump : { ...dump, accountId };
        return viewRadius === undefined ? owned : { ...owned, viewRadius };
      }),
      world: dumpWorld(this.#world),
    };
  }

  /** Every player of a snapshot waits, disconnected, for a resume within the grace period. */
  #restorePlayers(s: RoomSnapshot, now: number): void {
    this.#now = now;
    this.#replication.startAt(s.tick);
    this.#nextPlayerId = s.nextPlayerId;
    const grace = this.#options.reconnectGraceMs;
    for (const p of s.players) {
      const { playerId: id, name, resumeToken, accountId } = p;
      const identity = { id, name, resumeToken, ...(accountId === undefined ? {} : { accountId }) };
      const player = newPlayer(identity, this.#updates.newView(), this.#freshLink(id));
      this.#players++;
      this.#broadcast.addPlayer(id, name, accountId);
      // A zoomed view survives the restart, as the player's entities do.
      if (p.viewRadius !== undefined) this.#interest?.setRadius(p.playerId, p.viewRadius);
      // Deadlines count from the restore: a deploy's downtime does not eat the grace period.
      this.#detached.hold(p.resumeToken, player, now + grace);
    }
    // The tick starts with the first connection (the host is still building this core);
    // players nobody resumed by then are removed at its first update past their deadline.
  }

  /** What the updates sent so far cost against raw values, per component (stats, benches). */
  compressionReport(): CompressionReport {
    return this.#replication.compressionReport();
  }

  /** The room's interest management (radius per player at runtime…); null without one. */
  get interest(): RoomInterest | null {
    return this.#interest;
  }

  /** The room's RPC dispatcher (`emit` server-to-client RPCs); null without RPCs. */
  get rpc(): RpcServer<RpcDeclarations> | null {
    return this.#rpc;
  }

  /** The authoritative world (read it; change it only from game code). */
  get world(): World {
    return this.#world;
  }

  /**
   * The last simulated tick, numbered from 0 (-1 before the first). SNAPSHOTs carry it, so
   * a client's mirror tick equals the room's.
   */
  get tick(): number {
    return this.#replication.tick;
  }

  /** True while the tick timer should run (someone is connected). */
  get ticking(): boolean {
    return this.#ticking;
  }

  /** The tick interval in milliseconds. */
  get tickIntervalMs(): number {
    return this.#intervalMs;
  }

  /** Options in force. */
  get options(): Readonly<ResolvedRoomOptions> {
    return this.#options;
  }

  /** Players who completed the handshake. */
  get playerCount(): number {
    return this.#players;
  }

  /** Spectators connected now (they hold no seat and are in no players list). */
  get spectatorCount(): number {
    return this.#broadcast.spectatorCount;
  }

  /** Broadcast stream updates encoded so far: one a tick while it runs, two on keyframes. */
  get broadcastEncodes(): number {
    return this.#broadcast.encodes;
  }

  /**
   * Hands the open replay chunk to the host (RoomSink.recordChunk) and returns the manifest
   * of everything recorded so far; undefined when the room does not record or has nothing
   * yet. The recording goes on, from a keyframe at the next tick.
   */
  replayManifest(): ReplayManifest | undefined {
    return this.#broadcast.replayManifest();
  }

  /** Players who completed the handshake, by id. */
  players(): PlayerInfo[] {
    return this.#presence.players();
  }

  /** The player behind a connection, once its hello was accepted. */
  playerOf(conn: ConnectionId): PlayerInfo | undefined {
    const p = this.#conns.get(conn)?.player;
    return p && playerInfo(p, true);
  }

  /**
   * Sets one player's state budget, bytes per second (null: back to the room's
   * `bytesPerSecond`); the client's own cap and congestion still lower it.
   * @throws RangeError below 1024 or not finite.
   */
  setClientBudget(playerId: number, bytesPerSecond: number | null): void {
    this.#rates.setBudget(playerId, bytesPerSecond, this.#presence.connected(playerId));
  }

  /** The state rate in force for a connected player, bytes per second (stats, tests). */
  rateOf(playerId: number): number | undefined {
    return this.#presence.connected(playerId)?.rate.bytesPerSecond;
  }

  /** A socket was accepted; it must say hello within the handshake timeout. */
  open(conn: ConnectionId, now: number): void {
    this.#now = now;
    const { messagesPerSecond, messageBurst } = this.#options;
    this.#conns.set(conn, {
      id: conn,
      openedAt: now,
      lastHeard: now,
      limiter: new RateLimiter(messagesPerSecond, messageBurst, now),
    });
    this.#updateTicking();
  }

  /**
   * Re-attaches a connection that had joined before the host restarted (a DO woken with
   * its sockets still open); the player comes back with the same id and a fresh avatar.
   */
  restore(conn: ConnectionId, player: PlayerInfo, now: number, seat: PlayerSeat = NO_SEAT): void {
    this.open(conn, now);
    const c = this.#conns.get(conn)!;
    const { accountId } = player;
    // Restored from a snapshot too: the player is back on its socket, entities untouched.
    if (player.resumeToken && this.#resume(c, player.resumeToken, accountId, false)) return;
    this.#nextPlayerId = Math.max(this.#nextPlayerId, player.playerId + 1);
    const token = player.resumeToken ?? this.#newResumeToken();
    const identity = { id: player.playerId, name: player.name, resumeToken: token, accountId };
    this.#admit(c, identity, seat, false);
  }

  /**
   * Re-attaches a spectator's socket after the host restarted (no SPECTATOR_WELCOME: its
   * client has one); it starts again from a keyframe. False when the spectators are full.
   */
  restoreSpectator(conn: ConnectionId, now: number): boolean {
    this.open(conn, now);
    const c = this.#conns.get(conn)!;
    if (this.#broadcast.full) {
      this.#close(c, CLOSE.ROOM_FULL, this.#spectatorsFull());
      return false;
    }
    c.spectator = true;
    this.#broadcast.admit(conn, now, false);
    return true;
  }

  /**
   * A HELLO the host decoded and admitted (its token verified as `accountId`'s): the
   * connection joins, or resumes the player of its resume token when that player joined as
   * the same account. A host that verifies nothing passes HELLO frames to `receive` instead.
   */
  hello(conn: ConnectionId, msg: HelloMessage, join: JoinContext, now: number): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    c.lastHeard = now;
    this.#hello(c, msg, join);
  }

  /**
   * Whether a HELLO of `accountId` carrying resume token `token` would get a player back
   * (one waiting out its grace period or still on another connection), so a host can let a
   * resume through where a fresh join would be refused.
   */
  resumes(token: string, accountId: string): boolean {
    if (token === "") return false;
    const waiting = this.#detached.peek(token);
    if (waiting) return mayResume(waiting, accountId);
    for (const c of this.#conns.values())
      if (c.player?.resumeToken === token) return mayResume(c.player, accountId);
    return false;
  }

  /** A frame arrived. Text frames and anything malformed close only this connection. */
  receive(conn: ConnectionId, data: Uint8Array | string, now: number): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    c.lastHeard = now;
    if (!c.limiter.take(now)) return this.#close(c, CLOSE.RATE_LIMITED);
    if (typeof data === "string")
      return this.#close(c, CLOSE.MALFORMED_FRAME, "text frames are not supported");
    if (data.length > MAX_CLIENT_FRAME_BYTES) return this.#close(c, CLOSE.FRAME_TOO_LARGE);
    // Only a game with RPCs knows the CALL type; elsewhere it stays an unknown message.
    if (data[0] === RPC_OP.CALL && this.#rpc) return this.#callRpc(c, this.#rpc, data, now);
    const decoded = decodeClientMessage(data, this.#game.input.bytes);
    if (!decoded.ok) return this.#close(c, CLOSE.MALFORMED_FRAME, decoded.error);
    this.#handle(c, decoded.value);
  }

  /**
   * The socket closed or failed. A joined player stays, disconnected, for the grace period
   * when `resumable` (a dropped link); otherwise (left, kicked) it leaves at once.
   */
  disconnect(conn: ConnectionId, now: number, resumable = true): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    this.#forget(c, resumable);
    this.#updateTicking();
  }

  /** Runs every tick that is due at `now` (ms); call it about once per tick interval. */
  update(now: number): void {
    this.#now = now;
    if (!this.#ticking) return;
    this.#expireHandshakes(now);
    this.#expireGrace(now);
    let ran = 0;
    while (now >= this.#nextTickAt && ran < this.#options.maxCatchUpTicks) {
      this.#step();
      this.#nextTickAt += this.#intervalMs;
      ran++;
    }
    // Still behind after catching up: drop the time rather than spiral.
    if (now >= this.#nextTickAt) this.#nextTickAt = now + this.#intervalMs;
    // Closed after the check's loop: a close tells the other players, which iterates the
    // connections.
    const limit = this.#options.maxBacklogBytes;
    for (const [c, bytes] of this.#delivery.checkBacklogs() ?? [])
      this.#close(c, CLOSE.SLOW_CONSUMER, `${bytes} bytes unsent, limit ${limit}`);
  }

  #handle(c: Connection<Input>, msg: ClientMessage): void {
    switch (msg.type) {
      case "hello":
        return this.#hello(c, msg, NO_JOIN_CONTEXT);
      case "input": {
        if (!c.player) {
          const detail = c.spectator ? "spectators send no input" : "input before hello";
          return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, detail);
        }
        // The ack feeds the baseline ring; a tick the room never sent is ignored there.
        if (msg.ackTick !== NO_TICK_ACK)
          this.#replication.acknowledge(c.player.replica, msg.ackTick);
        const { firstSeq, count, inputs } = msg;
        const refused = queueInputs(c.player, this.#game.input, firstSeq, count, inputs);
        if (refused >= 0)
          this.#close(c, CLOSE.INVALID_INPUT, `input ${firstSeq + refused} refused`);
        return;
      }
      case "ping":
        return this.#outbox.pong(c.id, msg.clientTime, this.#now);
      case "rate":
        // A spectator's stream is the same for all: no rate of its own.
        if (c.spectator) return;
        if (!c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "rate before hello");
        return this.#rates.setClientCap(c.player, msg.bytesPerSecond);
    }
  }

  #hello(c: Connection<Input>, msg: HelloMessage, { accountId, team }: JoinContext): void {
    if (c.player || c.spectator) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "second hello");
    const refused = checkHello(msg, this.#game);
    if (refused) return this.#close(c, refused.code, refused.detail);
    if (msg.role === "spectator") {
      if (this.#broadcast.full) return this.#close(c, CLOSE.ROOM_FULL, this.#spectatorsFull());
      c.spectator = true;
      this.#broadcast.admit(c.id, this.#now, true);
      return this.#presence.roster(c);
    }
    if (msg.resume !== "" && this.#resume(c, msg.resume, accountId)) return;
    const max = this.#options.maxPlayers;
    if (this.#players >= max)
      return this.#close(c, CLOSE.ROOM_FULL, `${max} of ${max} seats taken`);
    const id = this.#allocatePlayerId();
    const resumeToken = this.#newResumeToken();
    this.#admit(c, { id, name: msg.name.trim(), resumeToken, accountId }, { team }, true);
  }

  #admit(
    c: Connection<Input>,
    identity: {
      readonly id: number;
      readonly name: string;
      readonly resumeToken: string;
      readonly accountId: string | undefined;
    },
    seat: PlayerSeat,
    welcome: boolean,
  ): void {
    const { id: playerId, name } = identity;
    const player = newPlayer(identity, this.#updates.newView(), this.#freshLink(playerId));
    c.player = player;
    this.#players++;
    this.#game.addPlayer(this.#world, playerId, name, seat);
    this.#game.onJoin?.(this.#world, playerId, name);
    this.#broadcast.addPlayer(playerId, name, identity.accountId);
    if (welcome) this.#welcome(c, player, false);
    this.#presence.joined(player);
  }

  #welcome(c: Connection<Input>, player: Player<Input>, resumed: boolean): void {
    this.#presence.welcome(c, player, resumed, this.#replication.tick + 1, this.#now);
  }

  /**
   * Gives `c` the player of `token` back if it waits in its grace period (or is still held
   * by a connection the client gave up on, which is replaced). The player keeps its id,
   * entities and state; its client starts from a fresh baseline (a full update), and inputs
   * queued for the old link are dropped. False: no such player, or one that joined as
   * another account than `accountId` (a leaked token hands over nothing): join fresh.
   */
  #resume(
    c: Connection<Input>,
    token: string,
    accountId: string | undefined,
    welcome = true,
  ): boolean {
    const waiting = this.#detached.peek(token);
    if (waiting && !mayResume(waiting, accountId)) return false;
    let player = waiting && this.#detached.claim(token);
    if (!player) {
      for (const old of this.#conns.values()) {
        if (old === c || old.player?.resumeToken !== token) continue;
        if (!mayResume(old.player, accountId)) return false;
        player = old.player;
        old.player = undefined;
        this.#close(old, CLOSE.REPLACED);
        break;
      }
      if (!player) return false;
    } else this.#game.onReconnect?.(this.#world, player.id);
    startLink(player, this.#freshLink(player.id));
    c.player = player;
    if (welcome) this.#welcome(c, player, true);
    this.#presence.status(player, true, c);
    return true;
  }

  #step(): void {
    this.#inputs.clear();
    for (const c of this.#conns.values()) {
      if (c.player) this.#inputs.set(c.player.id, takeInput(c.player));
    }
    // Disconnected players stay present, idle; the game's onDisconnect chose their fate.
    for (const p of this.#detached.players()) this.#inputs.set(p.id, this.#game.idleInput);
    this.#game.step(this.#world, this.#inputs, 1 / this.#options.tickRate);
    // The authoritative state is what clients decode: their predictions replay from it exactly.
    this.#quantizer?.apply();
    // What changed is encoded once here; each update below selects and copies those bits.
    this.#replication.commit();
    this.#interest?.update();
    for (const c of this.#conns.values()) if (c.player) this.#updates.send(c.id, c.player);
    this.#broadcast.afterTick(this.#now);
  }

  /** Runs a player's RPC CALL and answers the caller; a bad call never closes the link. */
  #callRpc(
    c: Connection<Input>,
    rpc: RpcServer<RpcDeclarations>,
    data: Uint8Array,
    now: number,
  ): void {
    if (!c.player) {
      const detail = c.spectator ? "spectators make no calls" : "rpc before hello";
      return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, detail);
    }
    const id = c.player.id;
    this.#outbox.send(c.id, (w) => rpc.receive(id, data, now, this.#world, w));
  }

  /**
   * The start of a player's link: a new replica (a full state next) with the player's
   * budget, a fresh rate (no client cap until it sends RATE), queue and acks.
   */
  #freshLink(playerId: number): LinkStart<Input> {
    const replica = this.#replication.connect();
    return {
      replica,
      rate: this.#rates.start(playerId, replica),
      maxQueuedInputs: this.#options.maxQueuedInputs,
      idleInput: this.#game.idleInput,
    };
  }

  #expireHandshakes(now: number): void {
    for (const c of this.#conns.values()) {
      if (!c.player && !c.spectator && now - c.openedAt >= this.#options.handshakeTimeoutMs)
        this.#close(c, CLOSE.HANDSHAKE_TIMEOUT);
      else if (now - c.lastHeard >= this.#options.idleTimeoutMs) this.#close(c, CLOSE.IDLE_TIMEOUT);
    }
  }

  /** The earliest deadline of a disconnected player, ms (undefined when none waits). */
  get graceDeadline(): number | undefined {
    return this.#detached.firstDeadline;
  }

  /**
   * Removes the disconnected players whose grace period ended by `now` (the tick does it
   * too; a host calls this from a timer while the room does not tick).
   */
  expireGrace(now: number): void {
    this.#now = now;
    this.#expireGrace(now);
  }

  #expireGrace(now: number): void {
    if (this.#detached.size === 0) return;
    for (const p of this.#detached.expire(now)) this.#remove(p);
    this.#updateTicking();
  }

  /** Closes `c`; a joined player whose close is retryable (a health cut) may resume. */
  #close(c: Connection<Input>, code: CloseCode, detail?: string): void {
    this.#forget(c, code.retryable);
    this.#sink.close(c.id, code.code, detail ? `${code.reason}: ${detail}` : code.reason);
    this.#updateTicking();
  }

  #forget(c: Connection<Input>, resumable: boolean): void {
    this.#conns.delete(c.id);
    this.#delivery.forget(c.id);
    if (c.spectator) this.#broadcast.remove(c.id);
    const p = c.player;
    if (!p) return;
    if (!resumable || this.#options.reconnectGraceMs === 0) return this.#remove(p);
    this.#detached.hold(p.resumeToken, p, this.#now + this.#options.reconnectGraceMs);
    this.#game.onDisconnect?.(this.#world, p.id);
    this.#presence.status(p, false);
  }

  /** The player leaves for good: its entities go and everyone hears PLAYER_LEFT. */
  #remove(p: Player<Input>): void {
    this.#players--;
    this.#game.onLeave?.(this.#world, p.id);
    this.#interest?.removePlayer(p.id);
    this.#rates.forget(p.id);
    this.#rpc?.removePlayer(p.id);
    this.#game.removePlayer(this.#world, p.id);
    this.#presence.left(p.id);
  }

  #spectatorsFull(): string {
    const max = this.#options.maxSpectators;
    return `${max} of ${max} spectator places taken`;
  }

  #allocatePlayerId(): number {
    const id = this.#presence.freeId(this.#nextPlayerId);
    this.#nextPlayerId = id + 1;
    return id;
  }

  #updateTicking(): void {
    // Only connections keep the tick running: with everyone disconnected (a deploy, an
    // outage) the world waits, frozen, and the host hibernates; it calls expireGrace at
    // graceDeadline (an alarm) for the players nobody resumed.
    const on = this.#conns.size > 0;
    if (on === this.#ticking) return;
    this.#ticking = on;
    if (on) this.#nextTickAt = this.#now + this.#intervalMs;
    // The room empties: what it recorded goes to the host, with the manifest.
    else this.#broadcast.idle();
    this.#sink.setTicking(on);
  }
}
