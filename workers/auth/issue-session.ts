// A signed-in session: an access token and a refresh token for an account, once its bans
// are checked. Shared by guest, OIDC and refresh sign-ins.

import { findActiveBan } from "../../server/accounts/bans.js";
import { signAccessToken } from "../../server/auth/index.js";
import { ApiError } from "../api-error.js";
import type { Env } from "../env.js";
import { issueRefreshToken } from "../repositories/refresh-tokens.js";
import { signingKeys } from "./signing-keys.js";
import { TOKEN_LIFETIMES } from "./token-lifetimes.js";

/** What every sign-in answers. */
export interface Session {
  readonly accountId: string;
  readonly roles: string[];
  readonly tokenType: "Bearer";
  readonly accessToken: string;
  /** Unix ms. */
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  /** Unix ms. */
  readonly refreshTokenExpiresAt: number;
}

/** Refuses a banned account with 403 `banned`. */
export async function refuseIfBanned(
  db: D1Database,
  accountId: string,
  now: number,
): Promise<void> {
  const ban = await findActiveBan(db, accountId, now);
  if (!ban) return;
  const until =
    ban.expiresAt === null ? "permanently" : `until ${new Date(ban.expiresAt).toISOString()}`;
  throw new ApiError(403, "banned", `this account is banned ${until}: ${ban.reason}`);
}

/** Signs an access token and issues a refresh token for an account that is not banned. */
export async function issueSession(
  env: Pick<Env, "AUTH_KEYS" | "DB">,
  account: { accountId: string; roles: readonly string[] },
  now: number,
): Promise<Session> {
  await refuseIfBanned(env.DB, account.accountId, now);
  const ring = await signingKeys(env);
  const accessToken = await signAccessToken(ring, account, { now, ttlS: TOKEN_LIFETIMES.ACCESS_S });
  const refresh = await issueRefreshToken(
    env.DB,
    account.accountId,
    now,
    TOKEN_LIFETIMES.REFRESH_S,
  );
  return {
    accountId: account.accountId,
    roles: [...account.roles],
    tokenType: "Bearer",
    accessToken,
    accessTokenExpiresAt: (Math.floor(now / 1000) + TOKEN_LIFETIMES.ACCESS_S) * 1000,
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt,
  };
}
