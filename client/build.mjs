// Builds the client package: one ESM bundle of client/src (esbuild) and its declarations
// (tsc). shared/ is not bundled: its imports become imports of @edgetick/game/internal/…, the
// copy the game modules use too (scripts/package-build.mjs). Run with
// `npm run build -w @edgetick/client`.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPackage } from "../scripts/package-build.mjs";

const here = dirname(fileURLToPath(import.meta.url));

await buildPackage({
  dir: here,
  entry: join(here, "src/index.ts"),
  tsconfig: join(here, "tsconfig.build.json"),
  base: join(here, "src"),
});
