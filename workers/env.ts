// The Worker's bindings, as declared in wrangler.toml.

import type { GameRoom } from "../durable-objects/game-room/game-room.js";

/** Everything the edge Worker is bound to. */
export interface Env {
  readonly DB: D1Database;
  readonly GAME_ROOM: DurableObjectNamespace<GameRoom>;
  readonly ASSETS: Fetcher;
  /** "development", "test" or "production". */
  readonly EDGETICK_ENV: string;
}

/** Hono's environment type for this app. */
export interface AppEnv {
  Bindings: Env;
}
