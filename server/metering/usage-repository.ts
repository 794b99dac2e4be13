// Usage rows in D1 (`usage_minutes`, migrations/0012_usage.sql): written by the objects that
// meter themselves, one upsert per object and minute that adds to what is there (sums) or
// keeps the larger (peaks, tick durations), so a minute flushed in parts adds up. Read by the
// admin cost and metrics routes; trimmed by the hourly cron.

import { SUMMED, type UsageRow } from "./usage-meter.js";

const COLUMN: Record<(typeof SUMMED)[number], string> = {
  activeMs: "active_ms",
  httpRequests: "http_requests",
  wsMessagesIn: "ws_messages_in",
  wsMessagesOut: "ws_messages_out",
  bytesIn: "bytes_in",
  bytesOut: "bytes_out",
  d1RowsRead: "d1_rows_read",
  d1RowsWritten: "d1_rows_written",
  storageWrites: "storage_writes",
  relayBytes: "relay_bytes",
  voiceBytes: "voice_bytes",
  ticks: "ticks",
  matches: "matches",
  matchWaitMs: "match_wait_ms",
  signInFailures: "sign_in_failures",
};

const SUMS = SUMMED.map((k) => COLUMN[k]);

const UPSERT = `INSERT INTO usage_minutes
  (kind, object_id, minute, match_id, game, mode, region, ${SUMS.join(", ")},
   tick_ms_p50, tick_ms_p99, players_peak, queue_peak)
  VALUES (?, ?, ?, ?, ?, ?, ?, ${SUMS.map(() => "?").join(", ")}, ?, ?, ?, ?)
  ON CONFLICT (kind, object_id, minute) DO UPDATE SET
    match_id = excluded.match_id, game = excluded.game, mode = excluded.mode,
    region = excluded.region,
    ${SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")},
    tick_ms_p50 = max(coalesce(tick_ms_p50, 0), coalesce(excluded.tick_ms_p50, 0)),
    tick_ms_p99 = max(coalesce(tick_ms_p99, 0), coalesce(excluded.tick_ms_p99, 0)),
    players_peak = max(players_peak, excluded.players_peak),
    queue_peak = max(queue_peak, excluded.queue_peak)`;

/** The upserts of `rows` (for `db.batch`). */
export function usageStatements(db: D1Database, rows: readonly UsageRow[]): D1PreparedStatement[] {
  return rows.map((r) =>
    db
      .prepare(UPSERT)
      .bind(
        r.kind,
        r.objectId,
        r.minute,
        r.matchId,
        r.game,
        r.mode,
        r.region,
        ...SUMMED.map((k) => Math.round(r[k])),
        r.tickMsP50,
        r.tickMsP99,
        r.playersPeak,
        r.queuePeak,
      ),
  );
}

/** Writes `rows` in one batch; a failure is logged, never thrown (metering must not break). */
export function usageWrite(
  db: D1Database,
  rows: readonly UsageRow[],
  who: string,
): Promise<unknown> {
  if (rows.length === 0) return Promise.resolve();
  return db
    .batch(usageStatements(db, rows))
    .catch((e: unknown) => console.error(`${who}: writing usage failed`, e));
}

/** Writes `rows` off the caller's path (`waitUntil`). */
export function writeUsage(
  db: D1Database,
  rows: readonly UsageRow[],
  waitUntil: (work: Promise<unknown>) => void,
  who: string,
): void {
  if (rows.length > 0) waitUntil(usageWrite(db, rows, who));
}

/** Deletes the rows of minutes before `before` (Unix ms); how many went. */
export async function deleteUsageBefore(db: D1Database, before: number): Promise<number> {
  const r = await db.prepare("DELETE FROM usage_minutes WHERE minute < ?").bind(before).run();
  return r.meta.changes ?? 0;
}
