// Types of `env` and `exports` from cloudflare:workers inside the workerd tests.

import type { D1Migration } from "cloudflare:test";
import type { Env as EdgetickEnv } from "@edgetick/server";

declare global {
  namespace Cloudflare {
    interface Env extends EdgetickEnv {
      /** D1 migrations read from migrations/ by vitest.config.ts. */
      readonly TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../src/worker.js");
      durableNamespaces: "GameRoom" | "Lobby" | "Matchmaker" | "RegionPing" | "PeerSession";
    }
  }
}
