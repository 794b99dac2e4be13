// The contract every replication system under test implements, so the harness drives
// edgetick and Colyseus identically: same scene, same visible sets, same timers, same checks.
import type { ArenaScene } from "../scenes/arena-scene.js";
import type { Visibility } from "../scenes/interest-grid.js";

/** Keys of the systems in results/replication.json. */
export type SystemId = "edgetick" | "colyseus" | "colyseusQuantized" | "fairPeer";

/** One entity as a client decoded it. */
export interface EntitySample {
  x: number;
  y: number;
  angle: number;
  vx: number;
  vy: number;
  hp: number;
  kind: number;
}

/** Read access to one client's decoded world, for the verifier (never timed). */
export interface ClientMirror {
  /** Number of entities the client holds. */
  size(): number;
  /** Copies entity `id` into `out`; false when the client does not hold it. */
  read(id: number, out: EntitySample): boolean;
}

/**
 * The largest absolute error a system's decoded values may have against the scene; the
 * verifier fails the run beyond it. 0 means bit-exact (float32 on the wire).
 */
export interface Tolerance {
  /** x and y, units. */
  readonly position: number;
  /** vx and vy, units/s. */
  readonly velocity: number;
  /** angle, radians. */
  readonly angle: number;
}

/**
 * A replication pipeline: a server state mirroring the {@link ArenaScene}, an encoder that
 * sends one update per client per tick, and one decoder per client.
 *
 * The harness calls, per tick: {@link tick} (timed as the tick; the time it reports spent
 * in the game's own work is taken off to give the encode time), then for each client
 * {@link decode} (timed per update) and the verifier on {@link mirror}.
 */
export interface ReplicationSystem {
  /** Key in the results. */
  readonly id: SystemId;
  /** Human-readable name for tables. */
  readonly label: string;
  /** What the decoded values may differ from the scene by. */
  readonly tolerance: Tolerance;
  /**
   * Builds the server state from the scene as it is now and connects every client. A
   * client holds its full state (its visible set in scene B) after the first tick at the
   * latest: Colyseus sends it at join, edgetick's room with the next tick.
   */
  start(scene: ArenaScene, visibility: Visibility | null): void;
  /**
   * Runs one server tick as the system's game loop does: steps the scene exactly once,
   * updates `visibility` (scene B) exactly once, writes the changes into the server state,
   * then encodes and hands one message to every client. Returns the milliseconds of that
   * spent on the game's side (simulation, interest, state writes); the rest is the encode.
   */
  tick(scene: ArenaScene, visibility: Visibility | null): number;
  /**
   * Game-side work of the tick just run that `tick` did not time inline, timed now by doing
   * it again (outside the tick's timer and heap meter), ms; the harness takes it off the
   * encode too. Optional: a system that times everything inline returns it from `tick`.
   */
  replayedHookMs?(): number;
  /**
   * True when the system finds visible sets with its own interest code: `tick` then leaves
   * `visibility` alone and the harness updates it after the timed tick, as the verifier's
   * reference (the system's sets must equal it or verification fails).
   */
  readonly ownsInterest?: boolean;
  /**
   * True for a system whose steady state is meant to allocate nothing per tick (edgetick):
   * its heap figures come from ticks run on after its timed run until V8 has optimized them
   * (bench/harness/steady-heap.ts). A system that allocates per tick by design (Colyseus'
   * encoder, hundreds of KB a tick) would never settle; its figures come from the timed run.
   */
  readonly allocationFree?: boolean;
  /**
   * Stops the stopwatches `tick` reads (it then returns 0): the harness's steady-state heap
   * phase (bench/harness/steady-heap.ts) measures the tick as the system's server runs it,
   * and a clock read can allocate (Node's `performance.now()` checks its receiver through a
   * rest-parameter wrapper that allocates wherever V8 does not inline it). Optional: a
   * system that reads no clock inside `tick` needs none.
   */
  stopTiming?(): void;
  /** Bytes client `c` received this tick: the whole message, message-type byte included. */
  receivedBytes(c: number): number;
  /**
   * The socket hands client `c` this tick's message (outside the decode's timing and heap
   * count: a socket delivers each message as a new object whatever decodes it). Optional:
   * a system whose clients already hold their message needs none.
   */
  deliver?(c: number): void;
  /** Client `c` decodes what it received this tick into its mirror. */
  decode(c: number): void;
  /** Client `c`'s decoded world. */
  mirror(c: number): ClientMirror;
  /**
   * A late joiner at client `c`'s position (scene B; anywhere in scene A) gets the full
   * state: returns the message and a mirror decoded from it, for the verifier. A room that
   * sends state only with a tick may run one (the scene and the visible sets move with it).
   */
  lateJoin(c: number): { bytes: number; mirror: ClientMirror };
  /** Facts worth reporting about this system (declared precision, versions, handshake size). */
  describe(): Record<string, unknown>;
}

/** Builds a fresh system for one run of one scene. */
export type SystemFactory = () => ReplicationSystem;
