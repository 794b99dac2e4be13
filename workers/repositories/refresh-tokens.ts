// Refresh tokens in D1 (`refresh_tokens`). A token is `rt_<id>.<secret>`: the id finds the
// row, the secret proves possession; only the secret's SHA-256 is stored, so a database
// leak yields no usable token. Every refresh rotates the token; presenting a rotated-out
// token again revokes every token of the account (it was probably stolen).

/** A refresh token as handed to the client. */
export interface IssuedRefreshToken {
  readonly token: string;
  /** Unix ms. */
  readonly expiresAt: number;
}

/** The outcome of redeeming a refresh token. */
export type RedeemResult =
  | { readonly ok: true; readonly accountId: string }
  | { readonly ok: false; readonly reason: "unknown" | "expired" | "revoked" };

const TOKEN_PATTERN = /^rt_([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 of a secret in hex, for storage and lookup (also of guest device ids). */
export async function sha256(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** Issues a refresh token for an account. */
export async function issueRefreshToken(
  db: D1Database,
  accountId: string,
  now: number,
  ttlS: number,
): Promise<IssuedRefreshToken> {
  const id = crypto.randomUUID().replaceAll("-", "");
  const secret = randomSecret();
  const expiresAt = now + ttlS * 1000;
  await db
    .prepare(
      "INSERT INTO refresh_tokens (id, player_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id, accountId, await sha256(secret), now, expiresAt)
    .run();
  return { token: `rt_${id}.${secret}`, expiresAt };
}

/**
 * Redeems (revokes) a refresh token, once. A second redemption of the same token revokes
 * all of the account's tokens.
 */
export async function redeemRefreshToken(
  db: D1Database,
  token: string,
  now: number,
): Promise<RedeemResult> {
  const m = TOKEN_PATTERN.exec(token);
  if (!m) return { ok: false, reason: "unknown" };
  const [, id, secret] = m;
  const row = await db
    .prepare(
      "SELECT player_id, secret_hash, expires_at, revoked_at FROM refresh_tokens WHERE id = ?",
    )
    .bind(id)
    .first<{
      player_id: string;
      secret_hash: string;
      expires_at: number;
      revoked_at: number | null;
    }>();
  if (!row || row.secret_hash !== (await sha256(secret!))) return { ok: false, reason: "unknown" };
  if (row.revoked_at !== null) {
    await revokeAllRefreshTokens(db, row.player_id, now);
    return { ok: false, reason: "revoked" };
  }
  if (row.expires_at <= now) return { ok: false, reason: "expired" };
  // The guard on revoked_at makes two concurrent redemptions yield one winner.
  const res = await db
    .prepare("UPDATE refresh_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
    .bind(now, id)
    .run();
  if (res.meta.changes !== 1) return { ok: false, reason: "revoked" };
  return { ok: true, accountId: row.player_id };
}

/** The statement revoking every live refresh token of an account (bans; stolen tokens). */
export function revokeAllStatement(
  db: D1Database,
  accountId: string,
  now: number,
): D1PreparedStatement {
  return db
    .prepare("UPDATE refresh_tokens SET revoked_at = ? WHERE player_id = ? AND revoked_at IS NULL")
    .bind(now, accountId);
}

/** Revokes every live refresh token of an account. */
export async function revokeAllRefreshTokens(
  db: D1Database,
  accountId: string,
  now: number,
): Promise<void> {
  await revokeAllStatement(db, accountId, now).run();
}
