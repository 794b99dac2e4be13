// One load run: `bots` bots play one arena room for `seconds` through runBots (the bots
// package), while the bench samples workerd's memory and the room's own figures (its rolling
// window) every `sampleSeconds`, once more just before the bots stop, and reads the room's
// figures since it started after they have left. Beside them one more player, the probe
// (rtt-probe.ts), in the bench's own thread, splits its round trips into the way up to the
// room and the way back, without the time a PONG waits behind a busy bot thread's other work
// (the bots' own loop delay, which their report gives); a second probe does the same past
// wrangler dev's proxy, straight to workerd's runtime.

import { type BotsProgress, type BotsReport, runBots } from "../../packages/bots/index.js";
import type { LoadServer } from "./load-server.js";
import { type RoomStats, roomStats } from "./room-stats.js";
import { type RttSplit, startRttProbe } from "./rtt-probe.js";

/** One sample taken while the bots play. */
export interface LoadSample {
  /** Seconds since the run started. */
  readonly atSeconds: number;
  readonly rssMiB: number;
  /** The same by process (load-server.ts: the Worker's runtime and wrangler's proxy). */
  readonly rssByProcessMiB: { readonly runtime: number; readonly proxy: number };
  /** Players seated in the room, and the room's window (last 10 s) tick figures, ms. */
  readonly players: number;
  readonly tickMsP50: number | null;
  readonly tickMsP99: number | null;
  readonly bytesOutPerSecond: number;
  /** Frames the room received per second over its last 10 s (inputs, pings, RPC calls). */
  readonly messagesInPerSecond: number;
}

/** What a run measured. */
export interface LoadRunResult {
  readonly report: BotsReport;
  /** The probe's round trips, split at the room (rtt-probe.ts). */
  readonly probe: RttSplit;
  /**
   * The same for a second probe connected to workerd's runtime directly, past wrangler dev's
   * proxy (LoadServer.directUrl); null when the runtime's entry was not found.
   */
  readonly probeDirect: RttSplit | null;
  readonly samples: readonly LoadSample[];
  /** The room's figures over its last 10 s, read just before the bots stopped. */
  readonly lastWindow: RoomStats | undefined;
  /** The room's figures since it started (every tick of the run), read after the run. */
  readonly total: RoomStats | undefined;
}

/** What to run. */
export interface LoadRunOptions {
  readonly room: string;
  readonly bots: number;
  readonly seconds: number;
  readonly sampleSeconds: number;
  readonly seed: number;
  readonly threads?: number;
  /** The bots' INPUT frames per second (runBots' sendRate). */
  readonly sendRate?: number;
  /** Bots that start joining per second (runBots' joinRate). */
  readonly joinRate?: number;
  readonly onProgress?: (p: BotsProgress) => void;
  readonly signal?: AbortSignal;
}

/** Plays one run against `server` with admin `token` (to read the room's figures). */
export async function loadRun(
  server: LoadServer,
  token: string,
  options: LoadRunOptions,
): Promise<LoadRunResult> {
  const started = performance.now();
  const samples: LoadSample[] = [];
  let lastWindow: RoomStats | undefined;
  const sample = async () => {
    // Memory and time as of the sample, not as of the answer: a busy room answers late.
    const atSeconds = Math.round((performance.now() - started) / 100) / 10;
    const rssMiB = server.rssMiB();
    const rssByProcessMiB = server.rssByProcessMiB();
    const stats = await roomStats(server.url, token, options.room).catch(() => undefined);
    if (stats) lastWindow = stats;
    samples.push({
      atSeconds,
      rssMiB,
      rssByProcessMiB,
      players: stats?.players ?? 0,
      tickMsP50: stats?.window.tickMs?.p50 ?? null,
      tickMsP99: stats?.window.tickMs?.p99 ?? null,
      bytesOutPerSecond: stats?.window.bytesOutPerSecond ?? 0,
      messagesInPerSecond: stats?.window.messagesInPerSecond ?? 0,
    });
  };
  const pending: Promise<void>[] = [];
  const every = setInterval(() => pending.push(sample()), options.sampleSeconds * 1000);
  // runBots counts `seconds` from its call: a second before the end every bot still plays.
  const last = setTimeout(() => pending.push(sample()), Math.max(0, options.seconds - 1) * 1000);
  // First in: it makes the room, as the first bot would.
  const probe = await startRttProbe(server.url, options.room);
  const direct = await server.directUrl();
  // Past the proxy is a bonus: a runtime entry that refuses it leaves the run as it was.
  const probeDirect = direct
    ? await startRttProbe(direct, options.room, "probe-direct").catch(() => null)
    : null;
  let report: BotsReport;
  try {
    report = await runBots({
      url: server.url,
      game: "arena",
      room: options.room,
      bots: options.bots,
      seconds: options.seconds,
      seed: options.seed,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.sendRate === undefined ? {} : { sendRate: options.sendRate }),
      ...(options.joinRate === undefined ? {} : { joinRate: options.joinRate }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    clearInterval(every);
    clearTimeout(last);
  }
  const split = probe.stop();
  const splitDirect = probeDirect?.stop() ?? null;
  await Promise.all(pending);
  const total = await roomStats(server.url, token, options.room).catch(() => undefined);
  samples.sort((a, b) => a.atSeconds - b.atSeconds);
  return { report, probe: split, probeDirect: splitDirect, samples, lastWindow, total };
}
