// Bindings the Durable Objects read (declared in wrangler.toml).

/** The environment of every edgetick Durable Object. */
export interface DurableObjectsEnv {
  /** Room history, accounts, bans, player data, replays and the audit log. */
  readonly DB: D1Database;
  /**
   * Where recording rooms store replay chunks and manifests (R2). Optional: without it a
   * room records nothing (and says so once in its log).
   */
  readonly REPLAYS?: R2Bucket;
  /** The signing key ring (a secret; see docs/deploy.md). Rooms only verify with it. */
  readonly AUTH_KEYS?: string;
}
