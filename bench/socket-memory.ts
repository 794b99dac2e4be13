// Memory per socket and per request on the local server: starts wrangler dev, then runs
// rounds of room sockets opened and reset without a HELLO, and of refused HTTP requests (bad
// bodies, bad tokens), and after each round samples workerd's resident memory (VmRSS of the
// workerd processes in wrangler's process group). RSS mixes what our code retains (the JS
// heap) with workerd's and V8's own memory; MEMORY_SOCKETS=0 or MEMORY_REQUESTS=0 runs one
// kind alone. (The isolate's heap is not read here: wrangler's inspector proxy refused a
// plain WebSocket client in this setup.)
//
//   npx tsx --tsconfig bench/tsconfig.json bench/socket-memory.ts
//   MEMORY_ROUNDS=12 MEMORY_SOCKETS=150 MEMORY_REQUESTS=150 (defaults) change the campaign.
// Writes bench/results/socket-memory.json.

import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, startDev } from "../scripts/local-wrangler.mjs";

const ROUNDS = Number(process.env.MEMORY_ROUNDS ?? 12);
const SOCKETS = Number(process.env.MEMORY_SOCKETS ?? 150);
const REQUESTS = Number(process.env.MEMORY_REQUESTS ?? 150);
/** Raw sockets in flight at once (a room refuses more than 16 unadmitted per address). */
const SOCKETS_AT_ONCE = 12;

interface Sample {
  round: number;
  rssMiB: number;
  socketsOpened: number;
  socketsRefused: number;
  requests: number;
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

/** Resident memory of the workerd processes in `pgid`'s process group, in MiB. */
function workerdRssMiB(pgid: number): number {
  let kib = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the parenthesised command: state, ppid, pgrp.
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[2]) !== pgid || !stat.includes("(workerd)")) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kib += Number(rss?.[1] ?? 0);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return kib / 1024;
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

async function main(): Promise<void> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgetick-memory-"));
  applyMigrations({ persistTo });
  // A port of its own for the inspector: the default one may be held by another wrangler.
  const [port, inspector] = [await freePort(), await freePort()];
  const child: ChildProcess = startDev({
    port,
    persistTo,
    stdio: ["ignore", "ignore", "inherit"],
    extraArgs: ["--inspector-port", String(inspector), "--log-level", "error"],
  });
  const url = `http://127.0.0.1:${port}`;
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
    const samples: Sample[] = [];
    const sample = async (round: number, opened: number, refused: number, requests: number) => {
      await new Promise((r) => setTimeout(r, 1000)); // closes and waitUntil work settle
      const s = {
        round,
        rssMiB: workerdRssMiB(child.pid!),
        socketsOpened: opened,
        socketsRefused: refused,
        requests,
      };
      samples.push(s);
      process.stdout.write(`${JSON.stringify(s)}\n`);
    };
    await sample(0, 0, 0, 0);
    for (let round = 1; round <= ROUNDS; round++) {
      let opened = 0;
      let refused = 0;
      for (let i = 0; i < SOCKETS; i += SOCKETS_AT_ONCE) {
        const batch = Array.from({ length: Math.min(SOCKETS_AT_ONCE, SOCKETS - i) }, () =>
          openAndReset(port, "memory-probe"),
        );
        for (const upgraded of await Promise.all(batch)) upgraded ? opened++ : refused++;
      }
      await badRequests(url, REQUESTS);
      await sample(round, opened, refused, REQUESTS);
    }
    const out = join(here, "results", "socket-memory.json");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ rounds: ROUNDS, socketsPerRound: SOCKETS, requestsPerRound: REQUESTS, samples }, null, 2)}\n`,
    );
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    rmSync(persistTo, { recursive: true, force: true });
  }
}

await main();
