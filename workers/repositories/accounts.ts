// Accounts and their sign-in identities in D1 (`players`, `identities`).

/** An account as the API shows it. */
export interface Account {
  readonly accountId: string;
  readonly displayName: string | null;
  readonly roles: readonly string[];
  readonly createdAt: number;
  readonly lastSignInAt: number;
}

interface AccountRow {
  id: string;
  display_name: string | null;
  roles: string;
  created_at: number;
  last_sign_in_at: number;
}

function toAccount(row: AccountRow): Account {
  return {
    accountId: row.id,
    displayName: row.display_name,
    roles: row.roles.split(",").filter((r) => r.length > 0),
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** A fresh account id: "acc_" and 128 random bits in hex. */
export function newAccountId(): string {
  return `acc_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** The account `accountId`, or undefined. */
export async function findAccount(db: D1Database, accountId: string): Promise<Account | undefined> {
  const row = await db
    .prepare("SELECT * FROM players WHERE id = ?")
    .bind(accountId)
    .first<AccountRow>();
  return row ? toAccount(row) : undefined;
}

/**
 * The account signed in by (provider, subject), created with role "player" on first use;
 * stamps the sign-in time. Two first sign-ins racing create one account: the identity's
 * primary key lets one insert win and both read its account.
 */
export async function signInIdentity(
  db: D1Database,
  provider: string,
  subject: string,
  displayName: string | null,
  now: number,
): Promise<Account> {
  const id = newAccountId();
  await db.batch([
    db
      .prepare(
        `INSERT INTO players (id, display_name, roles, created_at, last_sign_in_at)
         SELECT ?1, ?2, 'player', ?3, ?3
         WHERE NOT EXISTS (SELECT 1 FROM identities WHERE provider = ?4 AND subject = ?5)`,
      )
      .bind(id, displayName, now, provider, subject),
    db
      .prepare(
        `INSERT INTO identities (provider, subject, player_id, created_at)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM players WHERE id = ?3)
         ON CONFLICT (provider, subject) DO NOTHING`,
      )
      .bind(provider, subject, id, now),
  ]);
  const row = await db
    .prepare(
      `UPDATE players SET last_sign_in_at = ?1
       WHERE id = (SELECT player_id FROM identities WHERE provider = ?2 AND subject = ?3)
       RETURNING *`,
    )
    .bind(now, provider, subject)
    .first<AccountRow>();
  if (!row) throw new Error(`identity ${provider} has no account after sign-in`);
  return toAccount(row);
}

/** One page of accounts, newest first, with whether each is banned at `now`. */
export async function listAccounts(
  db: D1Database,
  { limit, before, now }: { limit: number; before?: number; now: number },
): Promise<(Account & { banned: boolean })[]> {
  const { results } = await db
    .prepare(
      `SELECT p.*, EXISTS (SELECT 1 FROM bans b WHERE b.player_id = p.id
         AND (b.expires_at IS NULL OR b.expires_at > ?1)) AS banned
       FROM players p WHERE p.created_at < ?2 ORDER BY p.created_at DESC, p.id LIMIT ?3`,
    )
    .bind(now, before ?? Number.MAX_SAFE_INTEGER, limit)
    .all<AccountRow & { banned: number }>();
  return results.map((r) => ({ ...toAccount(r), banned: r.banned === 1 }));
}

/** Replaces an account's roles; false if there is no such account. */
export function setRolesStatement(
  db: D1Database,
  accountId: string,
  roles: readonly string[],
): D1PreparedStatement {
  return db.prepare("UPDATE players SET roles = ? WHERE id = ?").bind(roles.join(","), accountId);
}
