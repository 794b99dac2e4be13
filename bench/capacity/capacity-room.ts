// Drives one capacity room for bench:capacity: a RoomCore in Node with its clients seated by
// HELLO, ticked on a manual clock, every tick timed (wall clock and thread CPU) and split into
// its parts by the bench host; sampled clients decode what they get, for freshness, and
// verified clients check their decoded world against the scene every tick.
import { performance } from "node:perf_hooks";
import type { RoomOptions } from "../../shared/room/index.js";
import { RoomCore } from "../../shared/room/index.js";
import { EntitySet } from "../../shared/world/index.js";
import { heldBytes } from "../harness/held-memory.js";
import { sayHello } from "../harness/say-hello.js";
import { type TickPhases, TimedRoomHost } from "../harness/timed-room-host.js";
import { noErrors, verifyMirror } from "../harness/verify-mirror.js";
import { ArenaScene } from "../scenes/arena-scene.js";
import { WARMUP_TICKS } from "../scenes/scene-config.js";
import { EDGETICK_TOLERANCE } from "../systems/edgetick.js";
import { EdgetickClient } from "../systems/edgetick-client.js";
import { ArenaSceneGame, seatName } from "../systems/edgetick-scene-game.js";
import { type CapacityConfig, RADIUS, SAMPLED_CLIENTS } from "./capacity-config.js";

/** A held position within this of the server's is fresh (the schema's 1/64 step + float32). */
const FRESH_UNITS = 0.02;

/** What one capacity room measured: its ticks and their parts, bytes, views and freshness. */
export type CapacityRun = ReturnType<typeof measureCapacityRoom>;

/** Runs a capacity room for `measured` ticks with `options`; times every tick and its parts. */
export function measureCapacityRoom(
  config: CapacityConfig,
  measured: number,
  options: RoomOptions,
) {
  const { clients, entities } = config;
  // What the run holds at its end beyond this (the room above all; see `held` below).
  const heldBefore = heldBytes();
  const scene = new ArenaScene({
    entityCount: entities,
    clientCount: clients,
    motion: config.motion,
  });
  const game = new ArenaSceneGame(scene, RADIUS, clients);
  const host = new TimedRoomHost();
  const room = new RoomCore(game.definition, "capacity", host, options);
  const interest = room.interest;
  if (interest === null) throw new Error("capacity: the room has no interest grid");
  game.timeInterest(interest);
  const conns: string[] = [];
  let now = 0;
  for (let c = 0; c < clients; c++) {
    const conn = `client ${c}`;
    sayHello(room, game.definition, conn, seatName(c), now);
    conns.push(conn);
  }

  const tickMs = new Float64Array(measured);
  const gameMs = new Float64Array(measured);
  const phases = {
    simulation: new Float64Array(measured),
    interest: new Float64Array(measured),
    encode: new Float64Array(measured),
    perClientUpdates: new Float64Array(measured),
    sends: new Float64Array(measured),
  };
  const tick: TickPhases = { step: 0, encode: 0, perClient: 0, sends: 0 };
  let bytes = 0;
  let visible = 0;
  // Sampled clients decode what they get; every 10th measured tick their held entities are
  // compared with the server's, split by distance from the client's seat.
  const sampled = options.bytesPerSecond === undefined ? 0 : SAMPLED_CLIENTS;
  const verifying = config.verifiedClients ?? 0;
  const decoding = Math.max(sampled, verifying);
  // The decoding clients' worlds are the bench's, not the room's: what they hold as made is
  // taken off the run's figure below.
  const beforeMirrors = heldBytes(room, scene);
  const mirrors = Array.from(
    { length: decoding },
    () => new EdgetickClient(game.definition.schema),
  );
  const mirrorBytes = heldBytes(room, scene, mirrors) - beforeMirrors;
  const worst = noErrors();
  const seen = new Int32Array(entities);
  // Thread CPU time of the measured ticks: what the ticks cost on a core of their own, when
  // other processes share the machine's (wall-clock times then include their turns).
  let cpuMicros = 0;
  const fresh = { near: 0, nearHeld: 0, far: 0, farHeld: 0 };
  for (let t = 0; t < WARMUP_TICKS + measured; t++) {
    game.resetHookMs();
    now += room.tickIntervalMs;
    host.beginTick();
    const cpu0 = process.threadCpuUsage();
    const t0 = performance.now();
    room.update(now);
    const t1 = performance.now();
    const cpu = process.threadCpuUsage(cpu0);
    host.endTick(tick);
    const m = t - WARMUP_TICKS;
    for (let c = 0; c < clients; c++) {
      // Only the decoding clients take a view of their frame; the others' are counted.
      const frame = c < decoding ? host.takeSnapshot(conns[c]!) : null;
      const length = frame === null ? host.skipSnapshot(conns[c]!) : frame.byteLength;
      if (length < 0) throw new Error(`capacity: ${conns[c]} got no snapshot`);
      if (m >= 0) bytes += length;
      if (frame !== null) mirrors[c]!.receive(frame);
    }
    for (let c = 0; c < verifying; c++) {
      const count = seenFrom(scene, c, seen);
      const where = `capacity, tick ${scene.tick}, client ${c}`;
      verifyMirror(scene, mirrors[c]!, seen.subarray(0, count), EDGETICK_TOLERANCE, worst, where);
    }
    if (m >= 0 && m % 10 === 0)
      for (let c = 0; c < sampled; c++) countFresh(scene, c, mirrors[c]!, fresh);
    if (m >= 0) {
      cpuMicros += cpu.user + cpu.system;
      tickMs[m] = t1 - t0;
      gameMs[m] = game.hookMs;
      // The interest's grid update and queries run inside the room's per-client phase.
      phases.simulation[m] = tick.step;
      phases.interest[m] = game.interestMs;
      phases.encode[m] = tick.encode;
      phases.perClientUpdates[m] = tick.perClient - game.interestMs - tick.sends;
      phases.sends[m] = tick.sends;
    }
  }
  // What the clients hold at the end: the per-client work the interest grid bounds.
  for (let c = 0; c < clients; c++) {
    const x = scene.clientX[c]!;
    const y = scene.clientY[c]!;
    for (let e = 0; e < entities; e++) {
      if ((scene.x[e]! - x) ** 2 + (scene.y[e]! - y) ** 2 <= RADIUS * RADIUS) visible++;
    }
  }

  // The grid's cost per client: entities examined by one query (the cells its circle
  // overlaps), against the room's 5,000.
  let examined = 0;
  const scratch = new EntitySet(room.world.capacity);
  for (let playerId = 1; playerId <= clients; playerId++) {
    scratch.clear();
    interest.fill(playerId, scratch);
    examined += interest.examined;
  }

  const cpuMsPerTick = cpuMicros / 1000 / measured;
  // After a full collection: the room, the bench host's per-connection buffers, the scene
  // and the bench's own arrays, still referenced here (the decoding clients' worlds less).
  const held = heldBytes(room, host, scene, game, mirrors) - heldBefore - mirrorBytes;
  return { tickMs, gameMs, phases, cpuMsPerTick, bytes, visible, examined, fresh, worst, held };
}

/** Writes the ids within RADIUS of client `c`'s seat into `out`; returns how many. */
function seenFrom(scene: ArenaScene, c: number, out: Int32Array): number {
  const x = scene.clientX[c]!;
  const y = scene.clientY[c]!;
  let count = 0;
  for (let e = 0; e < scene.entityCount; e++) {
    const dx = scene.x[e]! - x;
    const dy = scene.y[e]! - y;
    if (dx * dx + dy * dy <= RADIUS * RADIUS) out[count++] = e;
  }
  return count;
}

/** Adds client `c`'s held entities to `fresh`: near (within r/2 of its seat) or far. */
function countFresh(
  scene: ArenaScene,
  c: number,
  mirror: EdgetickClient,
  fresh: { near: number; nearHeld: number; far: number; farHeld: number },
): void {
  const sample = { x: 0, y: 0, vx: 0, vy: 0, angle: 0, hp: 0, kind: 0 };
  const cx = scene.clientX[c]!;
  const cy = scene.clientY[c]!;
  for (let e = 0; e < scene.entityCount; e++) {
    if (!mirror.read(e, sample)) continue;
    const isFresh =
      Math.abs(sample.x - scene.x[e]!) <= FRESH_UNITS &&
      Math.abs(sample.y - scene.y[e]!) <= FRESH_UNITS;
    if (Math.hypot(scene.x[e]! - cx, scene.y[e]! - cy) < RADIUS / 2) {
      fresh.nearHeld++;
      if (isFresh) fresh.near++;
    } else {
      fresh.farHeld++;
      if (isFresh) fresh.far++;
    }
  }
}
