// Builds the client package: one ESM bundle of client/src (esbuild) and its declarations
// (tsc). shared/ is not bundled: its imports become imports of @edgetick/game/internal/…, the
// copy the game modules use too (scripts/package-build.mjs). Run with
// `npm run build -w @edgetick/client`.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { emitDeclarations, sharedAsGamePackage } from "../scripts/package-build.mjs";

const here = dirname(fileURLToPath(import.meta.url));

rmSync(join(here, "dist"), { recursive: true, force: true });
await build({
  entryPoints: [join(here, "src/index.ts")],
  outfile: join(here, "dist/index.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  // Dependencies stay imports so applications share one copy.
  packages: "external",
  plugins: [sharedAsGamePackage()],
  logLevel: "warning",
});
emitDeclarations({
  tsconfig: join(here, "tsconfig.build.json"),
  base: join(here, "src"),
  outDir: join(here, "dist/types"),
});
