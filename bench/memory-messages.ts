// Does workerd's memory grow while sockets only exchange messages? bench:load's runtime kept
// rising ~0.44 MiB a second after its joins, when no HTTP request arrives, only WebSocket
// frames (~10 in and 30 out a second per bot). Two setups at the same socket count and rates:
// - `probe`: bench/memory-probe's /ws-msg: MSG_SOCKETS hibernatable sockets (a tag and an
//   attachment each, as our room's); its Durable Object sends each a frame of MSG_BYTES
//   bytes 30 times a second, and each client sends it a 24-byte frame 10 times a second;
// - `room`: as many bots (sendRate 10, joins at 10 a second) in one arena room of the load
//   Worker (bench/load-worker, what bench:load serves).
// Every MSG_SAMPLE_SECONDS: the runtime's resident and anonymous memory, each isolate's V8
// heap (load/runtime-heaps.ts) and wrangler's proxy. The slope after MSG_SETTLE_SECONDS (the
// joins over) says what the steady state costs a second.
//
//   MSG_SETUPS=room,probe MSG_SOCKETS=100 MSG_SECONDS=240 \
//     npx tsx --tsconfig bench/tsconfig.json bench/memory-messages.ts
// `room-no-player-data` and `room-no-record` run the room with that left out
// (load-worker/bisect.ts). The room's samples read the Worker's isolate after a full
// collection through wrangler's inspector (MSG_COLLECT=0: not, V8 collects when it will);
// MSG_CENSUS=1 adds heap snapshots once settled and
// near the end, and lists the kinds of objects that grew between them.
// Writes MSG_OUT (default bench/results/memory-messages.json). MSG_BYTES defaults to what the
// room sent each player a tick when it ran first, else 230.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBots } from "../packages/bots/index.js";
import { adminToken } from "./load/admin-session.js";
import { censusGrowth, type HeapCensus, heapCensus } from "./load/heap-census.js";
import { isolateHeap } from "./load/isolate-heap.js";
import { startLoadServer, workerdRssMiB } from "./load/load-server.js";
import { roomStats } from "./load/room-stats.js";
import { groupRuntimeHeaps, heapsMiB, type RuntimeHeaps } from "./load/runtime-heaps.js";
import { startProbeServer } from "./memory-probe/probe-server.js";

const here = dirname(fileURLToPath(import.meta.url));
const SETUPS = (process.env.MSG_SETUPS ?? "room,probe").split(",");
const SOCKETS = Number(process.env.MSG_SOCKETS ?? 100);
const SECONDS = Number(process.env.MSG_SECONDS ?? 240);
const SAMPLE_SECONDS = Number(process.env.MSG_SAMPLE_SECONDS ?? 15);
const SETTLE_SECONDS = Number(process.env.MSG_SETTLE_SECONDS ?? 60);
/**
 * MSG_COLLECT=0: the room's samples leave our isolate alone (no full collection forced, no
 * reading through wrangler's inspector), as bench:load runs: V8 collects when it will.
 */
const COLLECT = process.env.MSG_COLLECT !== "0";
/** MSG_CENSUS=1: heap snapshots of the Worker's isolate (they cost the runtime ~100 MiB). */
const CENSUS = process.env.MSG_CENSUS === "1";
const SEND_RATE = 10;
const TICK_HZ = 30;

const print = (text: string) => process.stdout.write(`${text}\n`);

interface Sample {
  readonly atSeconds: number;
  readonly runtimeRssMiB: number;
  readonly runtimeAnonMiB: number;
  readonly jsHeapsMiB: number | null;
  readonly heaps: RuntimeHeaps | null;
  /** The Worker's isolate after a full collection (room only): what our code retains. */
  readonly workerUsedMiB: number | null;
  readonly proxyRssMiB: number;
}

/** The Worker's isolate, read through wrangler's inspector proxy instead of workerd's. */
interface WorkerIsolate {
  /** Its id on workerd's inspector, left out there (a session there cuts the proxy off). */
  readonly id: string;
  readonly port: number;
}

/** Samples wrangler's process group `pgid` every SAMPLE_SECONDS until stopped. */
function sampler(pgid: number, setup: string, worker?: WorkerIsolate) {
  const started = performance.now();
  const samples: Sample[] = [];
  const runtime = (cmd: string) => cmd.includes("--inspector-addr");
  const take = async () => {
    const atSeconds = Math.round((performance.now() - started) / 100) / 10;
    const runtimeRssMiB = workerdRssMiB(pgid, runtime);
    const runtimeAnonMiB = workerdRssMiB(pgid, runtime, "RssAnon");
    const proxyRssMiB = workerdRssMiB(pgid, (cmd) => !runtime(cmd));
    const heaps = await groupRuntimeHeaps(pgid, (id) => id === worker?.id).catch(() => null);
    const used = worker && (await isolateHeap(worker.port, true).catch(() => undefined));
    if (heaps && used) heaps[worker.id] = used.totalMiB;
    const s = {
      atSeconds,
      runtimeRssMiB,
      runtimeAnonMiB,
      jsHeapsMiB: heaps ? heapsMiB(heaps) : null,
      heaps,
      workerUsedMiB: used?.usedMiB ?? null,
      proxyRssMiB,
    };
    samples.push(s);
    print(`${setup} ${JSON.stringify({ ...s, heaps: undefined })}`);
  };
  const pending: Promise<void>[] = [take()];
  const timer = setInterval(() => pending.push(take()), SAMPLE_SECONDS * 1000);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return samples.sort((a, b) => a.atSeconds - b.atSeconds);
    },
  };
}

/** Least-squares slope of `y` over the samples from SETTLE_SECONDS on, KiB a second. */
function slopeKiBs(samples: readonly Sample[], y: (s: Sample) => number | null): number | null {
  const pts = samples
    .filter((s) => s.atSeconds >= SETTLE_SECONDS)
    .map((s) => [s.atSeconds, y(s)] as const)
    .filter((p): p is readonly [number, number] => p[1] !== null);
  if (pts.length < 3) return null;
  const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const sxy = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return Math.round((sxy / sxx) * 1024 * 10) / 10;
}

/** The steady state's slopes: the runtime, its JS heaps (each isolate's), the proxy. */
function summary<E extends object>(setup: string, samples: readonly Sample[], extra: E) {
  const names = new Set(samples.flatMap((s) => Object.keys(s.heaps ?? {})));
  const isolates = Object.fromEntries(
    [...names].map((n) => [n, slopeKiBs(samples, (s) => s.heaps?.[n] ?? null)]),
  );
  return {
    setup,
    sockets: SOCKETS,
    seconds: SECONDS,
    settleSeconds: SETTLE_SECONDS,
    ...extra,
    runtimeKiBPerSecond: slopeKiBs(samples, (s) => s.runtimeRssMiB),
    anonKiBPerSecond: slopeKiBs(samples, (s) => s.runtimeAnonMiB),
    jsHeapsKiBPerSecond: slopeKiBs(samples, (s) => s.jsHeapsMiB),
    workerUsedKiBPerSecond: slopeKiBs(samples, (s) => s.workerUsedMiB),
    proxyKiBPerSecond: slopeKiBs(samples, (s) => s.proxyRssMiB),
    isolatesKiBPerSecond: isolates,
    samples,
  };
}

/**
 * Our room: SOCKETS bots in one arena room of the load Worker, or of its bisect build
 * (load-worker/bisect.ts) with `leaveOut` left out.
 */
async function runRoom(setup: string, leaveOut?: string) {
  const server = leaveOut
    ? await startLoadServer(join(here, "load-worker/bisect.ts"), {
        LEAVE_OUT: JSON.stringify(leaveOut),
      })
    : await startLoadServer();
  try {
    const token = await adminToken(server.url, server.persistTo);
    const worker = { id: "core:user:edgetick", port: server.inspectorPort };
    const s = sampler(server.pgid, setup, COLLECT ? worker : undefined);
    // What the isolate holds once the joins are over and at the end (heap-census.ts).
    let settled: Promise<HeapCensus | undefined> = Promise.resolve(undefined);
    const census = () => heapCensus(server.inspectorPort).catch(() => undefined);
    const settle = setTimeout(() => {
      if (CENSUS) settled = census();
    }, SETTLE_SECONDS * 1000);
    const bots = runBots({
      url: server.url,
      game: "arena",
      room: "memory",
      bots: SOCKETS,
      seconds: SECONDS,
      seed: 19,
      sendRate: SEND_RATE,
      joinRate: 10,
    });
    // The last census while the bots still play: runBots ends at SECONDS.
    const last = new Promise<HeapCensus | undefined>((resolve) =>
      setTimeout(() => resolve(CENSUS ? census() : undefined), (SECONDS - 15) * 1000),
    );
    const report = await bots;
    clearTimeout(settle);
    const [first, end] = [await settled, await last];
    const samples = await s.stop();
    const stats = await roomStats(server.url, token, "memory").catch(() => undefined);
    const players = stats?.players || SOCKETS;
    const bytesPerPlayerTick = stats
      ? Math.round(stats.window.bytesOutPerSecond / players / TICK_HZ)
      : null;
    return summary(setup, samples, {
      connected: report.connected,
      unexpectedDisconnects: report.unexpectedDisconnects,
      messagesInPerSecond: stats?.window.messagesInPerSecond ?? null,
      bytesOutPerPlayerTick: bytesPerPlayerTick,
      // Kinds that grew most between the two censuses (MSG_SETTLE_SECONDS, MSG_SECONDS - 15).
      heapGrowth: first && end ? censusGrowth(first, end) : null,
    });
  } finally {
    await server.stop();
  }
}

/** The probe: SOCKETS hibernatable sockets exchanging frames at the room's rates. */
async function runProbe(bytes: number) {
  const server = await startProbeServer();
  const sockets: WebSocket[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  let received = 0;
  let sent = 0;
  try {
    const s = sampler(server.pgid, "probe");
    const started = performance.now();
    for (let i = 0; i < SOCKETS; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws-msg?bytes=${bytes}`);
      ws.binaryType = "arraybuffer";
      ws.onmessage = () => received++;
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error("the probe refused a socket"));
      });
      sockets.push(ws);
      const frame = new Uint8Array(24);
      timers.push(
        setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(frame);
          sent++;
        }, 1000 / SEND_RATE),
      );
      // Joins at 10 a second, as the bots'.
      await new Promise((r) => setTimeout(r, 100));
    }
    const left = SECONDS * 1000 - (performance.now() - started);
    await new Promise((r) => setTimeout(r, Math.max(0, left)));
    const seconds = (performance.now() - started) / 1000;
    const samples = await s.stop();
    return summary("probe", samples, {
      connected: sockets.filter((w) => w.readyState === WebSocket.OPEN).length,
      frameBytes: bytes,
      framesInPerSecond: Math.round(sent / seconds),
      framesOutPerSecond: Math.round(received / seconds),
    });
  } finally {
    for (const t of timers) clearInterval(t);
    for (const ws of sockets) ws.close(1000);
    await server.stop();
  }
}

async function main(): Promise<void> {
  const out = process.env.MSG_OUT ?? join(here, "results", "memory-messages.json");
  const results = [];
  let bytes = Number(process.env.MSG_BYTES ?? 0) || undefined;
  for (const setup of SETUPS) {
    if (setup === "room" || setup.startsWith("room-no-")) {
      const r = await runRoom(setup, setup === "room" ? undefined : setup.slice(8));
      bytes ??= r.bytesOutPerPlayerTick ?? undefined;
      results.push(r);
    } else if (setup === "probe") results.push(await runProbe(bytes ?? 230));
    else throw new Error(`no setup ${setup}`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ results }, null, 2)}\n`);
  for (const r of results)
    print(
      `${r.setup}: runtime ${r.runtimeKiBPerSecond} KiB/s (anon ${r.anonKiBPerSecond}, JS heaps ${r.jsHeapsKiBPerSecond}), proxy ${r.proxyKiBPerSecond} KiB/s`,
    );
  print(`wrote ${out}`);
}

await main();
