// Memory per socket and per request on the local server, and whose it is. Each setup starts
// wrangler dev, then runs rounds of room sockets opened and reset without a HELLO, of refused
// HTTP requests (bad bodies, bad tokens) and of `GET /v1/health`, sampling workerd's resident
// memory (VmRSS of the workerd processes in wrangler's process group) after each round and
// once more after MEMORY_IDLE_SECONDS idle. The setups attribute the growth: this repo's
// Worker and a bare Worker (one line answering every request, run by the same wrangler), each
// with wrangler's local observability on (its default: every invocation streamed to an
// in-process collector) and off (what the repo's scripts run, scripts/local-wrangler.mjs).
// Each sample splits the memory into the Worker's runtime and wrangler dev's proxy process
// in front of it, and reads the isolate's JavaScript heap after a full collection through
// the inspector (bench/load/isolate-heap.ts): what our code retains.
//
//   npx tsx --tsconfig bench/tsconfig.json bench/socket-memory.ts
//   MEMORY_ROUNDS=6 MEMORY_SOCKETS=150 MEMORY_REQUESTS=150 MEMORY_HEALTH=150
//   MEMORY_IDLE_SECONDS=30 (defaults); MEMORY_SETUPS=edgetick-off,bare-on picks setups;
//   MEMORY_KINDS=sockets,requests,health picks the traffic of a round (to attribute growth).
// Writes bench/results/socket-memory.json (MEMORY_OUT elsewhere).

import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, OFFLINE_ENV, startDev } from "../scripts/local-wrangler.mjs";
import { isolateHeap } from "./load/isolate-heap.js";
import { bundleWorker, workerdRssMiB } from "./load/load-server.js";
import { groupRuntimeHeaps, heapsMiB } from "./load/runtime-heaps.js";

const ROUNDS = Number(process.env.MEMORY_ROUNDS ?? 6);
const SOCKETS = Number(process.env.MEMORY_SOCKETS ?? 150);
const REQUESTS = Number(process.env.MEMORY_REQUESTS ?? 150);
const HEALTH = Number(process.env.MEMORY_HEALTH ?? 150);
const IDLE_SECONDS = Number(process.env.MEMORY_IDLE_SECONDS ?? 30);
/** Which traffic a round carries (all three by default): to attribute growth to one kind. */
const KINDS = new Set((process.env.MEMORY_KINDS ?? "sockets,requests,health").split(","));

/** A Worker and a wrangler setting to measure. */
interface Setup {
  readonly name: string;
  /** This repo's Worker, or a bare one that answers "ok" to everything. */
  readonly worker: "edgetick" | "bare";
  /** wrangler's X_LOCAL_OBSERVABILITY. */
  readonly observability: boolean;
}

const SETUPS: readonly Setup[] = [
  { name: "edgetick-on", worker: "edgetick", observability: true },
  { name: "edgetick-off", worker: "edgetick", observability: false },
  { name: "bare-on", worker: "bare", observability: true },
  { name: "bare-off", worker: "bare", observability: false },
];
/** Raw sockets in flight at once (a room refuses more than 16 unadmitted per address). */
const SOCKETS_AT_ONCE = 12;

interface Sample {
  round: number;
  /** workerd's resident memory: both processes, the Worker's runtime, wrangler's proxy. */
  rssMiB: number;
  runtimeRssMiB: number;
  /** The runtime's anonymous memory (no mapped binary or files): heaps, native and V8. */
  runtimeAnonMiB: number;
  /**
   * The V8 heaps of the other isolates in the runtime (miniflare's simulators of D1, rate
   * limits, assets and its entry), garbage included (load/runtime-heaps.ts).
   */
  runtimeJsHeapsMiB: number | null;
  proxyRssMiB: number;
  /** The Worker isolate's JavaScript heap after a full collection (what code retains). */
  heapUsedMiB: number | null;
  socketsOpened: number;
  socketsRefused: number;
  requests: number;
  healthRequests: number;
}

const here = dirname(fileURLToPath(import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** Opens a room WebSocket with a raw upgrade, waits for the answer, then resets the TCP link. */
function openAndReset(port: number, room: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    s.on("connect", () =>
      s.write(
        `GET /v1/rooms/${room}/ws?game=arena HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
          "Sec-WebSocket-Version: 13\r\n\r\n",
      ),
    );
    s.once("data", (d) => {
      const upgraded = d.toString("latin1").startsWith("HTTP/1.1 101");
      s.resetAndDestroy();
      resolve(upgraded);
    });
    s.on("error", () => resolve(false));
  });
}

/** Refused requests of the kinds a hostile client sends: bad JSON, bad tokens, bad ids. */
async function badRequests(url: string, n: number): Promise<void> {
  const kinds = [
    () => fetch(`${url}/v1/auth/guest`, { method: "POST", body: "{not json" }),
    () =>
      fetch(`${url}/v1/players/me`, {
        headers: { Authorization: `Bearer x.${"y".repeat(300)}.z` },
      }),
    () =>
      fetch(`${url}/v1/players/me/data/arena.stats`, {
        method: "PUT",
        headers: { Authorization: "Bearer nope", "Content-Type": "application/json" },
        body: JSON.stringify({ value: { deep: [[[[1]]]] } }),
      }),
    () => fetch(`${url}/v1/rooms/${"%00".repeat(20)}`),
    () => fetch(`${url}/v1/sessions?prop.a=1&prop.b=${"x".repeat(2000)}`),
  ];
  for (let i = 0; i < n; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, (_, j) =>
        kinds[(i + j) % kinds.length]!()
          .then((r) => r.arrayBuffer())
          .catch(() => undefined),
      ),
    );
  }
}

/** `n` GET /v1/health, ten at a time. */
async function healthRequests(url: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10)
    await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, () =>
        fetch(`${url}/v1/health`)
          .then((r) => r.arrayBuffer())
          .catch(() => undefined),
      ),
    );
}

/** The bare Worker and its configuration, written under `dir`; the config's path. */
function bareWorker(dir: string): string {
  const date = /compatibility_date = "([\d-]+)"/.exec(
    readFileSync(join(here, "../wrangler.toml"), "utf8"),
  )?.[1];
  writeFileSync(join(dir, "bare.mjs"), 'export default { fetch: () => new Response("ok") };\n');
  const config = { name: "bare", main: "bare.mjs", compatibility_date: date };
  writeFileSync(join(dir, "wrangler.json"), JSON.stringify(config));
  return join(dir, "wrangler.json");
}

/** Runs one setup's rounds; its samples (the last one after the idle wait). */
async function measure(setup: Setup): Promise<Sample[]> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgetick-memory-"));
  const edgetick = setup.worker === "edgetick";
  if (edgetick) applyMigrations({ persistTo });
  // A port of its own for the inspector: the default one may be held by another wrangler.
  const [port, inspector] = [await freePort(), await freePort()];
  const extraArgs = ["--inspector-port", String(inspector), "--log-level", "error"];
  // A bundle made before the start: wrangler dev restarts workerd (memory and all) whenever
  // a source file it bundled changes, as other work in the tree does.
  if (edgetick) {
    const bundle = bundleWorker(join(persistTo, "bundle"), join(here, "../workers/index.ts"));
    extraArgs.push(bundle, "--no-bundle", "--config", join(here, "../wrangler.toml"));
  } else extraArgs.push("--config", bareWorker(persistTo));
  const child: ChildProcess = startDev({
    port,
    persistTo,
    stdio: ["ignore", "ignore", "inherit"],
    extraArgs,
    env: { ...OFFLINE_ENV, X_LOCAL_OBSERVABILITY: String(setup.observability) },
  });
  const url = `http://127.0.0.1:${port}`;
  const samples: Sample[] = [];
  try {
    for (let tries = 0; ; tries++) {
      if (tries > 600) throw new Error("wrangler dev did not become healthy");
      const ok = await fetch(`${url}/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sample = async (
      round: number,
      settleMs: number,
      counts: Pick<Sample, "socketsOpened" | "socketsRefused" | "requests" | "healthRequests">,
    ) => {
      await new Promise((r) => setTimeout(r, settleMs)); // closes and waitUntil work settle
      const pid = child.pid!;
      const runtime = (cmd: string) => cmd.includes("--inspector-addr");
      const heap = await isolateHeap(inspector, true).catch(() => undefined);
      // The Worker's own isolate is read above, after a collection, through wrangler's proxy.
      const heaps = await groupRuntimeHeaps(pid, (id) => id.startsWith("core:user:")).catch(
        () => undefined,
      );
      const s = {
        round,
        rssMiB: workerdRssMiB(pid),
        runtimeRssMiB: workerdRssMiB(pid, runtime),
        runtimeAnonMiB: workerdRssMiB(pid, runtime, "RssAnon"),
        runtimeJsHeapsMiB: heaps ? heapsMiB(heaps) : null,
        proxyRssMiB: workerdRssMiB(pid, (cmd) => !runtime(cmd)),
        heapUsedMiB: heap?.usedMiB ?? null,
        ...counts,
      };
      samples.push(s);
      process.stdout.write(`${setup.name} ${JSON.stringify(s)}\n`);
    };
    const none = { socketsOpened: 0, socketsRefused: 0, requests: 0, healthRequests: 0 };
    await sample(0, 1000, none);
    for (let round = 1; round <= ROUNDS; round++) {
      let opened = 0;
      let refused = 0;
      for (let i = 0; edgetick && KINDS.has("sockets") && i < SOCKETS; i += SOCKETS_AT_ONCE) {
        const batch = Array.from({ length: Math.min(SOCKETS_AT_ONCE, SOCKETS - i) }, () =>
          openAndReset(port, "memory-probe"),
        );
        for (const upgraded of await Promise.all(batch)) upgraded ? opened++ : refused++;
      }
      const requests = edgetick && KINDS.has("requests") ? REQUESTS : 0;
      const health = KINDS.has("health") ? HEALTH : 0;
      await badRequests(url, requests);
      await healthRequests(url, health);
      await sample(round, 1000, {
        socketsOpened: opened,
        socketsRefused: refused,
        requests,
        healthRequests: health,
      });
    }
    await sample(ROUNDS + 1, IDLE_SECONDS * 1000, none);
    return samples;
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    await new Promise((r) => setTimeout(r, 2000));
    rmSync(persistTo, { recursive: true, force: true });
  }
}

/** The version of the wrangler that ran the setups. */
function wranglerVersion(): string {
  const pkg = createRequire(import.meta.url).resolve("wrangler/package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

async function main(): Promise<void> {
  const picked = process.env.MEMORY_SETUPS?.split(",");
  const setups = SETUPS.filter((s) => !picked || picked.includes(s.name));
  const results = [];
  for (const setup of setups) {
    const samples = await measure(setup);
    const first = samples[0]!.rssMiB;
    const last = samples[ROUNDS]!.rssMiB;
    results.push({
      ...setup,
      rssMiBStart: first,
      rssMiBAfterRounds: last,
      rssMiBAfterIdle: samples[ROUNDS + 1]!.rssMiB,
      growthMiBPerRound: Math.round(((last - first) / ROUNDS) * 10) / 10,
      runtimeGrowthMiBPerRound:
        Math.round(((samples[ROUNDS]!.runtimeRssMiB - samples[0]!.runtimeRssMiB) / ROUNDS) * 10) /
        10,
      proxyGrowthMiBPerRound:
        Math.round(((samples[ROUNDS]!.proxyRssMiB - samples[0]!.proxyRssMiB) / ROUNDS) * 10) / 10,
      heapUsedMiBStart: samples[0]!.heapUsedMiB,
      heapUsedMiBAfterRounds: samples[ROUNDS]!.heapUsedMiB,
      samples,
    });
  }
  const out = process.env.MEMORY_OUT ?? join(here, "results", "socket-memory.json");
  mkdirSync(dirname(out), { recursive: true });
  const settings = {
    rounds: ROUNDS,
    socketsPerRound: SOCKETS,
    requestsPerRound: REQUESTS,
    healthRequestsPerRound: HEALTH,
    idleSeconds: IDLE_SECONDS,
    wrangler: wranglerVersion(),
  };
  writeFileSync(out, `${JSON.stringify({ ...settings, setups: results }, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

await main();
