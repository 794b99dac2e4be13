// edgetick's side: the arena scene as a game (edgetick-scene-game.ts) run by the room core
// exactly as the GameRoom Durable Object runs it: every client opens a connection and says
// HELLO, `room.update(now)` runs one fixed tick per tick interval (simulation, interest,
// replication encode, one SNAPSHOT frame per player to the sink), and each client decodes
// its SNAPSHOT frames into its own mirror World.
import { SNAPSHOT_HEADER_BYTES } from "../../shared/protocol/index.js";
import { RoomCore } from "../../shared/room/index.js";
import { EntitySet } from "../../shared/world/index.js";
import { sayHello } from "../harness/say-hello.js";
import type { ArenaScene } from "../scenes/arena-scene.js";
import type { Visibility } from "../scenes/interest-grid.js";
import { EdgetickClient } from "./edgetick-client.js";
import { BenchRoomHost } from "./edgetick-host.js";
import { ArenaSceneGame, seatName } from "./edgetick-scene-game.js";
import { ANGLE_BITS, POSITION_STEP, POSITION_TOLERANCE, VELOCITY_STEP } from "./edgetick-schema.js";
import type { ClientMirror, ReplicationSystem, Tolerance } from "./system.js";

/** The room's id; it travels only in WELCOME. */
const ROOM_ID = "bench";

/**
 * Every player's state budget, bytes/s: above any update of any scene (a steering scene's
 * broadcast update is a few KB a tick), so the room sends every change every tick, as
 * Colyseus does, and every client holds the whole state the verifier checks. The room's
 * default (64 KiB/s) would make the steering scenes' priority accumulators choose.
 */
export const BENCH_BYTES_PER_SECOND = 16 * 1024 * 1024;

/** One connected client: its connection id and its decoder. */
interface Connected {
  readonly conn: string;
  readonly client: EdgetickClient;
}

/**
 * What edgetick's decoded values may differ from the scene by, as its schema declares: the
 * prediction tolerance for x and y, half a step for the rest (a hair over, for rounding).
 */
export const EDGETICK_TOLERANCE: Tolerance = {
  position: POSITION_TOLERANCE * (1 + 1e-9),
  velocity: (VELOCITY_STEP / 2) * (1 + 1e-9),
  angle: (Math.PI / 2 ** ANGLE_BITS) * (1 + 1e-9),
};

/**
 * edgetick's room core driven by a host with a manual clock.
 *
 * @example
 * const system = new EdgetickSystem();
 */
export class EdgetickSystem implements ReplicationSystem {
  readonly id = "edgetick" as const;
  readonly label = "edgetick";
  /** Scene B's visible sets come from the room's own interest grid (shared/room). */
  readonly ownsInterest = true;
  readonly allocationFree = true;
  readonly tolerance = EDGETICK_TOLERANCE;
  readonly #host = new BenchRoomHost();
  /** Scratch visible set of the replayed interest queries. */
  #replayView = new EntitySet(1);
  #game: ArenaSceneGame | null = null;
  #scene: ArenaScene | null = null;
  /** The harness's reference view (scene B), moved along when a late join runs a tick. */
  #reference: Visibility | null = null;
  #room: RoomCore<null> | null = null;
  #clients: Connected[] = [];
  /** Each client's delivered, not yet decoded SNAPSHOT (see {@link deliver}). */
  #delivered: (Uint8Array | null)[] = [];
  /**
   * The host's clock, whole ms (as a Durable Object's `Date.now()`), just past the next
   * tick's due time at each update (#advance). A fractional time is a double that the
   * bench's own call would box on the heap inside the metered tick.
   */
  #now = 0;
  /** Ticks the host's timer has fired. */
  #fired = 0;
  #lateJoiners = 0;
  /** WELCOME + PLAYER_JOINED bytes each late joiner received before its state. */
  #lateJoinControlBytes: number[] = [];

  start(scene: ArenaScene, visibility: Visibility | null): void {
    const seats = visibility?.clientCount ?? scene.clientX.length;
    const game = new ArenaSceneGame(scene, visibility?.radius ?? null, seats);
    this.#game = game;
    this.#scene = scene;
    this.#reference = visibility;
    this.#replayView = new EntitySet(game.definition.schema.maxEntities);
    this.#room = new RoomCore(game.definition, ROOM_ID, this.#host, {
      bytesPerSecond: BENCH_BYTES_PER_SECOND,
    });
    if (this.#room.interest !== null) game.timeInterestUpdate(this.#room.interest);
    // In scene A every client sees everything; seats only matter for interest.
    for (let c = 0; c < seats; c++) this.#clients.push(this.#join(`client ${c}`, c));
  }

  tick(): number {
    const game = this.#game!;
    game.resetHookMs();
    this.#advance();
    return game.hookMs;
  }

  /** Scene B: the players' interest queries of the tick, run and timed again (see ArenaSceneGame.replayQueries). */
  replayedHookMs(): number {
    const interest = this.#room?.interest;
    if (interest === null || interest === undefined) return 0;
    const game = this.#game!;
    game.resetHookMs();
    game.replayQueries(interest, this.#replayView);
    return game.hookMs;
  }

  stopTiming(): void {
    this.#game!.stopTiming();
  }

  receivedBytes(c: number): number {
    return this.#host.pendingBytes(this.#clients[c]!.conn);
  }

  deliver(c: number): void {
    this.#delivered[c] = this.#host.takeSnapshot(this.#clients[c]!.conn);
  }

  decode(c: number): void {
    const { conn, client } = this.#clients[c]!;
    const frame = this.#delivered[c] ?? this.#host.takeSnapshot(conn);
    this.#delivered[c] = null;
    if (frame !== null) client.receive(frame);
  }

  mirror(c: number): ClientMirror {
    return this.#clients[c]!.client;
  }

  lateJoin(c: number): { bytes: number; mirror: ClientMirror } {
    const room = this.#room!;
    const joiner = this.#join(`late ${this.#lateJoiners++}`, c);
    // The room sends state only with a tick: the joiner's first SNAPSHOT is its full state.
    this.#advance();
    this.#reference?.update(this.#scene!);
    for (let k = 0; k < this.#clients.length; k++) this.decode(k);
    const frame = this.#host.takeSnapshot(joiner.conn);
    if (frame === null)
      throw new Error(`${joiner.conn} got no snapshot with the tick after it joined`);
    joiner.client.receive(frame);
    this.#lateJoinControlBytes.push(this.#host.controlBytes(joiner.conn));
    // Measured, not kept: it leaves (for good, not resumable) before the next joiner, so
    // the room stays at M + 1.
    room.disconnect(joiner.conn, this.#now, false);
    this.#host.drop(joiner.conn);
    return { bytes: frame.byteLength, mirror: joiner.client };
  }

  describe(): Record<string, unknown> {
    const room = this.#room;
    const controls = this.#lateJoinControlBytes;
    return {
      components: {
        Motion: `vel vec2 ±128 step ${VELOCITY_STEP}; pos vec2 [0, 2000] step ${POSITION_STEP}, predicted from vel, tolerance ${POSITION_TOLERANCE}; angle ${ANGLE_BITS} bits`,
        Vitals: "hp uint8, compared on change",
        Kind: "kind uint8, compared on change",
      },
      maxEntities: this.#game?.definition.schema.maxEntities,
      driven: "RoomCore (shared/room): open + HELLO per client, one room.update(now) per tick",
      room: room && { tickRate: room.options.tickRate, maxPlayers: room.options.maxPlayers },
      snapshotHeaderBytes: SNAPSHOT_HEADER_BYTES,
      // Raw (float32 per float lane, every visible entity every update) vs sent, per component.
      compression: room?.compressionReport(),
      // Sent to a late joiner before its first SNAPSHOT; not in the join size, as Colyseus'
      // handshake is not in its.
      lateJoinControlBytes:
        controls.length === 0 ? null : controls.reduce((a, b) => a + b, 0) / controls.length,
    };
  }

  /** Opens connection `conn` and says HELLO with the name of seat `c`, as a client does. */
  #join(conn: string, c: number): Connected {
    const room = this.#room!;
    const definition = this.#game!.definition;
    sayHello(room, definition, conn, seatName(c), this.#now);
    if (room.playerOf(conn) === undefined) throw new Error(`room did not admit ${conn}`);
    return { conn, client: new EdgetickClient(definition.schema) };
  }

  /** One tick interval of the host's timer: exactly one room tick must run. */
  #advance(): void {
    const room = this.#room!;
    if (!this.#host.ticking) throw new Error("room is not ticking");
    const before = room.tick;
    // Just past tick k's due time k · interval (the room sums its intervals as doubles, so the
    // due time can lie a rounding error above the exact product), and well before k + 1's.
    this.#now = Math.floor(++this.#fired * room.tickIntervalMs) + 1;
    room.update(this.#now);
    if (room.tick !== before + 1) throw new Error(`room ran ${room.tick - before} ticks`);
  }
}
