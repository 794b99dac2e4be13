// `npm run build`: bundles the page script (web/main.ts, with @edgetick/client and the game)
// into public/main.js, which wrangler serves beside public/index.html.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [join(root, "web/main.ts")],
  outfile: join(root, "public/main.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
