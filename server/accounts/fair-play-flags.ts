// Fair-play flags (D1 `fair_play_flags`): the accounts a room's cheat detectors flagged, with
// the latest evidence. Written by rooms (durable-objects/game-room/fair-play-record.ts), read
// and cleared by the admin API. The full history of each step is in the audit log.

import type { Evidence } from "../../shared/fairplay/fair-play-evidence.js";
import type { DetectorName, EscalationStep } from "../../shared/fairplay/fair-play-rules.js";
import { AUDIT_ACTION } from "./audit-log.js";

/** A flagged account as admins see it. */
export interface FairPlayFlag {
  readonly accountId: string;
  readonly displayName: string | null;
  readonly game: string;
  readonly roomId: string;
  readonly offences: number;
  /** The latest escalation step. */
  readonly step: Exclude<EscalationStep, "log">;
  readonly detector: DetectorName;
  readonly evidence: Evidence;
  readonly flaggedAt: number;
  readonly lastAt: number;
}

/** One step of a flagged account's history (an audit row). */
export interface FairPlayEvent {
  readonly at: number;
  readonly roomId: string;
  readonly step: EscalationStep;
  readonly offences: number;
  readonly evidence: Evidence;
}

/** What a room writes when it flags (or further escalates) an account. */
export interface FlagWrite {
  readonly accountId: string;
  readonly game: string;
  readonly roomId: string;
  readonly offences: number;
  readonly step: Exclude<EscalationStep, "log">;
  readonly evidence: Evidence;
  readonly at: number;
}

interface FlagRow {
  account_id: string;
  display_name: string | null;
  game: string;
  room_id: string;
  offences: number;
  step: Exclude<EscalationStep, "log">;
  detector: DetectorName;
  evidence: string;
  flagged_at: number;
  last_at: number;
}

function toFlag(row: FlagRow): FairPlayFlag {
  return {
    accountId: row.account_id,
    displayName: row.display_name,
    game: row.game,
    roomId: row.room_id,
    offences: row.offences,
    step: row.step,
    detector: row.detector,
    evidence: JSON.parse(row.evidence) as Evidence,
    flaggedAt: row.flagged_at,
    lastAt: row.last_at,
  };
}

/** The upsert of a flag (for `db.batch`): the first flag's time stays, the rest is the latest. */
export function flagStatement(db: D1Database, w: FlagWrite): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO fair_play_flags
         (account_id, game, room_id, offences, step, detector, evidence, flagged_at, last_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET game = excluded.game, room_id = excluded.room_id,
         offences = max(offences, excluded.offences), step = excluded.step,
         detector = excluded.detector, evidence = excluded.evidence, last_at = excluded.last_at`,
    )
    .bind(
      w.accountId,
      w.game,
      w.roomId,
      w.offences,
      w.step,
      w.evidence.detector,
      JSON.stringify(w.evidence),
      w.at,
      w.at,
    );
}

/** The statement that clears an account's flag (for `db.batch`). */
export function clearFlagStatement(db: D1Database, accountId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM fair_play_flags WHERE account_id = ?").bind(accountId);
}

/** Flagged accounts, latest offence first; `before` pages by `lastAt`. */
export async function listFlags(
  db: D1Database,
  page: { readonly limit: number; readonly before?: number; readonly game?: string },
): Promise<FairPlayFlag[]> {
  const { results } = await db
    .prepare(
      `SELECT f.*, p.display_name FROM fair_play_flags f LEFT JOIN players p ON p.id = f.account_id
       WHERE (?1 IS NULL OR f.last_at < ?1) AND (?2 IS NULL OR f.game = ?2)
       ORDER BY f.last_at DESC LIMIT ?3`,
    )
    .bind(page.before ?? null, page.game ?? null, page.limit)
    .all<FlagRow>();
  return results.map(toFlag);
}

/** One account's flag, if flagged. */
export async function findFlag(
  db: D1Database,
  accountId: string,
): Promise<FairPlayFlag | undefined> {
  const row = await db
    .prepare(
      `SELECT f.*, p.display_name FROM fair_play_flags f LEFT JOIN players p ON p.id = f.account_id
       WHERE f.account_id = ?`,
    )
    .bind(accountId)
    .first<FlagRow>();
  return row ? toFlag(row) : undefined;
}

/** An account's fair-play history from the audit log, newest first. */
export async function fairPlayHistory(
  db: D1Database,
  accountId: string,
  limit: number,
): Promise<FairPlayEvent[]> {
  const { results } = await db
    .prepare(
      "SELECT at, detail FROM audit_log WHERE target = ? AND action = ? ORDER BY at DESC, id DESC LIMIT ?",
    )
    .bind(accountId, AUDIT_ACTION.FAIR_PLAY, limit)
    .all<{ at: number; detail: string }>();
  return results.map((r) => {
    const d = JSON.parse(r.detail) as {
      room: string;
      step: EscalationStep;
      offences: number;
      evidence: Evidence;
    };
    return { at: r.at, roomId: d.room, step: d.step, offences: d.offences, evidence: d.evidence };
  });
}
