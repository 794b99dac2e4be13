// The live progress lines of edgetick-bots (what log-update redraws in place) and the final
// summary. Pure text: the terminal handling is log-update's.

import type { BotsProgress } from "./bots-options.js";
import type { BotsReport } from "./bots-report.js";

/** What the header says about the run. */
export interface RunHeader {
  readonly game: string;
  readonly url: string;
  /** "room bots" or "mode ffa". */
  readonly target: string;
  readonly seconds: number;
}

/** The lines drawn for `p`. */
export function progressLines(header: RunHeader, p: BotsProgress): string {
  return [
    `edgetick-bots  ${header.game} @ ${header.url}  ${header.target}  ${p.elapsedSeconds.toFixed(0)} / ${header.seconds} s`,
    `bots ${p.bots}  connected ${p.connected}  joining ${p.joining}  reconnecting ${p.reconnecting}  failed ${p.failed}`,
    `rtt p50 ${ms(p.rttMsP50)}  p99 ${ms(p.rttMsP99)}  in ${bytes(p.bytesInPerSecond)}/s  out ${bytes(p.bytesOutPerSecond)}/s`,
    `disconnects ${codes(p.disconnectsByCode)}`,
  ].join("\n");
}

/** The summary printed at the end. */
export function summaryLines(report: BotsReport): string {
  const lines = [
    `${report.stopped ? "stopped" : "done"} after ${report.seconds.toFixed(1)} s: ${report.connected} of ${report.bots} bots joined, ${report.connectedAtEnd} connected at the end, ${report.failed} failed`,
    `rtt p50 ${ms(report.rttMsP50)}  p99 ${ms(report.rttMsP99)} (${report.rttSamples} samples; the bots' own event-loop lag p99 ${ms(report.loopDelayMsP99)})  in ${bytes(report.bytesInPerSecond)}/s  out ${bytes(report.bytesOutPerSecond)}/s  ${bytes(report.bytesPerClientSecond)}/s per bot`,
    `unexpected disconnects ${report.unexpectedDisconnects} (${codes(report.disconnectsByCode)}), resumed ${report.reconnects}`,
  ];
  for (const e of report.errors) lines.push(`error: ${e}`);
  return lines.join("\n");
}

function ms(x: number): string {
  return `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
}

/** Bytes in B, KB or MB (powers of 1000). */
export function bytes(x: number): string {
  if (x < 1000) return `${Math.round(x)} B`;
  if (x < 1e6) return `${(x / 1e3).toFixed(1)} KB`;
  return `${(x / 1e6).toFixed(2)} MB`;
}

function codes(byCode: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byCode).sort(([a], [b]) => Number(a) - Number(b));
  return entries.length === 0 ? "none" : entries.map(([code, n]) => `${code}×${n}`).join(" ");
}
