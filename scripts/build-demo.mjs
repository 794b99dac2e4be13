// Builds the demo pages into demo/dist (served by wrangler as static assets): the HTML and
// CSS as they are, and each page's entry bundled with the client package, one bundle per page
// with no shared chunks: the arena (index.html, src/main.ts → main.js), Connect Four
// (connect-four.html, src/connect-four/main.ts → connect-four.js), the arena as a
// listen-server session (host.html, src/host/main.ts → host.js) and as a P2P mesh
// (mesh.html, src/mesh/main.ts → mesh.js), and the pages that watch it: live rooms as a
// spectator (watch.html, src/watch/main.ts → watch.js) and recorded matches (replays.html,
// src/replays/main.ts → replays.js), the zoned world with its minimap (world.html,
// src/world/main.ts → world.js), and the operator dashboard (admin.html, served at /admin,
// src/admin/main.ts → admin.js, with uPlot bundled in and its stylesheet copied beside it as
// uPlot.min.css). The client and game
// packages are aliased to their sources (as in tsconfig.base.json) so each page and its game
// share one copy of the schema and world code; the e2e tests exercise the built packages.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const demo = join(dirname(fileURLToPath(import.meta.url)), "..", "demo");
const out = join(demo, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pages = [
  "index.html",
  "connect-four.html",
  "host.html",
  "mesh.html",
  "watch.html",
  "world.html",
];
for (const file of [...pages, "replays.html", "admin.html", "style.css"])
  copyFileSync(join(demo, file), join(out, file));
// uPlot's own stylesheet (legend, cursor, axes layout), as the package ships it.
const uplotCss = createRequire(import.meta.url).resolve("uplot/dist/uPlot.min.css");
copyFileSync(uplotCss, join(out, "uPlot.min.css"));
await build({
  entryPoints: {
    main: join(demo, "src/main.ts"),
    "connect-four": join(demo, "src/connect-four/main.ts"),
    mesh: join(demo, "src/mesh/main.ts"),
    host: join(demo, "src/host/main.ts"),
    watch: join(demo, "src/watch/main.ts"),
    replays: join(demo, "src/replays/main.ts"),
    admin: join(demo, "src/admin/main.ts"),
    world: join(demo, "src/world/main.ts"),
  },
  outdir: out,
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
