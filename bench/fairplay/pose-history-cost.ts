// What the pose history costs a room's tick: two range rooms (range-game.ts) of PLAYERS
// players each, one declaring its runners' hitboxes (lagCompensation: the room records every
// hitbox after every tick) and one not, fed exactly the same seeded inputs and pings and
// ticked in lockstep, the order of the two alternating every tick so that drift in the
// machine's load falls on both. Each `room.update` is timed (sends included: every SNAPSHOT
// copied per connection, as a socket's send copies it). The difference of the two is the
// pose history's cost, in the noise of a 1 ms tick; so the record itself is also timed
// alone: a RoomRewind of the same settings recording the lag-compensated room's world after
// each of its ticks, outside the timed update.

import { performance } from "node:perf_hooks";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RoomRewind } from "../../shared/fairplay/room-rewind.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { encodeInputHeader, encodePing } from "../../shared/protocol/index.js";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { RoomCore } from "../../shared/room/index.js";
import { sayHello } from "../harness/say-hello.js";
import { BenchRoomHost } from "../systems/edgetick-host.js";
import { rangeGame } from "./range-game.js";
import { HOLD_COURSE, RANGE_TICK_RATE, type RangeInput } from "./range-schema.js";

/** Settings of one measurement. */
export interface PoseHistoryRun {
  readonly players: number;
  /** Ticks before timing: V8 compiles the tick, the rooms fill their buffers. */
  readonly warmupTicks: number;
  readonly measuredTicks: number;
  readonly seed: number;
}

/** Per-tick times of one measurement, ms, index = measured tick. */
export interface PoseHistoryTimes {
  /** `room.update` of the room with lag compensation. */
  readonly withHistory: Float64Array;
  /** `room.update` of the room without. */
  readonly without: Float64Array;
  /** `room.update` of a second room without (the control: two equal rooms differ by noise alone). */
  readonly control: Float64Array;
  /** `RoomRewind.record` alone, on the lag-compensated room's world. */
  readonly record: Float64Array;
  /** Bytes the pose history holds (fixed when the room is built). */
  readonly memoryBytes: number;
  /** The longest rewind honoured, ticks (the history holds two more). */
  readonly maxRewindTicks: number;
  /** Entities the history has room for (the world's capacity). */
  readonly capacity: number;
}

/** One room and its connections. */
interface Side {
  readonly room: RoomCore<RangeInput>;
  readonly conns: readonly string[];
}

/** Builds a room of `game` with `players` players said hello. */
function seat(game: GameDefinition<RangeInput>, players: number): Side {
  const room = new RoomCore(game, "pose-history", new BenchRoomHost());
  const conns: string[] = [];
  for (let p = 0; p < players; p++) {
    const conn = `p${p}`;
    sayHello(room, game, conn, conn, 0);
    conns.push(conn);
  }
  if (room.playerCount !== players) throw new Error(`pose history: ${room.playerCount} seated`);
  return { room, conns };
}

/** Runs both rooms in lockstep; see the module comment. */
export function measurePoseHistory(run: PoseHistoryRun): PoseHistoryTimes {
  const w = new ByteWriter();
  const compensated = rangeGame({ players: run.players, lagCompensation: true });
  const plain = rangeGame({ players: run.players, lagCompensation: false });
  const twin = rangeGame({ players: run.players, lagCompensation: false });
  const sides = [
    seat(compensated, run.players),
    seat(plain, run.players),
    seat(twin, run.players),
  ] as const;
  const lag = compensated.lagCompensation;
  if (!lag) throw new Error("pose history: the compensated game declares no hitboxes");
  const world = sides[0].room.world;
  const probe = new RoomRewind(lag, RANGE_TICK_RATE, world.capacity);

  // Each player re-steers every 3–8 ticks to a random heading and holds course in between.
  const random = mulberry32(run.seed);
  const nextSteerAt = new Int32Array(run.players);
  const steerNow = new Uint8Array(run.players);
  const total = run.warmupTicks + run.measuredTicks;
  const times = {
    withHistory: new Float64Array(run.measuredTicks),
    without: new Float64Array(run.measuredTicks),
    control: new Float64Array(run.measuredTicks),
    record: new Float64Array(run.measuredTicks),
  };
  let now = 0;
  for (let t = 0; t < total; t++) {
    for (let p = 0; p < run.players; p++) {
      steerNow[p] = HOLD_COURSE;
      if (t < nextSteerAt[p]!) continue;
      steerNow[p] = 1 + Math.floor(random() * 255);
      nextSteerAt[p] = t + 3 + Math.floor(random() * 6);
    }
    // Between ticks, the same frames to both rooms: each player's INPUT for the coming tick
    // (acknowledging the tick it last got) and, spread over the second, one PING each.
    for (const { room, conns } of sides) {
      for (let p = 0; p < run.players; p++) {
        w.reset();
        encodeInputHeader(w, room.tick, t, 1);
        w.u8(steerNow[p]!);
        room.receive(conns[p]!, w.view(), now);
      }
      for (let p = t % RANGE_TICK_RATE; p < run.players; p += RANGE_TICK_RATE) {
        w.reset();
        encodePing(w, now);
        room.receive(conns[p]!, w.view(), now);
      }
    }
    now += sides[0].room.tickIntervalMs;
    const m = t - run.warmupTicks;
    for (let k = 0; k < sides.length; k++) {
      const which = (t + k) % sides.length;
      const side = sides[which]!;
      const before = side.room.tick;
      const t0 = performance.now();
      side.room.update(now);
      const elapsed = performance.now() - t0;
      if (side.room.tick !== before + 1)
        throw new Error(`pose history: tick ${before} → ${side.room.tick}`);
      if (m >= 0) [times.withHistory, times.without, times.control][which]![m] = elapsed;
    }
    const t0 = performance.now();
    probe.record(sides[0].room.tick, world);
    const recordMs = performance.now() - t0;
    if (m >= 0) times.record[m] = recordMs;
  }
  for (const { room } of sides)
    if (room.playerCount !== run.players) throw new Error("pose history: a player was lost");
  return {
    ...times,
    memoryBytes: probe.memoryBytes,
    maxRewindTicks: probe.maxRewindTicks,
    capacity: world.capacity,
  };
}
