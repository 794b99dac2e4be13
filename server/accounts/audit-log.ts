// The audit log (D1 `audit_log`): one row per security-relevant action. Statements are
// returned unexecuted too, so callers can batch them with the change they record.

/** Actions recorded in the audit log. */
export const AUDIT_ACTION = {
  SIGN_IN: "sign_in",
  SIGN_OUT: "sign_out",
  KICK: "kick",
  MUTE: "mute",
  UNMUTE: "unmute",
  BAN: "ban",
  UNBAN: "unban",
  SET_ROLES: "set_roles",
  DATA_WRITE: "data_write",
  /** A room closed a socket for breaking the protocol (durable-objects/game-room/violation-audit.ts). */
  PROTOCOL_VIOLATION: "protocol_violation",
  /** A room's cheat detectors reached an escalation step (durable-objects/game-room/fair-play-record.ts). */
  FAIR_PLAY: "fair_play",
  /** An admin cleared an account's fair-play flag. */
  UNFLAG: "unflag",
  /** A match crossed a limit of its game's budget (GameDefinition.budget); target: the room. */
  MATCH_BUDGET: "match_budget",
} as const;

/** An audit action name. */
export type AuditAction = (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION];

/** One audit entry. */
export interface AuditEntry {
  readonly at: number;
  /** The account acting; null for the system. */
  readonly actor: string | null;
  readonly action: AuditAction;
  /** What was acted on: an account id or a room id. */
  readonly target: string | null;
  readonly detail?: Record<string, unknown>;
}

/** The INSERT for `entry`, not yet run (for `db.batch`). */
export function auditStatement(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
    .bind(entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.detail ?? {}));
}

/** Records `entry`. */
export async function recordAudit(db: D1Database, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry).run();
}
