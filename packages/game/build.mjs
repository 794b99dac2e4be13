// Builds @edgetick/game: shared/ compiled by tsc, one ESM file and one .d.ts per module, into
// dist/ (the contract at dist/game/contract.js). Unbundled on purpose: @edgetick/client and
// @edgetick/server import the same files through "./internal/*", so there is one copy.
// Run with `npm run build -w @edgetick/game`.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(join(here, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(here, "tsconfig.build.json")], {
  stdio: "inherit",
});
