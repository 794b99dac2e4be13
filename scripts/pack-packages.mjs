// `npm run pack:packages [-- <dir>]`: builds and packs the published packages (@edgetick/game,
// @edgetick/client, @edgetick/server, create-edgetick) into <dir> (default .packs/), as
// `npm publish` would upload them. `npm run new-game` uses the first three.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./package-build.mjs";

/** The runtime packages, in build order: the game package first, the two above it after. */
export const RUNTIME_PACKAGES = ["@edgetick/game", "@edgetick/client", "@edgetick/server"];
/** Everything published from this repo. */
export const PUBLISHED_PACKAGES = [...RUNTIME_PACKAGES, "create-edgetick"];

/**
 * Runs npm with `args` in `cwd`: the npm running this script when started by `npm run`, else
 * the one on PATH. Returns its stdout.
 */
export function npm(args, { cwd = ROOT, stdio = ["ignore", "pipe", "inherit"], timeout } = {}) {
  const cli = process.env.npm_execpath;
  const [file, argv] = cli?.endsWith(".js") ? [process.execPath, [cli, ...args]] : ["npm", args];
  return execFileSync(file, argv, { cwd, stdio, encoding: "utf8", timeout });
}

/**
 * Packs `packages` (each built by its prepack script) into `dir`.
 * @returns {Record<string, string>} the tarball file name of each package
 */
export function packPackages(dir, packages = PUBLISHED_PACKAGES) {
  mkdirSync(dir, { recursive: true });
  const args = ["pack", "--json", "--pack-destination", dir];
  for (const p of packages) args.push("-w", p);
  const packed = JSON.parse(npm(args));
  return Object.fromEntries(packed.map((p) => [p.name, p.filename]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? join(ROOT, ".packs"));
  for (const [name, file] of Object.entries(packPackages(dir)))
    process.stdout.write(`${name}: ${join(dir, file)}\n`);
}
