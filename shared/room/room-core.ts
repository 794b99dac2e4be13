// The authoritative room: connections, handshake, input queues and the fixed tick. It knows
// nothing of Durable Objects: hosts feed it decoded time and bytes, and it answers through a
// RoomSink, so the same core runs in a DO, a Node bench and tests with a manual clock.

import type { GameDefinition } from "../game/game-definition.js";
import {
  type ClientMessage,
  decodeClientMessage,
  NO_TICK_ACK,
} from "../protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../protocol/close-codes.js";
import { MAX_CLIENT_FRAME_BYTES, PROTOCOL_VERSION } from "../protocol/limits.js";
import {
  NO_INPUT_ACK,
  SNAPSHOT_HEADER_BYTES,
  writeSnapshotHeader,
} from "../protocol/server-messages.js";
import type { CompressionReport } from "../replication/compression-stats.js";
import { WorldQuantizer } from "../replication/quantize-world.js";
import { ReplicationServer } from "../replication/replication-server.js";
import { RPC_OP } from "../rpc/rpc-frames.js";
import type { RpcServer, RpcTarget } from "../rpc/rpc-server.js";
import type { RpcDeclarations, RpcEntry } from "../rpc/rpc-table.js";
import { EntitySet } from "../world/entity-set.js";
import { World } from "../world/world.js";
import { GracePeriod } from "./grace-period.js";
import { checkHello } from "./hello-check.js";
import { LinkRate, type LinkRateLimits } from "./link-rate.js";
import { RateLimiter } from "./rate-limiter.js";
import { resumeTokenSource } from "./resume-token.js";
import { RoomInterest } from "./room-interest.js";
import {
  MIN_BYTES_PER_SECOND,
  type ResolvedRoomOptions,
  type RoomOptions,
  resolveRoomOptions,
} from "./room-options.js";
import { RoomOutbox } from "./room-outbox.js";
import {
  type Connection,
  type LinkStart,
  newPlayer,
  type Player,
  type PlayerInfo,
  playerInfo,
  startLink,
} from "./room-player.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import {
  dumpWorld,
  ROOM_SNAPSHOT_FORMAT,
  type RoomSnapshot,
  restoreWorld,
} from "./room-snapshot.js";
import { rpcTargetIncludes } from "./rpc-target.js";
import { UnreliableLane } from "./unreliable-lane.js";

/** Runs one game's authoritative simulation for the connections of one room. */
export class RoomCore<Input> {
  readonly #game: GameDefinition<Input>;
  readonly #options: ResolvedRoomOptions;
  readonly #sink: RoomSink;
  readonly #roomId: string;
  readonly #conns = new Map<ConnectionId, Connection<Input>>();
  readonly #inputs = new Map<number, Input>();
  readonly #outbox: RoomOutbox;
  /** Unreliable RPC events held for backed-up connections (unreliable-lane.ts). */
  readonly #unreliable: UnreliableLane;
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
  readonly #newResumeToken: () => string;
  /** What a link's rate reacts to (link-rate.ts). */
  readonly #rateLimits: LinkRateLimits;
  /** State budgets the host set for single players (setClientBudget), bytes per second. */
  readonly #budgets = new Map<number, number>();
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
    this.#roomId = roomId;
    this.#sink = sink;
    this.#outbox = new RoomOutbox(sink);
    // The fallback generator must not replay a restored room's tokens: the tick reseeds it.
    const seed = hash(roomId) ^ (restore ? restore.snapshot.tick + 1 : 0);
    this.#newResumeToken = resumeTokenSource(sink.random?.bind(sink), seed);
    // The game's settings are the room's defaults; `options` overrides them per room.
    this.#options = resolveRoomOptions({ ...game.roomOptions, ...options });
    this.#intervalMs = 1000 / this.#options.tickRate;
    this.#rateLimits = {
      tickRate: this.#options.tickRate,
      backpressureBytes: this.#options.backpressureBytes,
      // A second of updates the client has not acknowledged: its link is not keeping up.
      maxAckLagTicks: this.#options.tickRate,
      floorBytesPerSecond: MIN_BYTES_PER_SECOND,
    };
    this.#unreliable = new UnreliableLane(sink, this.#options.backpressureBytes);
    const tickSeconds = 1 / this.#options.tickRate;
    if (Math.abs(game.schema.tickSeconds - tickSeconds) > 1e-9) {
      throw new RangeError(
        `${game.name}: schema.tickSeconds (${game.schema.tickSeconds}) must equal 1 / room.tickRate (${tickSeconds})`,
      );
    }
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
    this.#rpc =
      game.rpc?.createServer(
        (target, frame, rpc) => this.#deliverRpc(target, frame, rpc),
        this.#interest,
      ) ?? null;
    // The first bytes of every update are left free for the SNAPSHOT header.
    this.#replication = new ReplicationServer(this.#world, game.schema, {
      reserveBytes: SNAPSHOT_HEADER_BYTES,
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
      players: this.players().map(({ playerId, name, resumeToken }) => ({
        playerId,
        name,
        resumeToken: resumeToken ?? "",
      })),
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
      const identity = { id: p.playerId, name: p.name, resumeToken: p.resumeToken };
      const player = newPlayer(identity, this.#newVisible(), this.#freshLink(p.playerId));
      this.#players++;
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

  /** Players who completed the handshake, by id. */
  players(): PlayerInfo[] {
    const out: PlayerInfo[] = [];
    for (const c of this.#conns.values()) {
      if (c.player) out.push(playerInfo(c.player, true));
    }
    for (const p of this.#detached.players()) out.push(playerInfo(p, false));
    return out;
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
    if (bytesPerSecond === null) this.#budgets.delete(playerId);
    else {
      if (!(bytesPerSecond >= MIN_BYTES_PER_SECOND) || !Number.isFinite(bytesPerSecond))
        throw new RangeError(`bytesPerSecond must be a finite number ≥ ${MIN_BYTES_PER_SECOND}`);
      this.#budgets.set(playerId, bytesPerSecond);
    }
    const p = this.#connectedPlayer(playerId);
    if (p?.rate.setBase(this.#baseRate(playerId))) this.#applyRate(p);
  }

  /** The state rate in force for a connected player, bytes per second (stats, tests). */
  rateOf(playerId: number): number | undefined {
    return this.#connectedPlayer(playerId)?.rate.bytesPerSecond;
  }

  #connectedPlayer(playerId: number): Player<Input> | undefined {
    for (const c of this.#conns.values()) if (c.player?.id === playerId) return c.player;
    return undefined;
  }

  #baseRate(playerId: number): number {
    return this.#budgets.get(playerId) ?? this.#options.bytesPerSecond;
  }

  /** Hands a link's rate to its replication budget. */
  #applyRate(p: Pick<Player<Input>, "replica" | "rate">): void {
    const bytesPerSecond = p.rate.bytesPerSecond;
    const tickRate = this.#options.tickRate;
    // A quarter second saved up: a fresh client's first update (its whole view) fits.
    const burstBytes = Math.max(bytesPerSecond / tickRate, bytesPerSecond / 4);
    this.#replication.setBudget(p.replica, { bytesPerSecond, tickRate, burstBytes });
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
  restore(conn: ConnectionId, player: PlayerInfo, now: number): void {
    this.open(conn, now);
    // Restored from a snapshot too: the player is back on its socket, entities untouched.
    if (player.resumeToken && this.#resume(this.#conns.get(conn)!, player.resumeToken, false))
      return;
    this.#nextPlayerId = Math.max(this.#nextPlayerId, player.playerId + 1);
    const token = player.resumeToken ?? this.#newResumeToken();
    this.#admit(this.#conns.get(conn)!, player.playerId, player.name, token, false);
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
    this.#checkBacklogs();
  }

  /**
   * After the tick's sends, never inside a send loop: closes (4301) the connections whose
   * socket holds more than `maxBacklogBytes` unsent, and writes the held unreliable events
   * of those that drained below `backpressureBytes`.
   */
  #checkBacklogs(): void {
    const sink = this.#sink;
    if (sink.buffered === undefined) return;
    const limit = this.#options.maxBacklogBytes;
    let over: [Connection<Input>, number][] | undefined;
    for (const c of this.#conns.values()) {
      const bytes = sink.buffered(c.id);
      if (bytes <= limit) this.#unreliable.drain(c.id);
      else if (over) over.push([c, bytes]);
      else over = [[c, bytes]];
    }
    // Closed after the loop: a close tells the other players, which iterates the connections.
    for (const [c, bytes] of over ?? [])
      this.#close(c, CLOSE.SLOW_CONSUMER, `${bytes} bytes unsent, limit ${limit}`);
  }

  #handle(c: Connection<Input>, msg: ClientMessage): void {
    switch (msg.type) {
      case "hello": {
        if (c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "second hello");
        const refused = checkHello(msg, this.#game);
        if (refused) return this.#close(c, refused.code, refused.detail);
        if (msg.resume !== "" && this.#resume(c, msg.resume)) return;
        if (this.#players >= this.#options.maxPlayers) return this.#close(c, CLOSE.ROOM_FULL);
        this.#admit(c, this.#allocatePlayerId(), msg.name.trim(), this.#newResumeToken(), true);
        return;
      }
      case "input":
        if (!c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "input before hello");
        // The ack feeds the baseline ring; a tick the room never sent is ignored there.
        if (msg.ackTick !== NO_TICK_ACK)
          this.#replication.acknowledge(c.player.replica, msg.ackTick);
        return this.#acceptInputs(c, c.player, msg.firstSeq, msg.count, msg.inputs);
      case "ping":
        return this.#outbox.pong(c.id, msg.clientTime, this.#now);
      case "rate":
        if (!c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "rate before hello");
        if (c.player.rate.setClientCap(msg.bytesPerSecond)) this.#applyRate(c.player);
        return;
    }
  }

  #admit(
    c: Connection<Input>,
    playerId: number,
    name: string,
    resumeToken: string,
    welcome: boolean,
  ): void {
    const identity = { id: playerId, name, resumeToken };
    const player = newPlayer(identity, this.#newVisible(), this.#freshLink(playerId));
    c.player = player;
    this.#players++;
    this.#game.addPlayer(this.#world, playerId, name);
    this.#game.onJoin?.(this.#world, playerId, name);
    if (welcome) this.#welcome(c, player, false);
    this.#broadcastJoined(player);
  }

  /** WELCOME, then every other player (and who of them is disconnected) to `c`. */
  #welcome(c: Connection<Input>, player: Player<Input>, resumed: boolean): void {
    this.#outbox.welcome(c.id, {
      version: PROTOCOL_VERSION,
      playerId: player.id,
      tickRate: this.#options.tickRate,
      // The next tick: the first SNAPSHOT this player gets carries at least this number.
      tick: this.#replication.tick + 1,
      serverTime: this.#now,
      roomId: this.#roomId,
      resumed,
      resumeToken: player.resumeToken,
    });
    for (const other of this.#conns.values()) {
      if (other.player && other !== c) this.#sendJoined(c.id, other.player);
    }
    for (const p of this.#detached.players()) {
      this.#sendJoined(c.id, p);
      this.#sendStatus(c.id, p, false);
    }
  }

  /**
   * Gives `c` the player of `token` back if it waits in its grace period (or is still held
   * by a connection the client gave up on, which is replaced). The player keeps its id,
   * entities and state; its client starts from a fresh baseline (a full update), and inputs
   * queued for the old link are dropped. False: no such player, join fresh.
   */
  #resume(c: Connection<Input>, token: string, welcome = true): boolean {
    let player = this.#detached.claim(token);
    if (!player) {
      for (const old of this.#conns.values()) {
        if (old === c || old.player?.resumeToken !== token) continue;
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
    for (const other of this.#conns.values()) {
      if (other.player && other !== c) this.#sendStatus(other.id, player, true);
    }
    return true;
  }

  #acceptInputs(
    c: Connection<Input>,
    p: Player<Input>,
    firstSeq: number,
    count: number,
    bytes: Uint8Array,
  ): void {
    const size = this.#game.input.bytes;
    for (let i = 0; i < count; i++) {
      const input = this.#game.input.decode(bytes, i * size);
      if (input === undefined)
        return this.#close(c, CLOSE.INVALID_INPUT, `input ${firstSeq + i} refused`);
      p.queue.offer((firstSeq + i) >>> 0, input);
    }
  }

  #step(): void {
    this.#inputs.clear();
    for (const c of this.#conns.values()) {
      const p = c.player;
      if (!p) continue;
      if (p.queue.size > 0) {
        p.ackSeq = p.queue.peekSeq();
        p.input = p.queue.take()!;
        p.starved = 0;
      } else if (p.ackSeq !== NO_INPUT_ACK) p.starved++;
      // An empty queue repeats the last input: the key is most likely still held.
      this.#inputs.set(p.id, p.input);
    }
    // Disconnected players stay present, idle; the game's onDisconnect chose their fate.
    for (const p of this.#detached.players()) this.#inputs.set(p.id, this.#game.idleInput);
    this.#game.step(this.#world, this.#inputs, 1 / this.#options.tickRate);
    // The authoritative state is what clients decode: their predictions replay from it exactly.
    this.#quantizer?.apply();
    // What changed is encoded once here; each update below selects and copies those bits.
    this.#replication.commit();
    this.#interest?.update();
    for (const c of this.#conns.values()) {
      const p = c.player;
      if (!p) continue;
      if (p.visible) {
        p.visible.clear();
        this.#interest?.fill(p.id, p.visible);
        this.#game.interest?.(this.#world, p.id, p.visible);
      }
      const r = p.replica;
      // Backed up: unsent socket bytes, or sent ticks the client has not acknowledged.
      const lag = r.lastAckedTick < 0 ? 0 : r.lastSentTick - r.lastAckedTick;
      if (p.rate.observe(this.#sink.buffered?.(c.id) ?? 0, lag)) this.#applyRate(p);
      const frame = this.#replication.writeUpdate(r, p.visible, this.#interest?.priorityFactor);
      // Input timing for the client's clock: queued inputs (early) or starved ticks (late).
      writeSnapshotHeader(frame, p.ackSeq, p.starved > 0 ? -p.starved : p.queue.size);
      this.#sink.send(c.id, frame);
    }
  }

  /** Runs a player's RPC CALL and answers the caller; a bad call never closes the link. */
  #callRpc(
    c: Connection<Input>,
    rpc: RpcServer<RpcDeclarations>,
    data: Uint8Array,
    now: number,
  ): void {
    if (!c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "rpc before hello");
    const id = c.player.id;
    this.#outbox.send(c.id, (w) => rpc.receive(id, data, now, this.#world, w));
  }

  /**
   * Sends an encoded RPC EVENT to the connected players of `target`: reliable ones straight
   * to the socket, in order; unreliable ones through the lane that holds them while a
   * recipient's link is backed up.
   */
  #deliverRpc(target: RpcTarget, frame: Uint8Array, rpc: RpcEntry): void {
    const rules = this.#interest?.rules;
    const unreliable = rpc.declaration.delivery === "unreliable";
    for (const c of this.#conns.values()) {
      const p = c.player;
      if (!p || !rpcTargetIncludes(target, p.id, p.visible, rules)) continue;
      if (unreliable) this.#unreliable.send(c.id, rpc.id, frame);
      else this.#sink.send(c.id, frame);
    }
  }

  #broadcastJoined(player: Player<Input>): void {
    for (const c of this.#conns.values()) if (c.player) this.#sendJoined(c.id, player);
  }

  #sendJoined(to: ConnectionId, player: Player<Input>): void {
    this.#outbox.joined(to, player.id, player.name);
  }

  #sendStatus(to: ConnectionId, player: Player<Input>, connected: boolean): void {
    this.#outbox.status(to, player.id, connected);
  }

  /** A visible set for a new player when interest decides what it holds, else null. */
  #newVisible(): EntitySet | null {
    return this.#game.interest || this.#interest ? new EntitySet(this.#world.capacity) : null;
  }

  /**
   * The start of a player's link: a new replica (a full state next) with the player's
   * budget, a fresh rate (no client cap until it sends RATE), queue and acks.
   */
  #freshLink(playerId: number): LinkStart<Input> {
    const link = {
      replica: this.#replication.connect(),
      rate: new LinkRate(this.#rateLimits, this.#baseRate(playerId)),
      maxQueuedInputs: this.#options.maxQueuedInputs,
      idleInput: this.#game.idleInput,
    };
    this.#applyRate(link);
    return link;
  }

  #expireHandshakes(now: number): void {
    for (const c of this.#conns.values()) {
      if (!c.player && now - c.openedAt >= this.#options.handshakeTimeoutMs)
        this.#close(c, CLOSE.HANDSHAKE_TIMEOUT);
      else if (now - c.lastHeard >= this.#options.idleTimeoutMs) this.#close(c, CLOSE.IDLE_TIMEOUT);
    }
  }

  /** The earliest deadline of a disconnected player, ms (undefined when none waits). */
  get graceDeadline(): number | undefined {
    let first: number | undefined;
    for (const [, , deadline] of this.#detached.entries())
      if (first === undefined || deadline < first) first = deadline;
    return first;
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
    this.#unreliable.forget(c.id);
    const p = c.player;
    if (!p) return;
    if (!resumable || this.#options.reconnectGraceMs === 0) return this.#remove(p);
    this.#detached.hold(p.resumeToken, p, this.#now + this.#options.reconnectGraceMs);
    this.#game.onDisconnect?.(this.#world, p.id);
    for (const other of this.#conns.values()) {
      if (other.player) this.#sendStatus(other.id, p, false);
    }
  }

  /** The player leaves for good: its entities go and everyone hears PLAYER_LEFT. */
  #remove(p: Player<Input>): void {
    this.#players--;
    this.#game.onLeave?.(this.#world, p.id);
    this.#interest?.removePlayer(p.id);
    this.#budgets.delete(p.id);
    this.#rpc?.removePlayer(p.id);
    this.#game.removePlayer(this.#world, p.id);
    for (const other of this.#conns.values()) {
      if (other.player) this.#outbox.left(other.id, p.id);
    }
  }

  #allocatePlayerId(): number {
    // u16 ids, skipping 0 and any id still in use after a wrap.
    const inUse = new Set<number>();
    for (const c of this.#conns.values()) if (c.player) inUse.add(c.player.id);
    for (const p of this.#detached.players()) inUse.add(p.id);
    let id = this.#nextPlayerId;
    while (id === 0 || id > 0xffff || inUse.has(id)) id = id > 0xffff ? 1 : id + 1;
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
    this.#sink.setTicking(on);
  }
}

/** FNV-1a of a string: seeds the fallback token generator per room. */
function hash(text: string): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x0100_0193);
  return h >>> 0;
}
