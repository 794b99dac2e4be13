// Which platform feature grows workerd's memory: bench/memory-probe's Worker does one thing
// per request, chosen by the path (a plain answer, D1 reads and writes, a rate-limit call,
// console output, a Durable Object fetch, DO SQLite and KV writes, an alarm set, and
// WebSockets accepted plain, hibernatable, or hibernatable with a tag and an attachment as
// our rooms do, then reset by the client). Each probe runs on a fresh wrangler dev (local
// observability off, as scripts/local-wrangler.mjs runs it), hit BISECT_HITS times a round
// for BISECT_ROUNDS rounds; after each round the runtime's resident and anonymous memory, the
// V8 heaps of every isolate in it (load/runtime-heaps.ts: the Worker's and the simulators')
// and wrangler's proxy are sampled. The growth per hit beside `plain`'s says what one feature
// costs, and the heaps' share of it how much of that is JavaScript.
//
//   npx tsx --tsconfig bench/tsconfig.json bench/memory-bisect.ts
//   BISECT_PROBES=plain,ws-hib BISECT_ROUNDS=8 BISECT_HITS=300 BISECT_OUT=file.json
//   --summarise: recompute the figures from the samples of an existing results file.
// Writes bench/results/memory-bisect.json.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workerdRssMiB } from "./load/load-server.js";
import { groupRuntimeHeaps, heapsMiB } from "./load/runtime-heaps.js";
import { startProbeServer } from "./memory-probe/probe-server.js";

const PROBES = (
  process.env.BISECT_PROBES ??
  "plain,d1,d1-write,limit,log,error,do,do-sql,do-kv,do-alarm,ws,ws-hib-plain,ws-hib"
).split(",");
const ROUNDS = Number(process.env.BISECT_ROUNDS ?? 8);
const HITS = Number(process.env.BISECT_HITS ?? 300);
/** Hits in flight at once. */
const AT_ONCE = 10;

const here = dirname(fileURLToPath(import.meta.url));

interface Sample {
  round: number;
  hits: number;
  runtimeRssMiB: number;
  /** The runtime's anonymous memory: its heaps, native and JavaScript, without mapped files. */
  runtimeAnonMiB: number;
  /** What every isolate's V8 heap holds (runtime-heaps.ts): the JavaScript share of it. */
  runtimeJsHeapsMiB: number | null;
  proxyRssMiB: number;
}

/** A WebSocket upgrade on `path`, answered, then the TCP link reset (as a hostile client). */
function socketHit(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    s.on("connect", () =>
      s.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    s.once("data", (d) => {
      s.resetAndDestroy();
      resolve(d.toString("latin1").startsWith("HTTP/1.1 101"));
    });
    s.on("error", () => resolve(false));
  });
}

function requestHit(url: string): Promise<boolean> {
  return fetch(url).then(
    async (r) => {
      await r.arrayBuffer();
      return r.ok;
    },
    () => false,
  );
}

async function runProbe(probe: string): Promise<Sample[]> {
  const server = await startProbeServer();
  const { port, url } = server;
  const hit = probe.startsWith("ws")
    ? () => socketHit(port, `/${probe}`)
    : () => requestHit(`${url}/${probe}`);
  const samples: Sample[] = [];
  try {
    const pid = server.pgid;
    const runtime = (cmd: string) => cmd.includes("--inspector-addr");
    const sample = async (round: number, hits: number) => {
      await new Promise((r) => setTimeout(r, 1000)); // closes and waitUntil work settle
      const heaps = await groupRuntimeHeaps(pid).catch(() => undefined);
      const s = {
        round,
        hits,
        runtimeRssMiB: workerdRssMiB(pid, runtime),
        runtimeAnonMiB: workerdRssMiB(pid, runtime, "RssAnon"),
        runtimeJsHeapsMiB: heaps ? heapsMiB(heaps) : null,
        proxyRssMiB: workerdRssMiB(pid, (cmd) => !runtime(cmd)),
      };
      samples.push(s);
      process.stdout.write(`${probe} ${JSON.stringify(s)}\n`);
    };
    // One warm-up hit: the Durable Object, D1 file and tables exist before the first sample.
    await hit();
    await sample(0, 0);
    for (let round = 1; round <= ROUNDS; round++) {
      let good = 0;
      for (let i = 0; i < HITS; i += AT_ONCE) {
        const batch = await Promise.all(Array.from({ length: AT_ONCE }, hit));
        good += batch.filter(Boolean).length;
      }
      await sample(round, good);
    }
    return samples;
  } finally {
    await server.stop();
  }
}

type Measure = "runtimeRssMiB" | "runtimeAnonMiB" | "runtimeJsHeapsMiB" | "proxyRssMiB";

/**
 * KiB per hit of `key` from the first sample at or after `from` that has a reading to the
 * last one (a heap reading may time out on a busy machine), over the hits between them.
 */
function perHitKiB(samples: readonly Sample[], key: Measure, from = 0): number | null {
  const read = samples.slice(from).filter((s) => s[key] !== null);
  const [a, b] = [read[0], read.at(-1)];
  if (!a || !b || a === b) return null;
  const hits = samples.slice(a.round + 1, b.round + 1).reduce((n, s) => n + s.hits, 0);
  return Math.round(((b[key]! - a[key]!) * 1024 * 10) / hits) / 10;
}

/** A probe's figures from its samples. */
function summary(probe: string, samples: Sample[]) {
  const half = Math.floor((samples.length - 1) / 2);
  return {
    probe,
    hits: samples.reduce((n, s) => n + s.hits, 0),
    runtimeKiBPerHit: perHitKiB(samples, "runtimeRssMiB"),
    anonKiBPerHit: perHitKiB(samples, "runtimeAnonMiB"),
    jsHeapsKiBPerHit: perHitKiB(samples, "runtimeJsHeapsMiB"),
    // The second half alone: a cost that levels off reads near zero here.
    runtimeKiBPerHitLateHalf: perHitKiB(samples, "runtimeRssMiB", half),
    proxyKiBPerHit: perHitKiB(samples, "proxyRssMiB"),
    samples,
  };
}

async function main(): Promise<void> {
  const out = process.env.BISECT_OUT ?? join(here, "results", "memory-bisect.json");
  // --summarise: recompute the figures of a results file's samples (no servers started).
  const again = process.argv.includes("--summarise");
  const saved = again
    ? (JSON.parse(readFileSync(out, "utf8")) as { probes: { probe: string; samples: Sample[] }[] })
    : undefined;
  const results = [];
  for (const probe of saved?.probes.map((p) => p.probe) ?? PROBES) {
    const samples =
      saved?.probes.find((p) => p.probe === probe)?.samples ?? (await runProbe(probe));
    results.push(summary(probe, samples));
  }
  mkdirSync(dirname(out), { recursive: true });
  const settings = saved ? { ...saved, probes: undefined } : { rounds: ROUNDS, hitsPerRound: HITS };
  writeFileSync(out, `${JSON.stringify({ ...settings, probes: results }, null, 2)}\n`);
  for (const r of results)
    process.stdout.write(
      `${r.probe.padEnd(14)} runtime ${r.runtimeKiBPerHit} KiB/hit (late half ${r.runtimeKiBPerHitLateHalf}; anon ${r.anonKiBPerHit}, JS heaps ${r.jsHeapsKiBPerHit}), proxy ${r.proxyKiBPerHit}\n`,
    );
  process.stdout.write(`wrote ${out}\n`);
}

await main();
