// Builds @edgetick/server: workers/create-edgetick.ts and everything it reaches in workers/,
// durable-objects/ and server/, bundled into one ESM file for workerd (a studio's wrangler
// bundles it again), and its declarations. npm dependencies and `cloudflare:*` stay imports;
// shared/ becomes imports of @edgetick/game/internal/…, the copy the game modules use
// (scripts/package-build.mjs). The D1 migrations ship beside it, in dist/migrations/. Run with
// `npm run build -w @edgetick/server`.
import { cpSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPackage, ROOT } from "../../scripts/package-build.mjs";

const here = dirname(fileURLToPath(import.meta.url));

await buildPackage({
  dir: here,
  entry: join(ROOT, "workers/create-edgetick.ts"),
  tsconfig: join(here, "tsconfig.build.json"),
  base: ROOT,
  external: ["cloudflare:*"],
});
// The schema the code above expects: a deployment applies these (wrangler d1 migrations).
cpSync(join(ROOT, "migrations"), join(here, "dist/migrations"), { recursive: true });
