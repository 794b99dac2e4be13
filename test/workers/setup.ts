// Applies the D1 migrations before the workerd tests, as `npm run dev` does locally.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
