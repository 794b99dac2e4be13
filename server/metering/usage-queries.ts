// Reading the usage table for operators: the counters of a time range summed by match, game or
// day (GET /v1/admin/costs prices them), and per-minute series for the dashboard
// (GET /v1/admin/metrics). The Worker's own rows (kind "worker") are kept apart: costOf prices
// their requests at the Workers rate.

import { AUDIT_ACTION } from "../accounts/audit-log.js";
import { type MeteredUsage, NO_USAGE } from "../costs/metered-cost.js";

/** How GET /v1/admin/costs groups usage. */
export type UsageGrouping = "match" | "game" | "mode" | "region" | "day";

/** The summed counters of one group, by what metered them. */
export interface UsageGroup {
  readonly key: string;
  /** Durable Objects' usage (rooms, lobbies, matchmakers, relays). */
  readonly objects: MeteredUsage;
  /** The Worker's (sign-in failures and the like). */
  readonly worker: MeteredUsage;
  /** Minutes with usage in the group. */
  readonly minutes: number;
}

const SUMS = `sum(active_ms) activeMs, sum(http_requests) httpRequests,
  sum(ws_messages_in) wsMessagesIn, sum(ws_messages_out) wsMessagesOut, sum(bytes_in) bytesIn,
  sum(bytes_out) bytesOut, sum(d1_rows_read) d1RowsRead, sum(d1_rows_written) d1RowsWritten,
  sum(storage_writes) storageWrites, sum(relay_bytes) relayBytes, sum(voice_bytes) voiceBytes`;

const GROUP_KEY: Record<UsageGrouping, string> = {
  // Rows that served no match (a matchmaker queue, the Worker) group under their own object.
  match: "CASE WHEN match_id = '' THEN kind || ':' || object_id ELSE match_id END",
  game: "CASE WHEN game = '' THEN kind ELSE game END",
  mode: "CASE WHEN mode = '' THEN kind ELSE game || ':' || mode END",
  region: "CASE WHEN region = '' THEN 'unplaced' ELSE region END",
  day: "strftime('%Y-%m-%d', minute / 1000, 'unixepoch')",
};

type SumRow = MeteredUsage & { key: string; isWorker: number; minutes: number };

const ZERO = NO_USAGE;

function usageOf(row: SumRow): MeteredUsage {
  const out = { ...ZERO } as Record<keyof MeteredUsage, number>;
  for (const k of Object.keys(ZERO) as (keyof MeteredUsage)[]) out[k] = Number(row[k] ?? 0);
  return out;
}

/** Usage of minutes in [from, to) (Unix ms), summed by `groupBy`, largest groups first. */
export async function usageByGroup(
  db: D1Database,
  range: {
    readonly from: number;
    readonly to: number;
    readonly groupBy: UsageGrouping;
    readonly limit: number;
  },
): Promise<UsageGroup[]> {
  const key = GROUP_KEY[range.groupBy];
  const { results } = await db
    .prepare(
      `SELECT ${key} key, kind = 'worker' isWorker, count(DISTINCT minute) minutes, ${SUMS}
       FROM usage_minutes WHERE minute >= ? AND minute < ?
       GROUP BY 1, 2 ORDER BY sum(active_ms) + sum(ws_messages_in) DESC LIMIT ?`,
    )
    .bind(range.from, range.to, range.limit * 2)
    .all<SumRow>();
  const groups = new Map<
    string,
    { objects: MeteredUsage; worker: MeteredUsage; minutes: number }
  >();
  for (const r of results) {
    const g = groups.get(r.key) ?? { objects: ZERO, worker: ZERO, minutes: 0 };
    if (r.isWorker) g.worker = usageOf(r);
    else g.objects = usageOf(r);
    g.minutes = Math.max(g.minutes, r.minutes);
    groups.set(r.key, g);
  }
  return [...groups].slice(0, range.limit).map(([k, g]) => ({ key: k, ...g }));
}

/** One minute of the dashboard's series. */
export interface MinuteFigures {
  readonly minute: number;
  readonly rooms: number;
  readonly players: number;
  readonly tickMsP99: number | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly queueLength: number;
  readonly matches: number;
  readonly matchWaitMs: number;
  readonly signInFailures: number;
  readonly cheatFlags: number;
  /** The minute's Durable Object and Worker counters, to be priced. */
  readonly objects: MeteredUsage;
  readonly worker: MeteredUsage;
}

interface MinuteRow extends SumRow {
  minute: number;
  rooms: number;
  players: number;
  tickMsP99: number | null;
  queueLength: number;
  matches: number;
  matchWaitMs: number;
  signInFailures: number;
}

/** Figures of every minute in [from, to) that has usage or fair-play flags, oldest first. */
export async function minuteFigures(
  db: D1Database,
  range: { readonly from: number; readonly to: number },
): Promise<MinuteFigures[]> {
  const [usage, flags] = await db.batch([
    db
      .prepare(
        `SELECT minute, '' key, kind = 'worker' isWorker, 1 minutes, ${SUMS},
           sum(CASE WHEN kind = 'room' THEN 1 ELSE 0 END) rooms,
           sum(CASE WHEN kind = 'room' THEN players_peak ELSE 0 END) players,
           max(CASE WHEN kind = 'room' THEN tick_ms_p99 END) tickMsP99,
           max(queue_peak) queueLength, sum(matches) matches, sum(match_wait_ms) matchWaitMs,
           sum(sign_in_failures) signInFailures
         FROM usage_minutes WHERE minute >= ? AND minute < ? GROUP BY minute, kind = 'worker'`,
      )
      .bind(range.from, range.to),
    db
      .prepare(
        `SELECT (at / 60000) * 60000 minute, count(*) n FROM audit_log
         WHERE action = ? AND at >= ? AND at < ? AND json_extract(detail, '$.step') != 'log'
         GROUP BY 1`,
      )
      .bind(AUDIT_ACTION.FAIR_PLAY, range.from, range.to),
  ]);
  const byMinute = new Map<
    number,
    { objects: MinuteRow | undefined; worker: MinuteRow | undefined; flags: number }
  >();
  const slot = (m: number) => {
    let s = byMinute.get(m);
    if (!s) {
      s = { objects: undefined, worker: undefined, flags: 0 };
      byMinute.set(m, s);
    }
    return s;
  };
  for (const r of (usage!.results ?? []) as MinuteRow[]) {
    if (r.isWorker) slot(r.minute).worker = r;
    else slot(r.minute).objects = r;
  }
  for (const r of (flags!.results ?? []) as { minute: number; n: number }[])
    slot(r.minute).flags = r.n;
  return [...byMinute]
    .sort(([a], [b]) => a - b)
    .map(([minute, s]) => {
      const o = s.objects;
      return {
        minute,
        rooms: o?.rooms ?? 0,
        players: o?.players ?? 0,
        tickMsP99: o?.tickMsP99 ?? null,
        bytesIn: o?.bytesIn ?? 0,
        bytesOut: o?.bytesOut ?? 0,
        queueLength: o?.queueLength ?? 0,
        matches: o?.matches ?? 0,
        matchWaitMs: o?.matchWaitMs ?? 0,
        signInFailures: s.worker?.signInFailures ?? 0,
        cheatFlags: s.flags,
        objects: o ? usageOf(o) : ZERO,
        worker: s.worker ? usageOf(s.worker) : ZERO,
      };
    });
}
