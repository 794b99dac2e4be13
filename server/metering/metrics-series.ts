// The dashboard's series (GET /v1/admin/metrics): one value per minute of the range, oldest
// first, minutes without usage filled with zeros (or null where "no value" differs from zero:
// tick durations, time to match), each minute's cost priced from its counters.

import { costOf } from "../costs/metered-cost.js";
import type { MinuteFigures } from "./usage-queries.js";

const MINUTE_MS = 60_000;

/** The series, as GET /v1/admin/metrics answers them. */
export interface MetricsSeries {
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
  /** The start of each minute, Unix ms. */
  readonly minutes: number[];
  readonly series: {
    readonly rooms: number[];
    readonly players: number[];
    readonly tickMsP99: (number | null)[];
    readonly bytesInPerSecond: number[];
    readonly bytesOutPerSecond: number[];
    readonly queueLength: number[];
    readonly timeToMatchMs: (number | null)[];
    readonly signInFailures: number[];
    readonly cheatFlags: number[];
    readonly costUsdPerHour: number[];
  };
}

/** The series of the minutes in [from, to) (both multiples of a minute) from `figures`. */
export function metricsSeries(
  figures: readonly MinuteFigures[],
  from: number,
  to: number,
): MetricsSeries {
  const at = new Map(figures.map((f) => [f.minute, f]));
  const s = {
    rooms: [] as number[],
    players: [] as number[],
    tickMsP99: [] as (number | null)[],
    bytesInPerSecond: [] as number[],
    bytesOutPerSecond: [] as number[],
    queueLength: [] as number[],
    timeToMatchMs: [] as (number | null)[],
    signInFailures: [] as number[],
    cheatFlags: [] as number[],
    costUsdPerHour: [] as number[],
  };
  const minutes: number[] = [];
  for (let m = from; m < to; m += MINUTE_MS) {
    minutes.push(m);
    const f = at.get(m);
    s.rooms.push(f?.rooms ?? 0);
    s.players.push(f?.players ?? 0);
    s.tickMsP99.push(f?.tickMsP99 ?? null);
    s.bytesInPerSecond.push(Math.round((f?.bytesIn ?? 0) / 60));
    s.bytesOutPerSecond.push(Math.round((f?.bytesOut ?? 0) / 60));
    s.queueLength.push(f?.queueLength ?? 0);
    // The mean wait of the tickets matched that minute (the metering keeps sums, not samples).
    s.timeToMatchMs.push(f && f.matches > 0 ? Math.round(f.matchWaitMs / f.matches) : null);
    s.signInFailures.push(f?.signInFailures ?? 0);
    s.cheatFlags.push(f?.cheatFlags ?? 0);
    const usd = f ? costOf(f.objects).totalUsd + costOf(f.worker, { as: "worker" }).totalUsd : 0;
    s.costUsdPerHour.push(round(usd * 60, 6));
  }
  return { from, to, stepMs: MINUTE_MS, minutes, series: s };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
