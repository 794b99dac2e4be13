// Types of `env` and `exports` from cloudflare:workers inside the workerd tests.
import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../../workers/env.js";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** D1 migrations read from migrations/ by vitest.config.ts. */
      readonly TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../../workers/index.js");
      durableNamespaces:
        | "GameRoom"
        | "Lobby"
        | "Matchmaker"
        | "RegionPing"
        | "PeerSession"
        | "WorldState";
    }
  }
}
