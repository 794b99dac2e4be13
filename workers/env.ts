// The Worker's bindings, as declared in wrangler.toml (and secrets), and the per-request
// variables its middleware sets.

import type { GameRoom } from "../durable-objects/game-room/game-room.js";
import type { Lobby } from "../durable-objects/lobby/lobby.js";
import type { Matchmaker } from "../durable-objects/matchmaker/matchmaker.js";
import type { PeerSession } from "../durable-objects/peer-session/peer-session.js";
import type { RegionPing } from "../durable-objects/region-ping/region-ping.js";
import type { WorldState } from "../durable-objects/world-state/world-state.js";
import type { Credential } from "../server/auth/index.js";
import type { GameRegistry } from "../server/games/game-registry.js";

/** Everything the edge Worker is bound to. */
export interface Env {
  readonly DB: D1Database;
  readonly GAME_ROOM: DurableObjectNamespace<GameRoom>;
  /** One object per lobby, named by its code. */
  readonly LOBBY: DurableObjectNamespace<Lobby>;
  /** One object per matchmaking queue, named `mode:<mode>`. */
  readonly MATCHMAKER: DurableObjectNamespace<Matchmaker>;
  /** One tiny object per region, placed there, answering latency pings. */
  readonly REGION_PING: DurableObjectNamespace<RegionPing>;
  /**
   * One object per listen-server or P2P session (signaling and relay), named by the session
   * id. Optional so that a deployment bound before peer sessions existed still serves
   * everything else; its peer-session routes answer 503 peer_sessions_not_configured.
   */
  readonly PEER_SESSION?: DurableObjectNamespace<PeerSession>;
  /**
   * One object per zoned world, named by the world id: its clock, chat, leaderboard and the
   * zones' load reports (docs/zones.md). Optional like PEER_SESSION: a deployment bound before
   * worlds existed serves everything else, and /v1/worlds answers 503 worlds_not_configured.
   */
  readonly WORLD_STATE?: DurableObjectNamespace<WorldState>;
  /**
   * Replays of recorded matches (chunks and manifests), bucket `edgetick-replays` and one per
   * environment. Optional so that a deployment bound before replays existed still serves
   * everything else: its rooms record nothing and /v1/replays answers 503
   * replays_not_configured.
   */
  readonly REPLAYS?: R2Bucket;
  /** Days metered usage rows are kept (a var; docs/costs.md). @default 30 */
  readonly USAGE_RETENTION_DAYS?: string | number;
  /** Days a replay is kept after its match started (a var). @default 30 */
  readonly REPLAY_RETENTION_DAYS?: string | number;
  /** The region list, a JSON array of { id, name, locationHint, lat, lon, continents }. */
  readonly REGIONS?: string | readonly unknown[];
  /** Expected round trip above which a player gets a cross-region warning, ms. */
  readonly CROSS_REGION_WARNING_MS?: string | number;
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
  /** Comma-separated STUN URLs peers get in their signaling welcome (a var; optional). */
  readonly STUN_URLS?: string;
  /** Comma-separated TURN URLs (a var; needs TURN_SECRET). */
  readonly TURN_URLS?: string;
  /** The TURN server's shared secret for REST credentials (a secret, never a var). */
  readonly TURN_SECRET?: string;
  /** Lifetime of issued TURN credentials, s (a var). @default 3600 */
  readonly TURN_TTL_SECONDS?: string | number;
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
    /** The games this deployment serves (createEdgetick's list), set for every request. */
    games: GameRegistry;
  };
}
