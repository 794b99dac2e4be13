// Builds the demo page into demo/dist (served by wrangler as static assets): the HTML and
// CSS as they are, and main.ts bundled with the client package. The client and game packages
// are aliased to their sources (as in tsconfig.base.json) so the demo and the arena game share
// one copy of the schema and world code; the e2e tests exercise the built packages.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const demo = join(dirname(fileURLToPath(import.meta.url)), "..", "demo");
const out = join(demo, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ["index.html", "style.css"]) copyFileSync(join(demo, file), join(out, file));
await build({
  entryPoints: [join(demo, "src/main.ts")],
  outfile: join(out, "main.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  alias: {
    "@edgetick/client": join(demo, "..", "client", "src", "index.ts"),
    "@edgetick/game": join(demo, "..", "shared", "game", "contract.ts"),
  },
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
