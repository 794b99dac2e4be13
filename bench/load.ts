// `npm run bench:load`: many bots in one room of the arena on the real runtime (issue 19).
//
// Starts wrangler dev with the load Worker (bench/load-worker: the repo's Worker, arena
// rooms of 1,024 seats), then:
// 1. LOAD_BOTS bots (default 200) play one room for LOAD_SECONDS (default 300) through
//    runBots; workerd's resident memory and the room's own figures (admin stats route) are
//    sampled every LOAD_SAMPLE_SECONDS (default 10).
// 2. The most bots one room holds with its p99 tick under half the budget: LOAD_STEPS bot
//    counts (default 50,100,200,300,400,600), each in a fresh room for LOAD_STEP_SECONDS
//    (default 30), stopping at the first whose p99 (the room's last 10 s) reaches half the
//    budget or whose bots do not all join. LOAD_STEPS=none skips it.
//
// Writes bench/results/load.json and the "Load on the real runtime" section of
// docs/benchmarks.md (the page's other sections are kept). A wall-clock bench, run by hand,
// not a test. Options: --no-write (print only). LOAD_THREADS: bot threads (default one per
// core). LOAD_SEED: the bots' seed (default 19). LOAD_SEND_RATE: the bots' INPUT frames per
// second (default 30, the client's default). LOAD_JOIN_RATE: bots that start joining per
// second (default 10; 0: all at once, as fast as handshakes allow), in the main run and the
// steps: a joiner costs the room its first full update, so joins bunched together make the
// slowest ticks of a run.
//
// Round trips are split: the bots report their RTT and how late their threads' event loops
// ran (a PONG waits that long behind the bots' other work), and a probe player in the bench's
// own thread splits its round trips at the room: the way up (proxy, workerd, the frames queued
// at the room) and the way down (load/rtt-probe.ts).
//
// wrangler runs with its local observability off (scripts/local-wrangler.mjs): on, it
// streams every WebSocket message to an in-process collector, which saturated workerd and
// grew its memory ~15 MiB a second under 100 bots (docs/reliability.md#load).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { adminToken } from "./load/admin-session.js";
import { type LoadRunResult, type LoadSample, loadRun } from "./load/load-run.js";
import { type LoadServer, startLoadServer } from "./load/load-server.js";
import { withSection } from "./report/doc-sections.js";
import { LOAD_SECTION, type LoadResults, type LoadStep, loadSection } from "./report/load-doc.js";
import { machineInfo } from "./report/machine.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/load.json");
const DOC_PATH = join(ROOT, "docs/benchmarks.md");
/** A step's share of the budget at which the search stops. */
const HALF = 0.5;
/** Most steps the search takes, whatever LOAD_STEPS lists. */
const MAX_STEPS = 12;

const print = (text: string) => process.stdout.write(`${text}\n`);

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return n;
}

function envSteps(): number[] {
  const raw = process.env.LOAD_STEPS ?? "50,100,200,300,400,600";
  if (raw === "none") return [];
  const steps = raw.split(",").map((s) => Number(s.trim()));
  if (steps.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error("LOAD_STEPS must be bot counts separated by commas, or none");
  return steps.slice(0, MAX_STEPS).sort((a, b) => a - b);
}

const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

/** One step of the search: a fresh room with `bots` bots. */
async function step(
  server: LoadServer,
  token: string,
  bots: number,
  seconds: number,
  seed: number,
  threads?: number,
  sendRate?: number,
  joinRate?: number,
) {
  const run = await loadRun(server, token, {
    room: `load-step-${bots}`,
    bots,
    seconds,
    sampleSeconds: seconds,
    seed,
    ...(threads === undefined ? {} : { threads }),
    ...(sendRate === undefined ? {} : { sendRate }),
    ...(joinRate === undefined ? {} : { joinRate }),
  });
  const tick = run.lastWindow?.window.tickMs;
  const result: LoadStep = {
    bots,
    connected: run.report.connected,
    tickMsP50: tick?.p50 ?? null,
    tickMsP99: tick?.p99 ?? null,
    rttMsP99: run.report.rttMsP99,
    probeRttMsP99: run.probe.rttMsP99,
    probeUpMsP99: run.probe.upMsP99,
    probeDownMsP99: run.probe.downMsP99,
    probeDirectUpMsP99: run.probeDirect?.upMsP99 ?? null,
    botLoopDelayMsP99: run.report.loopDelayMsP99,
    unexpectedDisconnects: run.report.unexpectedDisconnects,
    messagesInPerSecond: run.lastWindow?.window.messagesInPerSecond ?? null,
  };
  print(`  step ${bots} bots: ${JSON.stringify(result)}`);
  return result;
}

/** Searches the step counts; the answer and why the search stopped. */
async function search(
  server: LoadServer,
  token: string,
  budgetMs: number,
  seed: number,
  threads?: number,
  sendRate?: number,
  joinRate?: number,
) {
  const steps: LoadStep[] = [];
  const seconds = envInt("LOAD_STEP_SECONDS", 30, 12);
  let best: number | null = null;
  let note = "no step ran";
  for (const bots of envSteps()) {
    const s = await step(server, token, bots, seconds, seed, threads, sendRate, joinRate);
    steps.push(s);
    if (s.connected < bots) {
      note = `stopped at ${bots}: ${s.connected} bots joined (the bots' machine or the server refused more)`;
      break;
    }
    if (s.tickMsP99 === null) {
      note = `stopped at ${bots}: the room reported no tick durations`;
      break;
    }
    if (s.tickMsP99 >= HALF * budgetMs) {
      note = `${bots} bots reached p99 ${s.tickMsP99} ms ≥ ${Math.round(HALF * budgetMs * 100) / 100} ms`;
      break;
    }
    best = bots;
    note = `the largest step tried held; more may fit (LOAD_STEPS)`;
  }
  return { steps, best, note };
}

async function main(): Promise<void> {
  const write = !process.argv.includes("--no-write");
  const bots = envInt("LOAD_BOTS", 200, 1);
  const seconds = envInt("LOAD_SECONDS", 300, 5);
  const sampleSeconds = envInt("LOAD_SAMPLE_SECONDS", 10, 1);
  const seed = envInt("LOAD_SEED", 19, 0);
  const threads = process.env.LOAD_THREADS ? envInt("LOAD_THREADS", 1, 1) : undefined;
  const sendRate = process.env.LOAD_SEND_RATE ? envInt("LOAD_SEND_RATE", 30, 1) : undefined;
  const joinRate = envInt("LOAD_JOIN_RATE", 10, 0);
  const machine = machineInfo();
  const uptimeStart = uptime();
  print(`bench:load — ${bots} bots for ${seconds} s; uptime: ${uptimeStart}`);
  const server = await startLoadServer();
  let main: LoadRunResult;
  let searched: Awaited<ReturnType<typeof search>>;
  let memoryStart: number;
  let memoryAfter: number;
  let processesStart: { runtime: number; proxy: number };
  try {
    const token = await adminToken(server.url, server.persistTo);
    memoryStart = server.rssMiB();
    processesStart = server.rssByProcessMiB();
    print(`server ${server.url}, workerd ${memoryStart} MiB`);
    main = await loadRun(server, token, {
      room: "load",
      bots,
      seconds,
      sampleSeconds,
      seed,
      ...(threads === undefined ? {} : { threads }),
      ...(sendRate === undefined ? {} : { sendRate }),
      joinRate,
      onProgress: (p) => {
        if (Math.round(p.elapsedSeconds) % 10 !== 0) return;
        print(
          `  ${Math.round(p.elapsedSeconds)} s: ${p.connected} playing, ${p.joining} joining, ${p.reconnecting} reconnecting, RTT p99 ${p.rttMsP99.toFixed(1)} ms`,
        );
      },
    });
    for (const s of main.samples) print(`  sample ${JSON.stringify(s)}`);
    memoryAfter = server.rssMiB();
    const budgetMs = main.total?.budgetMs ?? 1000 / 30;
    searched = await search(server, token, budgetMs, seed, threads, sendRate, joinRate);
  } finally {
    await server.stop();
  }
  const total = main.total;
  const tick = total?.total.tickMs ?? null;
  const memory = [
    { atSeconds: 0, rssMiB: memoryStart },
    ...main.samples.map(({ atSeconds, rssMiB }) => ({ atSeconds, rssMiB })),
  ];
  const budgetMs = Math.round((total?.budgetMs ?? 1000 / 30) * 1000) / 1000;
  const notes = [
    "tickMs figures are over every tick the room ran in the main run (joins included), as the room measured them with workerd's clock (1 ms steps: read p50 and p99 as whole milliseconds, and the mean for anything shorter).",
    "memoryMiBEnd is workerd's RSS at the last sample taken while the bots played; memoryByProcess splits it into the runtime (the Worker and its Durable Objects) and wrangler dev's proxy in front of it (no such process deployed).",
    "wrangler's local observability is off (X_LOCAL_OBSERVABILITY=false, scripts/local-wrangler.mjs): on, it streams every WebSocket message to an in-process collector (docs/reliability.md#load).",
    "Durations are wall-clock time between two readings inside the tick: on a machine whose cores are busy (see the load averages below) they include time workerd was not scheduled, so they bound the tick's CPU cost from above.",
  ];
  if (seconds < 300 || bots < 200)
    notes.unshift(
      "A short run (fewer than 200 bots or 5 minutes): it shows the bench working, not the room's capacity; the campaign is `npm run bench:load` with its defaults.",
    );
  if (main.report.errors.length > 0) notes.push(`bot errors: ${main.report.errors.join("; ")}`);
  const results: LoadResults = {
    bots,
    seconds: main.report.seconds,
    connected: main.report.connected,
    unexpectedDisconnects: main.report.unexpectedDisconnects,
    disconnectsByCode: main.report.disconnectsByCode,
    tickMsP50: tick?.p50 ?? null,
    tickMsP99: tick?.p99 ?? null,
    tickMsMean: tick?.mean ?? null,
    tickMsMax: tick?.max ?? null,
    budgetMs,
    tickShareOfBudgetP99: tick ? Math.round((tick.p99 / budgetMs) * 1000) / 1000 : null,
    rttMsP50: main.report.rttMsP50,
    rttMsP99: main.report.rttMsP99,
    probe: main.probe,
    probeDirect: main.probeDirect,
    botLoopDelayMsP50: main.report.loopDelayMsP50,
    botLoopDelayMsP99: main.report.loopDelayMsP99,
    tickMsP99LastWindow: main.lastWindow?.window.tickMs?.p99 ?? null,
    joinRate,
    joinedBySeconds: joinedBy(main.samples, bots, main.probeDirect ? 2 : 1),
    bytesPerClientSecond: main.report.bytesPerClientSecond,
    sendRate: sendRate ?? 30,
    messagesInPerSecond: main.lastWindow?.window.messagesInPerSecond ?? null,
    serverBytesOutPerSecond: main.lastWindow?.window.bytesOutPerSecond ?? null,
    memoryMiBStart: memoryStart,
    memoryMiBEnd: memory.at(-1)!.rssMiB,
    memoryMiBPeak: Math.max(...memory.map((m) => m.rssMiB)),
    memoryMiBAfterRun: memoryAfter,
    memoryByProcess: {
      start: processesStart,
      end: main.samples.at(-1)?.rssByProcessMiB ?? processesStart,
    },
    memory,
    samples: main.samples,
    maxBotsUnderHalfBudget: searched.best,
    maxBotsNote: searched.note,
    steps: searched.steps,
    notes,
    command: commandLine(),
    machine,
    uptime: { start: uptimeStart, end: uptime() },
  };
  print(JSON.stringify({ ...results, samples: undefined, memory: undefined }, null, 2));
  if (!write) return;
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const page = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, "utf8") : "# Benchmarks\n";
  writeFileSync(DOC_PATH, withSection(page, LOAD_SECTION, loadSection(results)));
  print(`wrote ${RESULTS_PATH} and the "${LOAD_SECTION}" section of ${DOC_PATH}`);
}

/** The first sample's time at which every bot (and the probes) was seated, s; null if never. */
function joinedBy(samples: readonly LoadSample[], bots: number, probes: number): number | null {
  return samples.find((s) => s.players >= bots + probes)?.atSeconds ?? null;
}

/** The command as run, with the LOAD_ variables set. */
function commandLine(): string {
  const vars = Object.entries(process.env)
    .filter(([k]) => k.startsWith("LOAD_"))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [...vars, "npm run bench:load"].join(" ");
}

await main();
