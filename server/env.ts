// Bindings the Durable Objects read (declared in wrangler.toml).

/** The environment of every edgetick Durable Object. */
export interface DurableObjectsEnv {
  /** Room history, accounts, bans, player data and the audit log. */
  readonly DB: D1Database;
  /** The signing key ring (a secret; see docs/deploy.md). Rooms only verify with it. */
  readonly AUTH_KEYS?: string;
}
