-- Accounts: players, the identities they sign in with, their refresh tokens and bans.
-- Written by the Worker's auth and admin routes; rooms read bans when a player joins.

-- One row per account. `roles` is a comma-separated list of role names (player, moderator,
-- admin); promote an account with the admin API or `wrangler d1 execute` (docs/deploy.md).
CREATE TABLE players (
  id TEXT PRIMARY KEY,               -- "acc_" + 32 hex digits
  display_name TEXT,
  roles TEXT NOT NULL DEFAULT 'player',
  created_at INTEGER NOT NULL,       -- Unix ms
  last_sign_in_at INTEGER NOT NULL   -- Unix ms
);

-- How an account signs in: provider "guest" with the SHA-256 of the device id, or an
-- OpenID Connect issuer with the ID token's `sub`. One account may have several.
CREATE TABLE identities (
  provider TEXT NOT NULL,
  subject TEXT NOT NULL,
  player_id TEXT NOT NULL REFERENCES players (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (provider, subject)
);

CREATE INDEX identities_player ON identities (player_id);

-- Refresh tokens are `<id>.<secret>`; only the SHA-256 of the secret is stored. Refreshing
-- revokes the token and issues its successor; logout revokes it.
CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  player_id TEXT NOT NULL REFERENCES players (id),
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER                 -- NULL while usable
);

CREATE INDEX refresh_tokens_player ON refresh_tokens (player_id);

-- At most one ban per account; `expires_at` NULL means permanent. Unbanning deletes the row
-- (the audit log keeps the history).
CREATE TABLE bans (
  player_id TEXT PRIMARY KEY REFERENCES players (id),
  reason TEXT NOT NULL,
  banned_by TEXT,                    -- the admin's account id
  created_at INTEGER NOT NULL,
  expires_at INTEGER
);
