// The authoritative room: connections, handshake, input queues and the fixed tick. It knows
// nothing of Durable Objects: hosts feed it decoded time and bytes, and it answers through a
// RoomSink, so the same core runs in a DO, a Node bench and tests with a manual clock.

import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import {
  type ClientMessage,
  decodeClientMessage,
  NO_TICK_ACK,
} from "../protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../protocol/close-codes.js";
import { MAX_CLIENT_FRAME_BYTES, PROTOCOL_VERSION } from "../protocol/limits.js";
import {
  encodePlayerJoined,
  encodePlayerLeft,
  encodePong,
  encodeWelcome,
  NO_INPUT_ACK,
  SNAPSHOT_HEADER_BYTES,
  writeSnapshotHeader,
} from "../protocol/server-messages.js";
import type { ClientSession as ReplicaSession } from "../replication/client-session.js";
import type { CompressionReport } from "../replication/compression-stats.js";
import { WorldQuantizer } from "../replication/quantize-world.js";
import { ReplicationServer } from "../replication/replication-server.js";
import { EntitySet } from "../world/entity-set.js";
import { World } from "../world/world.js";
import { InputQueue } from "./input-queue.js";
import { RateLimiter } from "./rate-limiter.js";
import { type ResolvedRoomOptions, type RoomOptions, resolveRoomOptions } from "./room-options.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

interface Connection<Input> {
  readonly id: ConnectionId;
  readonly openedAt: number;
  readonly limiter: RateLimiter;
  /** Set once the hello is accepted. */
  player?: Player<Input>;
}

interface Player<Input> {
  readonly id: number;
  readonly name: string;
  /** What the replication core knows this player's client holds. */
  readonly replica: ReplicaSession;
  /** What the game's interest rule says this player should hold, refilled every tick. */
  readonly visible: EntitySet | null;
  readonly queue: InputQueue<Input>;
  input: Input;
  ackSeq: number;
  /** Ticks in a row that found no new input (reported to the client as late arrival). */
  starved: number;
}

/** A player as the host sees it (for info endpoints and persistence). */
export interface PlayerInfo {
  readonly playerId: number;
  readonly name: string;
}

/** Runs one game's authoritative simulation for the connections of one room. */
export class RoomCore<Input> {
  readonly #game: GameDefinition<Input>;
  readonly #options: ResolvedRoomOptions;
  readonly #sink: RoomSink;
  readonly #roomId: string;
  readonly #conns = new Map<ConnectionId, Connection<Input>>();
  readonly #inputs = new Map<number, Input>();
  readonly #out = new ByteWriter();
  readonly #intervalMs: number;
  readonly #world: World;
  readonly #replication: ReplicationServer;
  /** Set when the game keeps its state on the wire's grid (GameDefinition.quantizeState). */
  readonly #quantizer: WorldQuantizer | null;
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
  ) {
    this.#game = game;
    this.#roomId = roomId;
    this.#sink = sink;
    // The game's settings are the room's defaults; `options` overrides them per room.
    this.#options = resolveRoomOptions({ ...game.roomOptions, ...options });
    this.#intervalMs = 1000 / this.#options.tickRate;
    const tickSeconds = 1 / this.#options.tickRate;
    if (Math.abs(game.schema.tickSeconds - tickSeconds) > 1e-9) {
      throw new RangeError(
        `${game.name}: schema.tickSeconds (${game.schema.tickSeconds}) must equal 1 / room.tickRate (${tickSeconds})`,
      );
    }
    this.#world = new World({ capacity: game.schema.maxEntities, ...game.world });
    game.setup?.(this.#world);
    this.#quantizer = game.quantizeState ? new WorldQuantizer(this.#world, game.schema) : null;
    // The first bytes of every update are left free for the SNAPSHOT header.
    this.#replication = new ReplicationServer(this.#world, game.schema, {
      reserveBytes: SNAPSHOT_HEADER_BYTES,
    });
  }

  /** What the updates sent so far cost against raw values, per component (stats, benches). */
  compressionReport(): CompressionReport {
    return this.#replication.compressionReport();
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
      if (c.player) out.push({ playerId: c.player.id, name: c.player.name });
    }
    return out;
  }

  /** The player behind a connection, once its hello was accepted. */
  playerOf(conn: ConnectionId): PlayerInfo | undefined {
    const p = this.#conns.get(conn)?.player;
    return p && { playerId: p.id, name: p.name };
  }

  /** A socket was accepted; it must say hello within the handshake timeout. */
  open(conn: ConnectionId, now: number): void {
    this.#now = now;
    const { messagesPerSecond, messageBurst } = this.#options;
    this.#conns.set(conn, {
      id: conn,
      openedAt: now,
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
    this.#nextPlayerId = Math.max(this.#nextPlayerId, player.playerId + 1);
    this.#admit(this.#conns.get(conn)!, player.playerId, player.name, false);
  }

  /** A frame arrived. Text frames and anything malformed close only this connection. */
  receive(conn: ConnectionId, data: Uint8Array | string, now: number): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    if (!c.limiter.take(now)) return this.#close(c, CLOSE.RATE_LIMITED);
    if (typeof data === "string")
      return this.#close(c, CLOSE.MALFORMED_FRAME, "text frames are not supported");
    if (data.length > MAX_CLIENT_FRAME_BYTES) return this.#close(c, CLOSE.FRAME_TOO_LARGE);
    const decoded = decodeClientMessage(data, this.#game.input.bytes);
    if (!decoded.ok) return this.#close(c, CLOSE.MALFORMED_FRAME, decoded.error);
    this.#handle(c, decoded.value);
  }

  /** The socket closed or failed; the player (if any) leaves. */
  disconnect(conn: ConnectionId, now: number): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    this.#forget(c);
    this.#updateTicking();
  }

  /** Runs every tick that is due at `now` (ms); call it about once per tick interval. */
  update(now: number): void {
    this.#now = now;
    if (!this.#ticking) return;
    this.#expireHandshakes(now);
    let ran = 0;
    while (now >= this.#nextTickAt && ran < this.#options.maxCatchUpTicks) {
      this.#step();
      this.#nextTickAt += this.#intervalMs;
      ran++;
    }
    // Still behind after catching up: drop the time rather than spiral.
    if (now >= this.#nextTickAt) this.#nextTickAt = now + this.#intervalMs;
  }

  #handle(c: Connection<Input>, msg: ClientMessage): void {
    switch (msg.type) {
      case "hello":
        if (c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "second hello");
        if (msg.version !== PROTOCOL_VERSION) {
          return this.#close(
            c,
            CLOSE.UNSUPPORTED_VERSION,
            `client speaks ${msg.version}, server speaks ${PROTOCOL_VERSION}`,
          );
        }
        if (msg.schema !== this.#game.schema.fingerprint) {
          return this.#close(
            c,
            CLOSE.SCHEMA_MISMATCH,
            `client ${hex(msg.schema)}, room ${hex(this.#game.schema.fingerprint)}`,
          );
        }
        if (msg.name.trim().length === 0) return this.#close(c, CLOSE.INVALID_HELLO, "empty name");
        if (this.#players >= this.#options.maxPlayers) return this.#close(c, CLOSE.ROOM_FULL);
        this.#admit(c, this.#allocatePlayerId(), msg.name.trim(), true);
        return;
      case "input":
        if (!c.player) return this.#close(c, CLOSE.UNEXPECTED_MESSAGE, "input before hello");
        // The ack feeds the baseline ring; a tick the room never sent is ignored there.
        if (msg.ackTick !== NO_TICK_ACK)
          this.#replication.acknowledge(c.player.replica, msg.ackTick);
        return this.#acceptInputs(c, c.player, msg.firstSeq, msg.count, msg.inputs);
      case "ping":
        this.#out.reset();
        encodePong(this.#out, msg.clientTime, this.#now);
        this.#sink.send(c.id, this.#out.view());
        return;
    }
  }

  #admit(c: Connection<Input>, playerId: number, name: string, welcome: boolean): void {
    const player: Player<Input> = {
      id: playerId,
      name,
      replica: this.#replication.connect(),
      visible: this.#game.interest ? new EntitySet(this.#world.capacity) : null,
      queue: new InputQueue(this.#options.maxQueuedInputs),
      input: this.#game.idleInput,
      ackSeq: NO_INPUT_ACK,
      starved: 0,
    };
    c.player = player;
    this.#players++;
    this.#game.addPlayer(this.#world, playerId, name);
    if (welcome) {
      this.#out.reset();
      encodeWelcome(this.#out, {
        version: PROTOCOL_VERSION,
        playerId,
        tickRate: this.#options.tickRate,
        // The next tick: the first SNAPSHOT this player gets carries at least this number.
        tick: this.#replication.tick + 1,
        serverTime: this.#now,
        roomId: this.#roomId,
      });
      this.#sink.send(c.id, this.#out.view());
      for (const other of this.#conns.values()) {
        if (other.player && other !== c) this.#sendJoined(c.id, other.player);
      }
    }
    this.#broadcastJoined(player);
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
    this.#game.step(this.#world, this.#inputs, 1 / this.#options.tickRate);
    // The authoritative state is what clients decode: their predictions replay from it exactly.
    this.#quantizer?.apply();
    // What changed is encoded once here; each update below selects and copies those bits.
    this.#replication.commit();
    for (const c of this.#conns.values()) {
      const p = c.player;
      if (!p) continue;
      if (p.visible) {
        p.visible.clear();
        this.#game.interest?.(this.#world, p.id, p.visible);
      }
      const frame = this.#replication.writeUpdate(p.replica, p.visible);
      // Input timing for the client's clock: queued inputs (early) or starved ticks (late).
      writeSnapshotHeader(frame, p.ackSeq, p.starved > 0 ? -p.starved : p.queue.size);
      this.#sink.send(c.id, frame);
    }
  }

  #broadcastJoined(player: Player<Input>): void {
    for (const c of this.#conns.values()) if (c.player) this.#sendJoined(c.id, player);
  }

  #sendJoined(to: ConnectionId, player: Player<Input>): void {
    this.#out.reset();
    encodePlayerJoined(this.#out, player.id, player.name);
    this.#sink.send(to, this.#out.view());
  }

  #expireHandshakes(now: number): void {
    for (const c of this.#conns.values()) {
      if (!c.player && now - c.openedAt >= this.#options.handshakeTimeoutMs)
        this.#close(c, CLOSE.HANDSHAKE_TIMEOUT);
    }
  }

  #close(c: Connection<Input>, code: CloseCode, detail?: string): void {
    this.#forget(c);
    this.#sink.close(c.id, code.code, detail ? `${code.reason}: ${detail}` : code.reason);
    this.#updateTicking();
  }

  #forget(c: Connection<Input>): void {
    this.#conns.delete(c.id);
    const p = c.player;
    if (!p) return;
    this.#players--;
    this.#game.removePlayer(this.#world, p.id);
    for (const other of this.#conns.values()) {
      if (!other.player) continue;
      this.#out.reset();
      encodePlayerLeft(this.#out, p.id);
      this.#sink.send(other.id, this.#out.view());
    }
  }

  #allocatePlayerId(): number {
    // u16 ids, skipping 0 and any id still in use after a wrap.
    const inUse = new Set<number>();
    for (const c of this.#conns.values()) if (c.player) inUse.add(c.player.id);
    let id = this.#nextPlayerId;
    while (id === 0 || id > 0xffff || inUse.has(id)) id = id > 0xffff ? 1 : id + 1;
    this.#nextPlayerId = id + 1;
    return id;
  }

  #updateTicking(): void {
    const on = this.#conns.size > 0;
    if (on === this.#ticking) return;
    this.#ticking = on;
    if (on) this.#nextTickAt = this.#now + this.#intervalMs;
    this.#sink.setTicking(on);
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
