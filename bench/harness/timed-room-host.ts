// A BenchRoomHost that also says where a room's tick goes. The room core reads its host's
// clock exactly at the tick's phase boundaries (shared/room/room-timings.ts: start, after the
// game's step, after the shared encode, at the end), so recording those readings splits the
// tick without touching the core; the host's own sends (a copy per frame, as a socket's send
// copies it) are timed around themselves.
import { performance } from "node:perf_hooks";
import type { ConnectionId } from "../../shared/room/index.js";
import { BenchRoomHost } from "../systems/edgetick-host.js";

/** One tick's phases, ms. */
export interface TickPhases {
  /** Inputs and the game's step. */
  step: number;
  /** The replication commit: what changed, quantized and encoded once for everyone. */
  encode: number;
  /** Everything after: interest, each player's update, headers and sends. */
  perClient: number;
  /** Of {@link perClient}: the host's sends (copying frames). */
  sends: number;
}

/** Clock readings the room takes per tick (tickStarted, stepped, encoded, tickEnded). */
const READINGS_PER_TICK = 4;

/**
 * @example
 * const host = new TimedRoomHost();
 * const room = new RoomCore(game, "capacity", host);
 * host.beginTick();
 * room.update(now);
 * const phases = host.endTick();
 */
export class TimedRoomHost extends BenchRoomHost {
  readonly #readings = new Float64Array(READINGS_PER_TICK);
  #count = 0;
  #sendMs = 0;

  clock(): number {
    const t = performance.now();
    if (this.#count < READINGS_PER_TICK) this.#readings[this.#count] = t;
    this.#count++;
    return t;
  }

  override send(conn: ConnectionId, bytes: Uint8Array): void {
    const t0 = performance.now();
    super.send(conn, bytes);
    this.#sendMs += performance.now() - t0;
  }

  /** Call before the `room.update` that runs one tick. */
  beginTick(): void {
    this.#count = 0;
    this.#sendMs = 0;
  }

  /** The phases of the tick since {@link beginTick}; throws unless exactly one tick ran. */
  endTick(out: TickPhases): TickPhases {
    if (this.#count !== READINGS_PER_TICK)
      throw new Error(`the room read its clock ${this.#count} times in a tick, not 4`);
    const r = this.#readings;
    out.step = r[1]! - r[0]!;
    out.encode = r[2]! - r[1]!;
    out.perClient = r[3]! - r[2]!;
    out.sends = this.#sendMs;
    return out;
  }
}
