// The client's side of the protocol, free of sockets and timers: it builds frames, applies
// server messages to a mirror of the room's world, and remembers inputs until they are
// acknowledged. connect() wires it to a Transport; tests drive it directly.

import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { type Ok, ok, type Result } from "../../shared/codec/result.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import type { Channel } from "../../shared/protocol/channel.js";
import {
  encodeHello,
  encodeInputHeader,
  encodePing,
  encodeRate,
  type HelloRole,
  NO_TICK_ACK,
} from "../../shared/protocol/client-messages.js";
import { SEQ_SPACE, unwrapSeq } from "../../shared/protocol/input-sequence.js";
import {
  decodeServerMessage,
  NO_INPUT_ACK,
  type ServerMessage,
  type SpectatorWelcomeMessage,
  type WelcomeMessage,
} from "../../shared/protocol/server-messages.js";
import {
  readSnapshotHeader,
  SNAPSHOT_HEADER_BYTES,
} from "../../shared/protocol/snapshot-header.js";
import {
  ReplicationClient,
  type UpdateSummary,
} from "../../shared/replication/replication-client.js";
import { type Entity, World } from "../../shared/world/world.js";
import { InputHistory } from "./input-history.js";
import { ReceivedSnapshot } from "./received-snapshot.js";

/** Inputs remembered for repeats; a frame never carries more than the protocol's 32. */
const HISTORY_CAPACITY = 64;

/**
 * A SNAPSHOT from an unreliable channel that came too late to apply (its tick is not newer
 * than the mirror's, it is a duplicate, or it builds on a tick the mirror is not at): it is
 * ignored, and the next one that fits brings the mirror up to date.
 */
export interface StaleSnapshot {
  readonly type: "stale-snapshot";
}

/**
 * A decoded server message, with what a SNAPSHOT did to the mirror. A SNAPSHOT's is one
 * object reused for every snapshot (ReceivedSnapshot): read it before the next receive.
 */
export type ReceivedMessage =
  | (ServerMessage & { readonly applied?: UpdateSummary })
  | StaleSnapshot;

const STALE_SNAPSHOT: Ok<StaleSnapshot> = { ok: true, value: { type: "stale-snapshot" } };

/** Protocol state of one room connection. */
/** ClientSession.ackSeq before the server acknowledged any input. */
export const NO_ACK = -1;

export class ClientSession<Input> {
  readonly #game: GameDefinition<Input>;
  readonly #history: InputHistory;
  readonly #maxInputsPerFrame: number;
  readonly #out = new ByteWriter(256);
  readonly #players = new Map<number, string>();
  readonly #world: World;
  readonly #replication: ReplicationClient;
  #welcome: WelcomeMessage | undefined;
  #spectatorWelcome: SpectatorWelcomeMessage | undefined;
  /** Unbounded, as our own inputs are numbered; NO_ACK before any. */
  #ackSeq = NO_ACK;
  #rtt: number | undefined;
  /** What receive returns for every applied SNAPSHOT (see ReceivedSnapshot). */
  readonly #snapshot: ReceivedSnapshot;
  readonly #snapshotResult: Ok<ReceivedMessage>;

  /**
   * @param game the game played in the room (its schema decodes the world, its codec inputs)
   * @param maxInputsPerFrame most inputs repeated in one INPUT frame (1–32)
   */
  constructor(game: GameDefinition<Input>, maxInputsPerFrame: number) {
    this.#game = game;
    this.#maxInputsPerFrame = maxInputsPerFrame;
    this.#history = new InputHistory(game.input.bytes, HISTORY_CAPACITY);
    // Mirror slots are not NetworkIds, so they are reused at once.
    this.#world = new World({
      capacity: game.schema.maxEntities,
      ...game.world,
      idReuseDelayTicks: 0,
    });
    this.#replication = new ReplicationClient(this.#world, game.schema);
    this.#snapshot = new ReceivedSnapshot({
      tick: -1,
      kind: "full",
      changed: 0,
      spawned: 0,
      despawned: 0,
      left: 0,
    });
    this.#snapshotResult = { ok: true, value: this.#snapshot };
  }

  /** The accepted handshake, once WELCOME arrived. */
  get welcome(): WelcomeMessage | undefined {
    return this.#welcome;
  }

  /** The accepted spectator handshake, once SPECTATOR_WELCOME arrived. */
  get spectatorWelcome(): SpectatorWelcomeMessage | undefined {
    return this.#spectatorWelcome;
  }

  /** The mirror of the room's replicated entities (empty until the first snapshot). */
  get world(): World {
    return this.#world;
  }

  /** Tick of the latest applied snapshot, -1 before the first. */
  get tick(): number {
    return this.#replication.tick;
  }

  /** The mirror entity of a server NetworkId, or -1. */
  entityOf(networkId: number): Entity {
    return this.#replication.entityOf(networkId);
  }

  /** The server NetworkId of a mirror entity, or -1. */
  networkIdOf(entity: Entity): number {
    return this.#replication.networkIdOf(entity);
  }

  /** The sequence the next recorded input gets. */
  get nextSeq(): number {
    return this.#history.nextSeq;
  }

  /**
   * The last of our inputs the server applied, in our own unbounded numbering (the wire's
   * u32 sequence unwrapped); NO_ACK (−1) before any.
   */
  get ackSeq(): number {
    return this.#ackSeq;
  }

  /** Players in the room, id → name (ourselves included). */
  get players(): ReadonlyMap<number, string> {
    return this.#players;
  }

  /** Latest round-trip time in ms from PING/PONG, once measured. */
  get rtt(): number | undefined {
    return this.#rtt;
  }

  /**
   * The HELLO frame, carrying the game's name and schema fingerprint and, on a
   * reconnection, the resume token of the previous WELCOME. `role` `"spectator"` asks to
   * watch (SPECTATOR_WELCOME, then the delayed broadcast stream; no avatar, no inputs).
   */
  hello(name: string, token: string, resume = "", role: HelloRole = "player"): Uint8Array {
    const { name: game, schema } = this.#game;
    const hello = { game, schema: schema.fingerprint, name, token, resume, role };
    encodeHello(this.#out.reset(), hello);
    return this.#out.toBytes();
  }

  /** A RATE frame: the most state bytes per second this client wants (0: no cap). */
  rate(bytesPerSecond: number): Uint8Array {
    encodeRate(this.#out.reset(), bytesPerSecond);
    return this.#out.toBytes();
  }

  /** A PING frame stamped with `now` (ms). */
  ping(now: number): Uint8Array {
    encodePing(this.#out.reset(), now);
    return this.#out.toBytes();
  }

  /** Records the input for the next client tick; returns its sequence. */
  record(input: Input): number {
    return this.#history.record((out, offset) => this.#game.input.encode(input, out, offset));
  }

  /** An INPUT frame with every recent unacknowledged input, or undefined if none. */
  inputFrame(): Uint8Array | undefined {
    const next = this.#history.nextSeq;
    const firstUnacked = this.#ackSeq + 1;
    const from = Math.max(firstUnacked, this.#history.oldestSeq, next - this.#maxInputsPerFrame);
    const count = next - from;
    if (count <= 0) return undefined;
    const w = this.#out.reset();
    const tick = this.#replication.tick;
    encodeInputHeader(w, tick < 0 ? NO_TICK_ACK : tick, from, count);
    const header = w.length;
    const bytes = new Uint8Array(header + count * this.#game.input.bytes);
    bytes.set(w.view());
    this.#history.copy(from, count, bytes, header);
    return bytes;
  }

  /**
   * Our unbounded sequence for a SNAPSHOT's u32 `ackSeq`. The wire's 0xffffffff means "none
   * yet" only until a first input was acknowledged: within one link the room never goes back
   * to none, so later it is the input numbered 0xffffffff mod 2³² (the wrap, docs/protocol.md).
   */
  #unwrapAck(wire: number): number {
    if (wire === NO_INPUT_ACK && this.#ackSeq === NO_ACK) return NO_ACK;
    // Before the first wrap a sequence is its wire value. Said without calling unwrapSeq
    // or Math.max: their arguments (≥ 2³² − 1) would be boxed on the heap on every snapshot.
    const newest = this.#history.nextSeq - 1;
    return newest < SEQ_SPACE ? wire : unwrapSeq(wire, newest);
  }

  /**
   * Applies one server frame, received on `channel`; refuses malformed ones without
   * changing anything. A SNAPSHOT of the unreliable channel too late to apply comes back as
   * a {@link StaleSnapshot}; on the reliable channel, where nothing is late or duplicated,
   * it is refused like any other frame that does not fit. A SNAPSHOT (one a tick) is read
   * in place and allocates nothing: its result and message are reused (ReceivedSnapshot).
   */
  receive(bytes: Uint8Array, now: number, channel: Channel = "reliable"): Result<ReceivedMessage> {
    if (readSnapshotHeader(bytes, this.#snapshot)) return this.#receiveSnapshot(bytes, channel);
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok) return decoded;
    const msg = decoded.value;
    switch (msg.type) {
      case "welcome":
        this.#welcome = msg;
        break;
      case "spectator-welcome":
        this.#spectatorWelcome = msg;
        break;
      case "player-joined":
        this.#players.set(msg.playerId, msg.name);
        break;
      case "player-left":
        this.#players.delete(msg.playerId);
        break;
      case "player-status":
        // Who is disconnected is the game's business (RoomConnection emits it); the player
        // stays in the list until PLAYER_LEFT.
        break;
      case "pong":
        this.#rtt = ((now >>> 0) - msg.clientTime) >>> 0;
        break;
    }
    return ok(msg);
  }

  /** Applies a SNAPSHOT whose header readSnapshotHeader put in #snapshot. */
  #receiveSnapshot(bytes: Uint8Array, channel: Channel): Result<ReceivedMessage> {
    const applied = this.#replication.apply(bytes, SNAPSHOT_HEADER_BYTES);
    if (!applied.ok) {
      const late =
        channel === "unreliable" && this.#replication.stale(bytes, SNAPSHOT_HEADER_BYTES);
      return late ? STALE_SNAPSHOT : applied;
    }
    const snapshot = this.#snapshot;
    this.#ackSeq = this.#unwrapAck(snapshot.ackSeq);
    snapshot.ackSeq = this.#ackSeq;
    snapshot.applied = applied.value;
    snapshot.hold(bytes);
    return this.#snapshotResult;
  }
}
