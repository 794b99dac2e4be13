// Builds @edgetick/server: workers/create-edgetick.ts and everything it reaches in workers/,
// durable-objects/ and server/, bundled into one ESM file for workerd (a studio's wrangler
// bundles it again), and its declarations. npm dependencies and `cloudflare:*` stay imports;
// shared/ becomes imports of @edgetick/game/internal/…, the copy the game modules use
// (scripts/package-build.mjs). The D1 migrations ship beside it, in dist/migrations/. Run with
// `npm run build -w @edgetick/server`.
import { cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { emitDeclarations, ROOT, sharedAsGamePackage } from "../../scripts/package-build.mjs";

const here = dirname(fileURLToPath(import.meta.url));

rmSync(join(here, "dist"), { recursive: true, force: true });
await build({
  entryPoints: [join(ROOT, "workers/create-edgetick.ts")],
  outfile: join(here, "dist/index.js"),
  bundle: true,
  format: "esm",
  // workerd: web-platform globals, no Node; conditions are the bundler's concern downstream.
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  packages: "external",
  external: ["cloudflare:*"],
  plugins: [sharedAsGamePackage()],
  logLevel: "warning",
});
emitDeclarations({
  tsconfig: join(here, "tsconfig.build.json"),
  base: ROOT,
  outDir: join(here, "dist/types"),
});
// The schema the code above expects: a deployment applies these (wrangler d1 migrations).
cpSync(join(ROOT, "migrations"), join(here, "dist/migrations"), { recursive: true });
