// runBots: the programmatic entry of the bots. Splits the bots over worker threads, relays
// their tallies as progress, stops them after `seconds` (or when the signal aborts) and
// merges their final tallies into one report.

import { Worker } from "node:worker_threads";
import type { FleetSlice } from "./bot-fleet.js";
import type { FromBotWorker, ToBotWorker } from "./bot-worker.js";
import { type BotsOptions, resolveBotsOptions } from "./bots-options.js";
import {
  type BotsReport,
  type BotTally,
  emptyTally,
  mergeTallies,
  reportOf,
} from "./bots-report.js";
import { latencyQuantile } from "./latency-histogram.js";

/** How long a stopped worker may take to send its final tally before its last one is used, ms. */
const FINAL_GRACE_MS = 10_000;

/**
 * Plays `options.bots` bots of `options.game` against `options.url` for `options.seconds`
 * (counted once every thread has loaded the game; joining included) and resolves with what
 * they measured. An
 * aborted `signal` stops them early; the report covers the time played.
 * @example
 * const report = await runBots({ url: "http://127.0.0.1:8787", game: "arena", bots: 20, seconds: 30 });
 * report.rttMsP99;
 */
export async function runBots(options: BotsOptions): Promise<BotsReport> {
  const resolved = resolveBotsOptions(options);
  // Progress counts from the start, then from when play starts.
  let since = performance.now();
  const parts = slices(resolved.bots, resolved.threads, resolved.handshakeConcurrency);
  const workers = parts.map(
    (slice) =>
      new Worker(new URL("./bot-worker.mjs", import.meta.url), {
        workerData: { options: resolved, slice },
        // The worker registers its own TypeScript loader (load-ts.mjs).
        execArgv: [],
      }),
  );
  // Until a worker's first tally arrives, its bots count as joining.
  const readies: Promise<void>[] = [];
  const latest: BotTally[] = parts.map((slice) => ({
    ...emptyTally(),
    bots: slice.count,
    joining: slice.count,
  }));
  const finals: Promise<void>[] = [];
  const errors: string[] = [];
  for (const [i, worker] of workers.entries()) {
    let settle: () => void = () => {};
    let ready: () => void = () => {};
    finals.push(new Promise<void>((resolve) => (settle = resolve)));
    readies.push(new Promise<void>((resolve) => (ready = resolve)));
    worker.on("message", (message: FromBotWorker) => {
      if (message.type === "ready") return ready();
      if (message.type === "error") {
        errors.push(message.message);
        ready();
      } else latest[i] = message.tally;
      if (message.type === "final") settle();
    });
    worker.on("error", (e) => {
      errors.push(e.message);
      ready();
      settle();
    });
    worker.on("exit", () => {
      ready();
      settle();
    });
  }
  const progress = setInterval(() => {
    const sum = mergeTallies(latest);
    options.onProgress?.({
      elapsedSeconds: (performance.now() - since) / 1000,
      bots: resolved.bots,
      connected: sum.connected,
      joining: sum.joining,
      reconnecting: sum.reconnecting,
      failed: sum.failed,
      rttMsP50: latencyQuantile(sum.rtt, 0.5),
      rttMsP99: latencyQuantile(sum.rtt, 0.99),
      bytesInPerSecond: sum.bytesInPerSecond,
      bytesOutPerSecond: sum.bytesOutPerSecond,
      disconnectsByCode: sum.disconnectsByCode,
    });
  }, 1000);
  // The clock starts once every thread has loaded its game (compiling the sources takes
  // seconds on a busy machine and is not play), so joining is inside the duration.
  await Promise.race([Promise.all(readies), aborted(options.signal)]);
  since = performance.now();
  const stopped = await playFor(resolved.seconds * 1000, options.signal);
  clearInterval(progress);
  const seconds = (performance.now() - since) / 1000;
  for (const worker of workers) worker.postMessage({ type: "stop" } satisfies ToBotWorker);
  await Promise.race([Promise.all(finals), delay(FINAL_GRACE_MS)]);
  await Promise.all(workers.map((w) => w.terminate()));
  const tally = mergeTallies(latest);
  for (const e of errors) if (tally.errors.length < 10) tally.errors.push(e);
  return reportOf(tally, { ...resolved, seconds, stopped });
}

/** Splits `bots` over `threads` (as even as can be) and `handshakes` likewise, ≥ 1 each. */
export function slices(bots: number, threads: number, handshakes: number): FleetSlice[] {
  const out: FleetSlice[] = [];
  let first = 0;
  for (let t = 0; t < threads; t++) {
    const count = Math.floor(bots / threads) + (t < bots % threads ? 1 : 0);
    const share = Math.floor(handshakes / threads) + (t < handshakes % threads ? 1 : 0);
    out.push({ first, count, handshakes: Math.max(1, share), threads });
    first += count;
  }
  return out.filter((s) => s.count > 0);
}

/** Waits `ms` or until `signal` aborts; true when it aborted. */
function playFor(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true);
    const timer = setTimeout(() => finish(false), ms);
    const onAbort = () => finish(true);
    signal?.addEventListener("abort", onAbort, { once: true });
    function finish(aborted: boolean): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(aborted);
    }
  });
}

/** Resolves when `signal` aborts (never without one). */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
