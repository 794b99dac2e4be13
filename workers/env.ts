// The Worker's bindings, as declared in wrangler.toml (and secrets), and the per-request
// variables its middleware sets.

import type { Credential } from "../durable-objects/auth/index.js";
import type { GameRoom } from "../durable-objects/game-room/game-room.js";

/** Everything the edge Worker is bound to. */
export interface Env {
  readonly DB: D1Database;
  readonly GAME_ROOM: DurableObjectNamespace<GameRoom>;
  readonly ASSETS: Fetcher;
  /** "development", "test" or "production". */
  readonly EDGETICK_ENV: string;
  /** The signing key ring, a JSON secret (docs/deploy.md); `.dev.vars` locally. */
  readonly AUTH_KEYS?: string;
  /**
   * OpenID Connect providers whose ID tokens /v1/auth/oidc accepts: a JSON array (or a
   * wrangler var table) of `{ issuer, audience, jwksUrl }`.
   */
  readonly OIDC_PROVIDERS?: string | readonly unknown[];
  /** Sign-in attempts per client IP. */
  readonly AUTH_LIMITER: RateLimit;
  /** API calls per account. */
  readonly API_LIMITER: RateLimit;
}

/** Hono's environment type for this app. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The verified access token of the caller, set by requireAuth. */
    credential: Credential;
  };
}
