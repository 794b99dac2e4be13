// The "Load on the real runtime" section of docs/benchmarks.md, rendered from
// bench/results/load.json by every run of `npm run bench:load`, with the command, the
// machine and its load beside the figures.
import type { RttSplit } from "../load/rtt-probe.js";
import type { MachineInfo } from "./machine.js";

/** The section's id in docs/benchmarks.md (bench/report/doc-sections.ts). */
export const LOAD_SECTION = "load";

/** One step of the search for the most bots under half the tick budget. */
export interface LoadStep {
  readonly bots: number;
  readonly connected: number;
  readonly tickMsP50: number | null;
  readonly tickMsP99: number | null;
  readonly rttMsP99: number;
  /** The probe's RTT p99, and its way up to the room and back (load/rtt-probe.ts). */
  readonly probeRttMsP99: number;
  readonly probeUpMsP99: number;
  readonly probeDownMsP99: number;
  /** The direct probe's way up, p99 (past wrangler's proxy); null when not run. */
  readonly probeDirectUpMsP99: number | null;
  /** How late the bots' threads ran their event loops, p99 (the bots' own share). */
  readonly botLoopDelayMsP99: number;
  readonly unexpectedDisconnects: number;
  /** Frames the room received per second over the step's last 10 s. */
  readonly messagesInPerSecond: number | null;
}

/** bench/results/load.json. */
export interface LoadResults {
  readonly bots: number;
  readonly seconds: number;
  readonly connected: number;
  readonly unexpectedDisconnects: number;
  readonly disconnectsByCode: Readonly<Record<string, number>>;
  readonly tickMsP50: number | null;
  readonly tickMsP99: number | null;
  readonly tickMsMean: number | null;
  readonly tickMsMax: number | null;
  readonly budgetMs: number;
  readonly tickShareOfBudgetP99: number | null;
  readonly rttMsP50: number;
  readonly rttMsP99: number;
  /** The probe's round trips, split where the room handled the PING (load/rtt-probe.ts). */
  readonly probe: RttSplit;
  /** The same past wrangler dev's proxy, straight to workerd's runtime; null when not run. */
  readonly probeDirect: RttSplit | null;
  /** How late the bots' threads ran their event loops: the bots' own share of their RTT. */
  readonly botLoopDelayMsP50: number;
  readonly botLoopDelayMsP99: number;
  /** The room's tick p99 over the main run's last 10 s (joins long over). */
  readonly tickMsP99LastWindow: number | null;
  /** Bots that started joining per second, and when all were seated (at sample resolution). */
  readonly joinRate: number;
  readonly joinedBySeconds: number | null;
  /** Bytes in and out per bot per second, WebSocket framing included. */
  readonly bytesPerClientSecond: number;
  /** The bots' INPUT frames per second. */
  readonly sendRate: number;
  /** Frames the room received per second over the main run's last 10 s. */
  readonly messagesInPerSecond: number | null;
  readonly serverBytesOutPerSecond: number | null;
  readonly memoryMiBStart: number;
  readonly memoryMiBEnd: number;
  readonly memoryMiBPeak: number;
  /** workerd's RSS once the main run's bots have left (its room emptied). */
  readonly memoryMiBAfterRun: number;
  /** RSS by process at the start and the end: the Worker's runtime and wrangler's proxy. */
  readonly memoryByProcess: {
    readonly start: { readonly runtime: number; readonly proxy: number };
    readonly end: { readonly runtime: number; readonly proxy: number };
  };
  readonly memory: readonly { readonly atSeconds: number; readonly rssMiB: number }[];
  readonly samples: readonly unknown[];
  readonly maxBotsUnderHalfBudget: number | null;
  readonly maxBotsNote: string;
  readonly steps: readonly LoadStep[];
  readonly notes: readonly string[];
  readonly command: string;
  readonly machine: MachineInfo;
  readonly uptime: { readonly start: string; readonly end: string };
}

const ms = (x: number | null) => (x === null ? "—" : `${x} ms`);

/**
 * Unexpected disconnects as the table prints them: the count, then its close codes when
 * there are any ("3 (4300 × 2, 1006 × 1)"); "0" alone when there are none.
 */
export function disconnectsCell(total: number, byCode: Readonly<Record<string, number>>): string {
  const codes = Object.entries(byCode)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, n]) => `${code} × ${n}`);
  return codes.length === 0 ? String(total) : `${total} (${codes.join(", ")})`;
}

/** The section's Markdown. */
export function loadSection(r: LoadResults): string {
  const share =
    r.tickShareOfBudgetP99 === null ? "—" : `${Math.round(r.tickShareOfBudgetP99 * 100)}%`;
  const lines = [
    "## Load on the real runtime",
    "",
    `\`${r.command}\`: ${r.bots} bots (\`runBots\`, packages/bots) play one arena room on`,
    "`wrangler dev` (workerd, loopback) for the whole run; the room's own figures come from",
    "`GET /v1/admin/rooms/:roomId/stats` (docs/api.md#room-figures: local durations have 1 ms",
    "resolution), the clients' from the bots, workerd's memory from /proc (VmRSS). The bots",
    "and workerd share the machine's cores, so every figure includes that contention.",
    "",
    "| figure | value |",
    "| --- | --- |",
    `| bots joined / asked | ${r.connected} / ${r.bots} |`,
    `| seconds | ${r.seconds} |`,
    `| unexpected disconnects | ${disconnectsCell(r.unexpectedDisconnects, r.disconnectsByCode)} |`,
    `| server tick p50 / p99 / mean / max | ${ms(r.tickMsP50)} / ${ms(r.tickMsP99)} / ${ms(r.tickMsMean)} / ${ms(r.tickMsMax)} |`,
    `| tick budget (30 Hz) | ${r.budgetMs} ms (p99 is ${share} of it) |`,
    `| bots joining per second / all seated by | ${r.joinRate || "all at once"} / ${r.joinedBySeconds === null ? "—" : `${r.joinedBySeconds} s`} |`,
    `| server tick p99 over the last 10 s | ${ms(r.tickMsP99LastWindow)} |`,
    `| client RTT p50 / p99 (loopback) | ${r.rttMsP50} ms / ${r.rttMsP99} ms |`,
    `| the probe's RTT p50 / p99 (${r.probe.samples} pings from the bench's own thread) | ${r.probe.rttMsP50} ms / ${r.probe.rttMsP99} ms |`,
    `| of it, the way up to the room (proxy, workerd, frames queued at the room) p50 / p99 | ${r.probe.upMsP50} ms / ${r.probe.upMsP99} ms |`,
    `| and the way back (the room's output, proxy, the probe's thread) p50 / p99 | ${r.probe.downMsP50} ms / ${r.probe.downMsP99} ms |`,
    `| a second probe past wrangler's proxy: RTT p99, up p50 / p99, down p99 | ${r.probeDirect ? `${r.probeDirect.rttMsP99} ms, ${r.probeDirect.upMsP50} / ${r.probeDirect.upMsP99} ms, ${r.probeDirect.downMsP99} ms` : "—"} |`,
    `| of it: the bots' own event-loop delay p50 / p99 | ${r.botLoopDelayMsP50} ms / ${r.botLoopDelayMsP99} ms |`,
    `| bytes per client per second (in + out, WebSocket frames included) | ${r.bytesPerClientSecond} |`,
    `| server bytes out per second | ${r.serverBytesOutPerSecond ?? "—"} |`,
    `| bots' INPUT frames per second / frames the room received per second | ${r.sendRate} / ${r.messagesInPerSecond ?? "—"} |`,
    `| workerd memory start / end / peak / after the bots left | ${r.memoryMiBStart} / ${r.memoryMiBEnd} / ${r.memoryMiBPeak} / ${r.memoryMiBAfterRun} MiB |`,
    `| of which the runtime / wrangler's proxy, start → end | ${r.memoryByProcess.start.runtime} → ${r.memoryByProcess.end.runtime} / ${r.memoryByProcess.start.proxy} → ${r.memoryByProcess.end.proxy} MiB |`,
    `| most bots with p99 tick under half the budget | ${r.maxBotsUnderHalfBudget ?? "—"} (${r.maxBotsNote}) |`,
    "",
  ];
  if (r.steps.length > 0) {
    lines.push(
      "Stepping up (each step a fresh room; the room's last 10 s before the bots stop):",
      "",
    );
    lines.push(
      "| bots | joined | tick p50 | tick p99 | RTT p99 | probe RTT p99 (up / down) | direct probe up p99 | bots' loop delay p99 | unexpected disconnects | frames in per second |",
    );
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const s of r.steps)
      lines.push(
        `| ${s.bots} | ${s.connected} | ${ms(s.tickMsP50)} | ${ms(s.tickMsP99)} | ${s.rttMsP99} ms | ${s.probeRttMsP99} ms (${s.probeUpMsP99} / ${s.probeDownMsP99}) | ${ms(s.probeDirectUpMsP99)} | ${s.botLoopDelayMsP99} ms | ${s.unexpectedDisconnects} | ${s.messagesInPerSecond ?? "—"} |`,
      );
    lines.push("");
  }
  lines.push(
    `Memory over the run (MiB): ${r.memory.map((m) => `${m.atSeconds} s ${m.rssMiB}`).join(", ")}.`,
    "",
  );
  for (const n of r.notes) lines.push(`- ${n}`);
  lines.push(
    "",
    `Measured ${r.machine.date} on ${r.machine.cpuModel} (${r.machine.availableParallelism} cores), ${r.machine.os}, Node ${r.machine.node}; load before: \`${r.uptime.start}\`, after: \`${r.uptime.end}\`.`,
  );
  return lines.join("\n");
}
