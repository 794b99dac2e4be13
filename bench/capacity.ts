// `npm run bench:capacity`: one room core in Node with 200 clients and 5,000 entities at
// 30 Hz, interest radius 300 (SCENES.md's arena rules, scene B's density × 2.5): the whole
// tick (simulation + interest + replication encode + one SNAPSHOT per client) against the
// 33.3 ms budget of a 30 Hz tick. Writes bench/results/capacity.json.
//
// Then the same room with every client's state budget cut below what its view changes by
// (BUDGETED_BYTES_PER_SECOND): the tick with each client's priority accumulator choosing,
// the bytes it keeps to, and — decoded by a sample of clients — how fresh the entities they
// hold are, near their viewpoint and far from it.
//
// Then issue 21's room: 1,000 clients × 10,000 entities, radius 300, every mover steering;
// its tick split into simulation, interest, shared encode, per-client updates and sends, and
// a sample of its clients verified against the scene every tick.
//
// Options: --no-write (print only); --ticks N (measured ticks, default 300); --only thousand
// (the 1,000-player room alone, printed, not written: the short form for profiling it).
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ByteWriter } from "../shared/codec/byte-writer.js";
import { encodeHello } from "../shared/protocol/index.js";
import type { RoomOptions } from "../shared/room/index.js";
import { RoomCore } from "../shared/room/index.js";
import { EntitySet } from "../shared/world/index.js";
import { median } from "./harness/stats.js";
import { type TickPhases, TimedRoomHost } from "./harness/timed-room-host.js";
import { noErrors, verifyMirror } from "./harness/verify-mirror.js";
import { capacityDoc } from "./report/capacity-doc.js";
import { machineInfo } from "./report/machine.js";
import { ArenaScene } from "./scenes/arena-scene.js";
import { type SceneMotion, WARMUP_TICKS } from "./scenes/scene-config.js";
import { BENCH_BYTES_PER_SECOND, EDGETICK_TOLERANCE } from "./systems/edgetick.js";
import { EdgetickClient } from "./systems/edgetick-client.js";
import { ArenaSceneGame, seatName } from "./systems/edgetick-scene-game.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/capacity.json");
const DOC_PATH = join(ROOT, "docs/benchmarks-capacity.md");

/** Issue 8's room: clients, entities, tick rate and interest radius (coasting motion). */
const CLIENTS = 200;
const ENTITIES = 5_000;
const RADIUS = 300;

/** Clients of the 1,000-player room that decode every update, verified against the scene. */
const VERIFIED_CLIENTS = 10;

/** Issue 21's room: 1,000 players × 10,000 entities, radius 300, every mover steering. */
const LARGE: CapacityConfig = {
  clients: 1_000,
  entities: 10_000,
  motion: "steering",
  verifiedClients: VERIFIED_CLIENTS,
};
/** Issue 21's target: the 99th percentile tick under this share of the budget. */
const LARGE_TARGET_SHARE = 0.5;
/** The budget of one tick at 30 Hz, ms. */
const BUDGET_MS = 1000 / 30;
/** The target: the 99th percentile tick under this share of the budget. */
const TARGET_SHARE = 0.25;
/** The budgeted run's per-client state budget: about 60% of what the views change by. */
const BUDGETED_BYTES_PER_SECOND = 1536;
/** Clients of the budgeted run that decode their snapshots, for freshness. */
const SAMPLED_CLIENTS = 20;
/** A held position within this of the server's is fresh (the schema's 1/64 step + float32). */
const FRESH_UNITS = 0.02;

function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** The 1-minute load average, 2 decimals. */
function loadAverage(): number {
  return round(loadavg()[0]!, 2);
}

function round(n: number, digits = 3): number {
  return Number(n.toFixed(digits));
}

function main(argv: string[]): void {
  let measured = 300;
  let write = true;
  let thousandOnly = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-write") write = false;
    else if (argv[i] === "--only" && argv[i + 1] === "thousand") {
      thousandOnly = true;
      i++;
    } else if (argv[i] === "--ticks") {
      measured = Number(argv[++i]);
      if (!Number.isInteger(measured) || measured < 10) throw new Error("--ticks must be ≥ 10");
    } else throw new Error(`unknown option ${argv[i]}`);
  }

  if (thousandOnly) {
    const large = measure(LARGE, measured, { bytesPerSecond: BENCH_BYTES_PER_SECOND });
    process.stdout.write(`${JSON.stringify(largeSummary(large, measured), null, 2)}\n`);
    return;
  }
  const base: CapacityConfig = { clients: CLIENTS, entities: ENTITIES, motion: "coasting" };
  // The machine's load around each room: wall-clock ticks include other processes' turns.
  const rooms: number[][] = [];
  const loaded = <T>(run: () => T): T => {
    const start = loadAverage();
    const result = run();
    rooms.push([start, loadAverage()]);
    return result;
  };
  const full = loaded(() => measure(base, measured, {}));
  const budgeted = loaded(() =>
    measure(base, measured, { bytesPerSecond: BUDGETED_BYTES_PER_SECOND }),
  );
  // Every update whole (as in bench:replication), so the verified clients hold the state.
  const large = loaded(() => measure(LARGE, measured, { bytesPerSecond: BENCH_BYTES_PER_SECOND }));
  const { tickMs, gameMs, bytes, visible, examined } = full;
  const budgetedP99 = percentile(budgeted.tickMs, 0.99);
  const p99 = percentile(tickMs, 0.99);
  const results = {
    clients: CLIENTS,
    entities: ENTITIES,
    tickRate: 30,
    interestRadius: RADIUS,
    measuredTicks: measured,
    tickMsMedian: round(median(tickMs)),
    tickMsP99: round(p99),
    cpuMsPerTick: round(full.cpuMsPerTick),
    budgetMs: round(BUDGET_MS, 1),
    p99ShareOfBudget: round(p99 / BUDGET_MS),
    target: `p99 tick < ${TARGET_SHARE * 100}% of the budget (${round(BUDGET_MS * TARGET_SHARE, 2)} ms)`,
    targetMet: p99 < BUDGET_MS * TARGET_SHARE,
    // Simulation + interest (grid update and per-client queries); the rest is replication.
    simulationAndInterestMsMedian: round(median(gameMs)),
    bytesPerClientTick: round(bytes / (measured * CLIENTS), 1),
    entitiesVisiblePerClient: round(visible / CLIENTS, 1),
    entitiesExaminedPerClientQuery: round(examined / CLIENTS, 1),
    budgeted: {
      bytesPerSecondPerClient: BUDGETED_BYTES_PER_SECOND,
      tickMsMedian: round(median(budgeted.tickMs)),
      tickMsP99: round(budgetedP99),
      p99ShareOfBudget: round(budgetedP99 / BUDGET_MS),
      bytesPerClientTick: round(budgeted.bytes / (measured * CLIENTS), 1),
      bytesPerClientSecond: round((budgeted.bytes / (measured * CLIENTS)) * 30, 0),
      sampledClients: SAMPLED_CLIENTS,
      // Held entities whose position is the server's, within r/2 of the seat and beyond.
      freshShareNear: round(budgeted.fresh.near / budgeted.fresh.nearHeld),
      freshShareFar: round(budgeted.fresh.far / budgeted.fresh.farHeld),
    },
    thousandPlayers: largeSummary(large, measured),
    machine: machineInfo(),
    loadAverage: { start: rooms[0]![0]!, end: rooms[2]![1]!, rooms },
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (!write) return;
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(DOC_PATH, capacityDoc(results));
}

/** The 1,000-player room's results. */
function largeSummary(large: ReturnType<typeof measure>, measured: number) {
  const largeP99 = percentile(large.tickMs, 0.99);
  return {
    clients: LARGE.clients,
    entities: LARGE.entities,
    motion: LARGE.motion,
    interestRadius: RADIUS,
    tickMsMedian: round(median(large.tickMs)),
    tickMsP99: round(largeP99),
    p99ShareOfBudget: round(largeP99 / BUDGET_MS),
    cpuMsPerTick: round(large.cpuMsPerTick),
    cpuShareOfBudget: round(large.cpuMsPerTick / BUDGET_MS),
    target: `p99 tick < ${LARGE_TARGET_SHARE * 100}% of the budget (${round(BUDGET_MS * LARGE_TARGET_SHARE, 2)} ms)`,
    targetMet: largeP99 < BUDGET_MS * LARGE_TARGET_SHARE,
    // Medians of each part over the measured ticks, ms (they need not add up to the
    // median tick exactly).
    phasesMsMedian: {
      simulation: round(median(large.phases.simulation)),
      interest: round(median(large.phases.interest)),
      encode: round(median(large.phases.encode)),
      perClientUpdates: round(median(large.phases.perClientUpdates)),
      sends: round(median(large.phases.sends)),
    },
    // Each part's share of the summed wall-clock ticks times the CPU time per tick: the
    // parts as they would cost on a core of their own.
    phasesCpuMsEstimate: cpuEstimate(large.phases, large.tickMs, large.cpuMsPerTick),
    bytesPerClientTick: round(large.bytes / (measured * LARGE.clients), 1),
    entitiesVisiblePerClient: round(large.visible / LARGE.clients, 1),
    entitiesExaminedPerClientQuery: round(large.examined / LARGE.clients, 1),
    verifiedClients: VERIFIED_CLIENTS,
    maxPositionError: round(large.worst.position, 5),
    stateBudgetBytesPerSecond: BENCH_BYTES_PER_SECOND,
  };
}

/** One capacity room: its clients, its entities and how they move. */
interface CapacityConfig {
  clients: number;
  entities: number;
  motion: SceneMotion;
  /** Clients (the first ones) whose decoded world is checked after every tick. @default 0 */
  verifiedClients?: number;
}

/** Runs a capacity room for `measured` ticks with `options`; times every tick and its parts. */
function measure(config: CapacityConfig, measured: number, options: RoomOptions) {
  const { clients, entities } = config;
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
  const hello = new ByteWriter();
  const conns: string[] = [];
  let now = 0;
  for (let c = 0; c < clients; c++) {
    const conn = `client ${c}`;
    room.open(conn, now);
    hello.reset();
    encodeHello(hello, {
      game: game.definition.name,
      schema: game.definition.schema.fingerprint,
      name: seatName(c),
      token: "",
    });
    room.receive(conn, hello.view(), now);
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
  const mirrors = Array.from(
    { length: decoding },
    () => new EdgetickClient(game.definition.schema),
  );
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
      const frame = host.takeSnapshot(conns[c]!);
      if (frame === null) throw new Error(`capacity: ${conns[c]} got no snapshot`);
      if (m >= 0) bytes += frame.byteLength;
      if (c < decoding) mirrors[c]!.receive(frame);
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
  return { tickMs, gameMs, phases, cpuMsPerTick, bytes, visible, examined, fresh, worst };
}

/** Each phase's share of the total tick time, times `cpuMsPerTick`. */
function cpuEstimate<K extends string>(
  phases: Record<K, Float64Array>,
  tickMs: Float64Array,
  cpuMsPerTick: number,
): Record<K, number> {
  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);
  const total = sum(tickMs);
  const out = {} as Record<K, number>;
  for (const key of Object.keys(phases) as K[]) {
    out[key] = round((sum(phases[key]) / total) * cpuMsPerTick);
  }
  return out;
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

main(process.argv.slice(2));
