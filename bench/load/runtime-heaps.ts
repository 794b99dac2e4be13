// The JavaScript heaps of every isolate in workerd's runtime process under wrangler dev: the
// Worker's, and those of the workers miniflare runs beside it to simulate the platform (D1,
// rate limits, KV, R2, caches, its entry and router). Read from the runtime's own inspector
// (wrangler starts it with --inspector-addr=127.0.0.1:0; the port is found among the
// process's listening sockets), which lists one target per isolate. The sum, beside the
// process's resident memory, tells JavaScript objects — ours or the simulators' — from
// workerd's native memory.

import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { isolateHeap } from "./isolate-heap.js";

/** Heap held from the system (V8's total size), MiB, by isolate name (`core:user:edgetick`). */
export type RuntimeHeaps = Record<string, number>;

/** The loopback ports process `pid` listens on. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // Closed while listed.
    }
  }
  const ports: number[] = [];
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is field 9.
    if (f[3] === "0A" && inodes.has(f[9]!)) ports.push(Number.parseInt(f[1]!.split(":")[1]!, 16));
  }
  return ports;
}

/** The inspector's port of runtime process `pid`: the listening port that answers /json/list. */
async function inspectorPort(pid: number): Promise<number> {
  for (const port of listeningPorts(pid)) {
    const ok = await fetch(`http://127.0.0.1:${port}/json/list`, {
      signal: AbortSignal.timeout(2000),
    }).then(
      async (r) => r.ok && (await r.text()).includes("webSocketDebuggerUrl"),
      () => false,
    );
    if (ok) return port;
  }
  throw new Error(`workerd ${pid} has no inspector`);
}

/**
 * Every isolate's heap, MiB, in process `pid` (workerd's runtime): what V8 holds from the
 * system, garbage included (workerd's own inspector never answers HeapProfiler.collectGarbage
 * for these targets, so no collection first). Its growth bounds what JavaScript adds to the
 * process's resident memory. `skip` leaves isolates out: a session opened here on the
 * Worker's own isolate (`core:user:<name>`) cuts wrangler's inspector proxy off from it, so a
 * bench that reads the Worker's heap through the proxy (isolate-heap.ts) skips it here.
 */
export async function runtimeHeaps(
  pid: number,
  skip: (id: string) => boolean = () => false,
): Promise<RuntimeHeaps> {
  const port = await inspectorPort(pid);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    id: string;
  }[];
  const heaps: RuntimeHeaps = {};
  for (const { id } of targets)
    if (!skip(id)) heaps[id] = (await isolateHeap(port, false, id)).totalMiB;
  return heaps;
}

/** The pid of workerd's runtime process in wrangler dev's process group `pgid`. */
export function runtimePid(pgid: number): number | undefined {
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // After the parenthesised command: state, ppid, pgrp.
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (pgrp === pgid && cmd.includes("--inspector-addr")) return Number(pid);
    } catch {
      // Gone while listed.
    }
  }
  return undefined;
}

/** The same for the runtime process of wrangler dev's process group `pgid`. */
export function groupRuntimeHeaps(
  pgid: number,
  skip?: (id: string) => boolean,
): Promise<RuntimeHeaps> {
  const pid = runtimePid(pgid);
  if (pid === undefined)
    return Promise.reject(new Error(`no workerd runtime in process group ${pgid}`));
  return runtimeHeaps(pid, skip);
}

/** Their sum, MiB. */
export function heapsMiB(heaps: RuntimeHeaps): number {
  return Math.round(Object.values(heaps).reduce((a, b) => a + b, 0) * 10) / 10;
}
