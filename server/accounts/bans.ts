// Bans (D1 `bans`): read at sign-in, refresh and room join; written by the admin API.

/** An active ban. */
export interface Ban {
  readonly accountId: string;
  readonly reason: string;
  readonly bannedBy: string | null;
  readonly createdAt: number;
  /** Unix ms; null for a permanent ban. */
  readonly expiresAt: number | null;
}

interface BanRow {
  player_id: string;
  reason: string;
  banned_by: string | null;
  created_at: number;
  expires_at: number | null;
}

function toBan(row: BanRow): Ban {
  return {
    accountId: row.player_id,
    reason: row.reason,
    bannedBy: row.banned_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** The account's ban in force at `now` (Unix ms), if any. */
export async function findActiveBan(
  db: D1Database,
  accountId: string,
  now: number,
): Promise<Ban | undefined> {
  const row = await db
    .prepare("SELECT * FROM bans WHERE player_id = ? AND (expires_at IS NULL OR expires_at > ?)")
    .bind(accountId, now)
    .first<BanRow>();
  return row ? toBan(row) : undefined;
}

/** The statement that bans an account, replacing any earlier ban (for `db.batch`). */
export function banStatement(db: D1Database, ban: Ban): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO bans (player_id, reason, banned_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (player_id) DO UPDATE SET reason = excluded.reason,
         banned_by = excluded.banned_by, created_at = excluded.created_at,
         expires_at = excluded.expires_at`,
    )
    .bind(ban.accountId, ban.reason, ban.bannedBy, ban.createdAt, ban.expiresAt);
}

/** The statement that lifts an account's ban (for `db.batch`). */
export function unbanStatement(db: D1Database, accountId: string): D1PreparedStatement {
  return db.prepare("DELETE FROM bans WHERE player_id = ?").bind(accountId);
}
