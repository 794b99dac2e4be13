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
// Options: --no-write (print only); --ticks N (measured ticks, default 300).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ByteWriter } from "../shared/codec/byte-writer.js";
import { encodeHello } from "../shared/protocol/index.js";
import type { RoomOptions } from "../shared/room/index.js";
import { RoomCore } from "../shared/room/index.js";
import { EntitySet } from "../shared/world/index.js";
import { median } from "./harness/stats.js";
import { capacityDoc } from "./report/capacity-doc.js";
import { machineInfo } from "./report/machine.js";
import { ArenaScene } from "./scenes/arena-scene.js";
import { WARMUP_TICKS } from "./scenes/scene-config.js";
import { EdgetickClient } from "./systems/edgetick-client.js";
import { BenchRoomHost } from "./systems/edgetick-host.js";
import { ArenaSceneGame, seatName } from "./systems/edgetick-scene-game.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/capacity.json");
const DOC_PATH = join(ROOT, "docs/benchmarks-capacity.md");

/** The room: clients, entities, tick rate and interest radius. */
const CLIENTS = 200;
const ENTITIES = 5_000;
const RADIUS = 300;
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

function round(n: number, digits = 3): number {
  return Number(n.toFixed(digits));
}

function main(argv: string[]): void {
  let measured = 300;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-write") write = false;
    else if (argv[i] === "--ticks") {
      measured = Number(argv[++i]);
      if (!Number.isInteger(measured) || measured < 10) throw new Error("--ticks must be ≥ 10");
    } else throw new Error(`unknown option ${argv[i]}`);
  }

  const full = measure(measured, {});
  const budgeted = measure(measured, { bytesPerSecond: BUDGETED_BYTES_PER_SECOND });
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
    machine: machineInfo(),
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (!write) return;
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(DOC_PATH, capacityDoc(results));
}

/** Runs the capacity room for `measured` ticks with `options`; times every tick. */
function measure(measured: number, options: RoomOptions) {
  const scene = new ArenaScene({ entityCount: ENTITIES, clientCount: CLIENTS });
  const game = new ArenaSceneGame(scene, RADIUS, CLIENTS);
  const host = new BenchRoomHost();
  const room = new RoomCore(game.definition, "capacity", host, options);
  const interest = room.interest;
  if (interest === null) throw new Error("capacity: the room has no interest grid");
  game.timeInterest(interest);
  const hello = new ByteWriter();
  const conns: string[] = [];
  let now = 0;
  for (let c = 0; c < CLIENTS; c++) {
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
  let bytes = 0;
  let visible = 0;
  // Sampled clients decode what they get; every 10th measured tick their held entities are
  // compared with the server's, split by distance from the client's seat.
  const sampled = options.bytesPerSecond === undefined ? 0 : SAMPLED_CLIENTS;
  const mirrors = Array.from({ length: sampled }, () => new EdgetickClient(game.definition.schema));
  const fresh = { near: 0, nearHeld: 0, far: 0, farHeld: 0 };
  for (let t = 0; t < WARMUP_TICKS + measured; t++) {
    game.resetHookMs();
    now += room.tickIntervalMs;
    const t0 = performance.now();
    room.update(now);
    const t1 = performance.now();
    const m = t - WARMUP_TICKS;
    for (let c = 0; c < CLIENTS; c++) {
      const frame = host.takeSnapshot(conns[c]!);
      if (frame === null) throw new Error(`capacity: ${conns[c]} got no snapshot`);
      if (m >= 0) bytes += frame.byteLength;
      if (c < sampled) mirrors[c]!.receive(frame);
    }
    if (m >= 0 && m % 10 === 0)
      for (let c = 0; c < sampled; c++) countFresh(scene, c, mirrors[c]!, fresh);
    if (m >= 0) {
      tickMs[m] = t1 - t0;
      gameMs[m] = game.hookMs;
    }
  }
  // What the clients hold at the end: the per-client work the interest grid bounds.
  for (let c = 0; c < CLIENTS; c++) {
    const x = scene.clientX[c]!;
    const y = scene.clientY[c]!;
    for (let e = 0; e < ENTITIES; e++) {
      if ((scene.x[e]! - x) ** 2 + (scene.y[e]! - y) ** 2 <= RADIUS * RADIUS) visible++;
    }
  }

  // The grid's cost per client: entities examined by one query (the cells its circle
  // overlaps), against the room's 5,000.
  let examined = 0;
  const scratch = new EntitySet(room.world.capacity);
  for (let playerId = 1; playerId <= CLIENTS; playerId++) {
    scratch.clear();
    interest.fill(playerId, scratch);
    examined += interest.examined;
  }

  return { tickMs, gameMs, bytes, visible, examined, fresh };
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
  for (let e = 0; e < ENTITIES; e++) {
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
