// Bindings the Durable Objects read (declared in wrangler.toml).

/** The environment of every edgetick Durable Object. */
export interface DurableObjectsEnv {
  /** Room history and, later, players and their data. */
  readonly DB: D1Database;
}
