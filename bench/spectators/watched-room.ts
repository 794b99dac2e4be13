// A watched arena room: the demo's arena game in a RoomCore in Node with 32 players steered
// by seeded bots (bench/peer/steering.ts: idle, thrust, turn phases of 300–700 ms), each
// sending one INPUT a tick, and N spectators; every connection pings once a second as a
// client does. Each `room.update` is timed, the sends included: every frame copied per
// connection as a socket's send copies it, or (`copy: false`) only counted, which leaves the
// room's own work. Two spectators, the first and the last admitted, decode what
// they get, outside the timed part: their mirror must be exactly the room's state of tick
// T − delay after tick T, never a later one, or the run stops.

import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import {
  ARENA_SCHEMA,
  type ArenaInput,
  arenaGame,
  listShips,
  type ShipValues,
} from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import {
  decodeServerMessage,
  encodeInputHeader,
  encodePing,
  NO_TICK_ACK,
} from "../../shared/protocol/index.js";
import { ReplicationClient } from "../../shared/replication/index.js";
import { RoomCore, type RoomSink } from "../../shared/room/index.js";
import { World } from "../../shared/world/index.js";
import { sayHello } from "../harness/say-hello.js";
import { type SteeringPhase, steeringScript } from "../peer/steering.js";

/** The arena's seat count: every seat taken. */
export const PLAYERS = 32;

/** One run of the room. */
export interface WatchedRun {
  readonly spectators: number;
  /** Ticks before timing starts: past the spectators' delay and their first keyframe. */
  readonly warmupTicks: number;
  readonly measuredTicks: number;
  /** Seeds the bots' steering (player p: seed + p). */
  readonly seed: number;
  /** The room records a replay too (room option `record`). */
  readonly record: boolean;
  /**
   * Each frame is copied per connection, as a socket's send copies it (true), or only
   * counted (false: the room's own work, without the copies' allocation and collection).
   */
  readonly copy: boolean;
}

/** What one run measured. */
export interface WatchedFigures {
  readonly spectators: number;
  /** Every measured tick's `room.update` time, ms. */
  readonly tickMs: Float64Array;
  /** Broadcast stream updates encoded per measured tick (0 without spectators). */
  readonly encodesPerTick: number;
  /** Bytes sent per player and per spectator per measured tick. */
  readonly bytesPerPlayerTick: number;
  readonly bytesPerSpectatorTick: number;
  /** The spectators' delay, ticks. */
  readonly delayTicks: number;
  /** States the two decoding spectators checked against the room (0 without spectators). */
  readonly statesChecked: number;
  /** A recording room: its chunks' bytes per minute of match (else 0). */
  readonly replayBytesPerMinute: number;
}

/** One decoding spectator: its frames in order and its mirror. */
interface Watcher {
  readonly conn: string;
  readonly inbox: Uint8Array[];
  mirror: ReplicationClient | null;
  delayTicks: number;
}

/** The host: every frame copied and counted; the watchers' frames kept to decode. */
class WatchedSink implements RoomSink {
  readonly watchers = new Map<string, Watcher>();
  readonly #copy: boolean;
  constructor(copy: boolean) {
    this.#copy = copy;
  }
  playerBytes = 0;
  spectatorBytes = 0;
  chunkBytes = 0;
  send(conn: string, bytes: Uint8Array): void {
    // A socket's send copies the frame (the core reuses its buffer); so does the bench.
    const copy = this.#copy ? bytes.slice() : bytes;
    if (conn.startsWith("s")) this.spectatorBytes += copy.length;
    else this.playerBytes += copy.length;
    // The decoding spectators keep theirs, so they are copied whatever the run.
    this.watchers.get(conn)?.inbox.push(this.#copy ? copy : bytes.slice());
  }
  close(conn: string, code: number, reason: string): void {
    throw new Error(`watched room: closed ${conn} with ${code}: ${reason}`);
  }
  setTicking(): void {}
  recordChunk(chunk: Uint8Array): void {
    this.chunkBytes += chunk.length;
  }
}

/** The buttons `phases` hold at `ms`, walking `at` (the phase index) forward. */
function buttonsAt(phases: readonly SteeringPhase[], at: { i: number }, ms: number): number {
  while (at.i < phases.length && phases[at.i]!.endMs <= ms) at.i++;
  const p = phases[at.i];
  return p !== undefined && p.startMs <= ms ? p.buttons : 0;
}

/** Runs the room with `run.spectators` spectators; throws when a watcher sees a wrong state. */
export function runWatchedRoom(run: WatchedRun): WatchedFigures {
  const sink = new WatchedSink(run.copy);
  const room = new RoomCore<ArenaInput>(arenaGame, "watched", sink, {
    maxSpectators: Math.max(1, run.spectators),
    record: run.record,
  });
  const w = new ByteWriter();
  const say = (conn: string, now: number) => room.receive(conn, w.view(), now);
  let now = 0;
  const players: string[] = [];
  const spectators: string[] = [];
  for (let p = 0; p < PLAYERS; p++) players.push(`p${p}`);
  for (let s = 0; s < run.spectators; s++) spectators.push(`s${s}`);
  for (const conn of [spectators[0], spectators.at(-1)])
    if (conn !== undefined)
      sink.watchers.set(conn, { conn, inbox: [], mirror: null, delayTicks: -1 });
  for (const conn of [...players, ...spectators])
    sayHello(room, arenaGame, conn, conn, now, conn.startsWith("s") ? "spectator" : "player");
  const totalTicks = run.warmupTicks + run.measuredTicks;
  const durationMs = Math.ceil(totalTicks * room.tickIntervalMs) + 1000;
  const scripts = players.map((_, p) => steeringScript(run.seed + p, durationMs));
  const cursors = players.map(() => ({ i: 0 }));
  const everyone = [...players, ...spectators];
  // The room's ships at each recent tick, for the watchers (a spectator is `delay` behind).
  const live = new Map<number, ShipValues[]>();

  const tickMs = new Float64Array(run.measuredTicks);
  let encodesAtStart = 0;
  let bytesAtStart = { player: 0, spectator: 0 };
  let statesChecked = 0;
  for (let t = 0; t < totalTicks; t++) {
    // Between ticks: each player's input for the coming tick, and the second's pings.
    for (let p = 0; p < PLAYERS; p++) {
      w.reset();
      encodeInputHeader(w, NO_TICK_ACK, t, 1);
      w.u8(buttonsAt(scripts[p]!, cursors[p]!, now));
      say(players[p]!, now);
    }
    for (let c = t % 30; c < everyone.length; c += 30) {
      w.reset();
      encodePing(w, now);
      say(everyone[c]!, now);
    }
    if (t === run.warmupTicks) {
      encodesAtStart = room.broadcastEncodes;
      bytesAtStart = { player: sink.playerBytes, spectator: sink.spectatorBytes };
    }
    now += room.tickIntervalMs;
    const before = room.tick;
    const t0 = performance.now();
    room.update(now);
    const elapsed = performance.now() - t0;
    if (room.tick !== before + 1) throw new Error(`watched room: tick ${before} → ${room.tick}`);
    if (t >= run.warmupTicks) tickMs[t - run.warmupTicks] = elapsed;
    if (sink.watchers.size === 0) continue;
    live.set(room.tick, listShips(room.world));
    for (const watcher of sink.watchers.values()) statesChecked += watch(watcher, room.tick, live);
    live.delete(room.tick - 400);
  }
  if (room.spectatorCount !== run.spectators || room.playerCount !== PLAYERS)
    throw new Error("watched room: a connection was lost");
  const manifest = room.replayManifest();
  const measured = run.measuredTicks;
  const first = sink.watchers.values().next().value;
  return {
    spectators: run.spectators,
    tickMs,
    encodesPerTick: (room.broadcastEncodes - encodesAtStart) / measured,
    bytesPerPlayerTick: (sink.playerBytes - bytesAtStart.player) / (measured * PLAYERS),
    bytesPerSpectatorTick:
      run.spectators === 0
        ? 0
        : (sink.spectatorBytes - bytesAtStart.spectator) / (measured * run.spectators),
    delayTicks: first?.delayTicks ?? 0,
    statesChecked,
    replayBytesPerMinute:
      manifest === undefined ? 0 : sink.chunkBytes / (manifest.durationMs / 60_000),
  };
}

/**
 * Decodes what `watcher` got during room tick `tick`: after it, its mirror is at
 * `tick − delay` holding exactly the room's ships of then (once it has started), never later.
 * Returns the states it checked.
 */
function watch(watcher: Watcher, tick: number, live: Map<number, ShipValues[]>): number {
  for (const frame of watcher.inbox) {
    const decoded = decodeServerMessage(frame);
    if (!decoded.ok) throw new Error(`${watcher.conn}: refused a frame: ${decoded.error}`);
    const msg = decoded.value;
    if (msg.type === "spectator-welcome") {
      watcher.delayTicks = msg.delayTicks;
      const world = new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 });
      watcher.mirror = new ReplicationClient(world, ARENA_SCHEMA);
    } else if (msg.type === "snapshot") {
      if (watcher.mirror === null) throw new Error(`${watcher.conn}: a snapshot before welcome`);
      const applied = watcher.mirror.apply(msg.update);
      if (!applied.ok) throw new Error(`${watcher.conn}: refused an update: ${applied.error}`);
    }
  }
  watcher.inbox.length = 0;
  const mirror = watcher.mirror;
  if (mirror === null || mirror.tick < 0) return 0;
  const expected = tick - watcher.delayTicks;
  if (mirror.tick !== expected)
    throw new Error(
      `${watcher.conn}: at tick ${mirror.tick} after room tick ${tick}, not ${expected}`,
    );
  if (!isDeepStrictEqual(listShips(mirror.world), live.get(expected)))
    throw new Error(`${watcher.conn}: its ships of tick ${expected} are not the room's`);
  return 1;
}
