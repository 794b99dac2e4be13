// A host double for room-core tests: a RoomSink on a manual clock that decodes every frame
// it is sent and, like a client, applies each player's or spectator's SNAPSHOTs to its own
// mirror (a fresh one on every WELCOME or SPECTATOR_WELCOME, as after a resume), and keeps
// the replay chunks and manifests a recording room hands over. Tests use it; nothing in
// production does.

import {
  ARENA_SCHEMA,
  type ArenaInput,
  arenaGame,
  listShips,
  type ShipValues,
} from "../../../games/arena/index.js";
import { ByteWriter } from "../../../shared/codec/byte-writer.js";
import type { GameDefinition } from "../../../shared/game/game-definition.js";
import {
  encodeHello,
  encodeInputHeader,
  NO_TICK_ACK,
} from "../../../shared/protocol/client-messages.js";
import { PROTOCOL_VERSION } from "../../../shared/protocol/limits.js";
import {
  decodeServerMessage,
  type ServerMessage,
} from "../../../shared/protocol/server-messages.js";
import type { ReplayChunkInfo } from "../../../shared/replay/replay-chunk.js";
import type { ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import { ReplicationClient } from "../../../shared/replication/replication-client.js";
import { RoomCore } from "../../../shared/room/room-core.js";
import type { RoomOptions } from "../../../shared/room/room-options.js";
import type { ConnectionId, RoomSink } from "../../../shared/room/room-sink.js";
import { World } from "../../../shared/world/world.js";

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

/** Runs an arena (or arena-like) RoomCore for tests and records what it sends. */
export class TestRoomHost implements RoomSink {
  readonly frames = new Map<ConnectionId, ServerMessage[]>();
  /** Byte size of every SNAPSHOT frame, per connection. */
  readonly sizes = new Map<ConnectionId, number[]>();
  readonly mirrors = new Map<ConnectionId, ReplicationClient>();
  readonly closes = new Map<ConnectionId, { code: number; reason: string }>();
  /** Every frame object each connection was sent, as the room passed it (not a copy). */
  readonly sent = new Map<ConnectionId, Uint8Array[]>();
  /** Replay chunks the room handed over (RoomSink.recordChunk), in order. */
  readonly chunks: { readonly chunk: Uint8Array; readonly info: ReplayChunkInfo }[] = [];
  /** Replay manifests the room handed over (RoomSink.recordManifest), in order. */
  readonly manifests: ReplayManifest[] = [];
  /** Every setTicking call, in order. */
  readonly timer: boolean[] = [];
  /** Bytes each connection's socket holds unsent, as set by the test (RoomSink.buffered). */
  readonly #buffered = new Map<ConnectionId, number>();
  now = 1_000;
  readonly room: RoomCore<ArenaInput>;
  readonly #game: GameDefinition<ArenaInput>;

  constructor(
    options: RoomOptions = {},
    game: GameDefinition<ArenaInput> = arenaGame,
    roomId = "test-room",
  ) {
    this.#game = game;
    this.room = new RoomCore(game, roomId, this, options);
  }

  send(conn: ConnectionId, bytes: Uint8Array): void {
    const decoded = decodeServerMessage(bytes.slice());
    if (!decoded.ok) throw new Error(`room sent a malformed frame: ${decoded.error}`);
    const msg = decoded.value;
    this.frames.set(conn, [...(this.frames.get(conn) ?? []), msg]);
    this.sent.set(conn, [...(this.sent.get(conn) ?? []), bytes]);
    if (msg.type === "welcome" || msg.type === "spectator-welcome") {
      const world = new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 });
      this.mirrors.set(conn, new ReplicationClient(world, ARENA_SCHEMA));
    }
    if (msg.type !== "snapshot") return;
    this.sizes.set(conn, [...(this.sizes.get(conn) ?? []), bytes.length]);
    const applied = this.mirrors.get(conn)!.apply(msg.update);
    if (!applied.ok) throw new Error(`${conn} could not apply an update: ${applied.error}`);
  }

  recordChunk(chunk: Uint8Array, info: ReplayChunkInfo): void {
    this.chunks.push({ chunk, info });
  }

  recordManifest(manifest: ReplayManifest): void {
    this.manifests.push(manifest);
  }

  close(conn: ConnectionId, code: number, reason: string): void {
    this.closes.set(conn, { code, reason });
  }

  setTicking(on: boolean): void {
    this.timer.push(on);
  }

  buffered(conn: ConnectionId): number {
    return this.#buffered.get(conn) ?? 0;
  }

  /** Makes `conn`'s socket report `bytes` unsent from now on (a backed-up link), 0: drained. */
  setBuffered(conn: ConnectionId, bytes: number): void {
    this.#buffered.set(conn, bytes);
  }

  /** Opens `conn` and says HELLO as `name` (resuming with `resume` when given). */
  join(conn: ConnectionId, name = conn, resume = ""): void {
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    const { name: game, schema } = this.#game;
    encodeHello(w, { game, schema: schema.fingerprint, name, token: "", resume });
    this.receive(conn, w.toBytes());
  }

  /** Opens `conn` and says HELLO as a spectator. */
  spectate(conn: ConnectionId, name = conn): void {
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    const { name: game, schema } = this.#game;
    encodeHello(w, { game, schema: schema.fingerprint, name, token: "", role: "spectator" });
    this.receive(conn, w.toBytes());
  }

  /**
   * Opens `conn` and hands the room a decoded HELLO verified as `accountId`'s (seated in
   * `team`), as a host with admission does.
   */
  joinAs(conn: ConnectionId, accountId: string, resume = "", team?: number): void {
    this.room.open(conn, this.now);
    const { name: game, schema } = this.#game;
    const hello = {
      type: "hello",
      version: PROTOCOL_VERSION,
      role: "player",
      game,
      schema: schema.fingerprint,
      name: conn,
      token: "",
      resume,
    } as const;
    this.room.hello(conn, hello, { accountId, team }, this.now);
  }

  /** Delivers a frame from `conn` at the current time. */
  receive(conn: ConnectionId, bytes: Uint8Array | string): void {
    this.room.receive(conn, bytes, this.now);
  }

  /** Sends arena inputs with sequences `firstSeq`… (no tick acknowledged). */
  input(conn: ConnectionId, firstSeq: number, buttons: number[]): void {
    const w = new ByteWriter();
    encodeInputHeader(w, NO_TICK_ACK, firstSeq, buttons.length);
    for (const b of buttons) w.u8(b);
    this.receive(conn, w.toBytes());
  }

  /** Advances the clock by `ticks` tick intervals, updating every interval. */
  advance(ticks: number): void {
    for (let i = 0; i < ticks; i++) {
      this.now += this.room.tickIntervalMs;
      this.room.update(this.now);
    }
  }

  /** The messages of one type `conn` received. */
  of<T extends ServerMessage["type"]>(conn: ConnectionId, type: T): Of<T>[] {
    return (this.frames.get(conn) ?? []).filter((m): m is Of<T> => m.type === type);
  }

  /** The last WELCOME `conn` received. */
  welcome(conn: ConnectionId): Of<"welcome"> {
    const w = this.of(conn, "welcome").at(-1);
    if (!w) throw new Error(`${conn} was not welcomed`);
    return w;
  }

  /** The ships `conn`'s mirror holds after the snapshots it received. */
  ships(conn: ConnectionId): ShipValues[] {
    const mirror = this.mirrors.get(conn);
    if (!mirror) throw new Error(`${conn} has no mirror`);
    return listShips(mirror.world);
  }

  /** The tick `conn`'s mirror is at (-1 before any snapshot). */
  mirrorTick(conn: ConnectionId): number {
    return this.mirrors.get(conn)?.tick ?? -1;
  }
}
