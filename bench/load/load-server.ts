// The local server of `npm run bench:load`: wrangler dev running the load Worker
// (bench/load-worker: the repo's Worker with a 1,024-seat arena) on 127.0.0.1, offline, in a
// fresh persistence directory with the migrations applied; and workerd's resident memory,
// read from /proc for the workerd processes of wrangler's process group.
//
// The Worker is bundled once, before the run, and served unbundled from that copy: wrangler
// dev rebuilds and restarts workerd whenever a source file it bundled changes, which drops
// every socket (1006) and resets every room — an edit anywhere in the tree during a
// five-minute run would otherwise end up in its figures.

import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, OFFLINE_ENV, startDev, wrangler } from "../../scripts/local-wrangler.mjs";
import { listeningPorts, runtimePid } from "./runtime-heaps.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const WORKER = join(ROOT, "bench/load-worker/index.ts");
/** How long wrangler may take to answer /v1/health, ms (a cold bundle on a busy machine). */
const START_TIMEOUT_MS = 120_000;

/** A running load server. */
export interface LoadServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Where its D1, Durable Object and R2 state live. */
  readonly persistTo: string;
  /** wrangler dev's process group: its workerd processes (runtime-heaps.ts reads them). */
  readonly pgid: number;
  /** wrangler's inspector proxy (isolate-heap.ts, heap-census.ts read the Worker's isolate). */
  readonly inspectorPort: number;
  /** workerd's resident memory now, MiB (summed over its processes). */
  rssMiB(): number;
  /**
   * The same, by process: `runtime` runs the Worker and its Durable Objects; `proxy` is
   * wrangler dev's front (its ProxyWorker and inspector proxy) that every request and
   * WebSocket passes through — a deployed Worker has no such process.
   */
  rssByProcessMiB(): { runtime: number; proxy: number };
  /**
   * The runtime's own entry (http://127.0.0.1:port), past wrangler dev's proxy: what a
   * deployed Worker's clients reach without that extra process. Undefined if not found.
   */
  directUrl(): Promise<string | undefined>;
  /** Everything wrangler printed. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts wrangler dev with the load Worker (or `entry`, bundled with `define`'s constants)
 * and waits until it answers.
 */
export async function startLoadServer(
  entry: string = WORKER,
  define: Readonly<Record<string, string>> = {},
): Promise<LoadServer> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgetick-load-"));
  applyMigrations({ persistTo });
  const bundle = bundleWorker(join(persistTo, "bundle"), entry, define);
  const port = await freePort();
  const inspector = await freePort();
  // The entry on the command line replaces wrangler.toml's `main`; the rest of the
  // configuration (bindings, aliases, migrations) is the repo's.
  // With an entry outside the repo, wrangler must be told which configuration to use.
  const extraArgs = [bundle, "--no-bundle", "--config", join(ROOT, "wrangler.toml")];
  extraArgs.push("--inspector-port", String(inspector));
  extraArgs.push("--log-level", "warn");
  const child = startDev({ port, persistTo, stdio: ["ignore", "pipe", "pipe"], extraArgs });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(url, child, () => output);
  } catch (e) {
    await stopGroup(child);
    rmSync(persistTo, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    persistTo,
    pgid: child.pid!,
    inspectorPort: inspector,
    rssMiB: () => workerdRssMiB(child.pid!),
    rssByProcessMiB: () => ({
      runtime: workerdRssMiB(child.pid!, (cmd) => cmd.includes("--inspector-addr")),
      proxy: workerdRssMiB(child.pid!, (cmd) => !cmd.includes("--inspector-addr")),
    }),
    directUrl: () => runtimeEntry(child.pid!),
    log: () => output,
    async stop() {
      await stopGroup(child);
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/**
 * Bundles a Worker (the load Worker by default) into `outdir` as a deploy would, with
 * `define`'s constants (name → JavaScript expression); returns the bundle's path. Serve it
 * with `--no-bundle --config wrangler.toml`.
 */
export function bundleWorker(
  outdir: string,
  entry: string = WORKER,
  define: Readonly<Record<string, string>> = {},
): string {
  const args = [wrangler, "deploy", "--dry-run", "--outdir", outdir, entry];
  for (const [name, value] of Object.entries(define)) args.push("--define", `${name}:${value}`);
  execFileSync(process.execPath, args, { cwd: ROOT, env: OFFLINE_ENV, stdio: "ignore" });
  // Named after the entry: bisect.ts bundles to bisect.js.
  return join(outdir, `${basename(entry, extname(entry))}.js`);
}

/**
 * Resident memory of the workerd processes in process group `pgid` (those whose command line
 * `which` accepts), MiB: all of it (`VmRSS`), or only the anonymous part (`RssAnon`: the heap,
 * without the mapped binary and files, which the kernel may drop and read back).
 */
export function workerdRssMiB(
  pgid: number,
  which: (cmdline: string) => boolean = () => true,
  field: "VmRSS" | "RssAnon" = "VmRSS",
): number {
  let kib = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // After the parenthesised command: state, ppid, pgrp.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid || !stat.includes("(workerd)")) continue;
      if (!which(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "))) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
      kib += Number(rss?.[1] ?? 0);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return Math.round((kib / 1024) * 10) / 10;
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: () => string) {
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`wrangler exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler did not answer within ${START_TIMEOUT_MS} ms:\n${log()}`);
}

/** The runtime's listening port that answers the Worker's health route, as a URL. */
async function runtimeEntry(pgid: number): Promise<string | undefined> {
  const pid = runtimePid(pgid);
  for (const port of pid === undefined ? [] : listeningPorts(pid)) {
    const url = `http://127.0.0.1:${port}`;
    const healthy = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(5000) }).then(
      async (r) => r.ok && (r.headers.get("content-type") ?? "").includes("json"),
      () => false,
    );
    if (healthy) return url;
  }
  return undefined;
}

/** Stops wrangler and its workerd (the whole process group): SIGTERM, SIGKILL after 5 s. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  return new Promise((resolve) => {
    const force = setTimeout(() => signal("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    signal("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}
