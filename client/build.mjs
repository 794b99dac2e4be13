// Builds the client package: one ESM bundle with shared/ inlined (esbuild) and the
// declaration tree (tsc). Run with `npm run build -w @edgetick/client`.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

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
  logLevel: "warning",
});
execFileSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-p", join(here, "tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);
