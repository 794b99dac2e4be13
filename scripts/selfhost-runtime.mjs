// `node scripts/selfhost-runtime.mjs <dir>`: assembles in <dir> everything `npm run selfhost`
// needs and nothing else — package.json (for the script), scripts/selfhost.mjs and the cron
// parser it imports, the build in dist/selfhost (`npm run build:selfhost` first) and, under
// node_modules/, miniflare with its dependencies exactly as installed here: the versions
// package-lock.json pinned and workerd's binary its install script fetched. The Dockerfile's
// runtime stage is this folder.
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dirname, "..");

/** The directory of package `name` as Node resolves it from package directory `from`. */
function resolvePackage(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

/**
 * Package directories `name` needs at run time, from `from`: itself and its dependencies and
 * installed optional dependencies, transitively (an optional one for another platform is
 * simply not installed).
 */
function closure(name, from, found = new Set()) {
  const dir = resolvePackage(name, from);
  if (!dir) throw new Error(`selfhost-runtime: ${name} is not installed (from ${from})`);
  if (found.has(dir)) return found;
  found.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) closure(dep, dir, found);
  for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
    if (resolvePackage(dep, dir)) closure(dep, dir, found);
  return found;
}

/**
 * Links again the files of `dir` (a copy of `source`) that are hard links of one another
 * there: workerd's install script links its 150 MB binary into two packages, and a copy would
 * hold it twice.
 */
function relink(dir, source, seen = new Map()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const copy = join(dir, entry.name);
    const original = join(source, entry.name);
    if (entry.isDirectory()) relink(copy, original, seen);
    if (!entry.isFile()) continue;
    const { nlink, dev, ino } = statSync(original);
    if (nlink < 2) continue;
    const first = seen.get(`${dev}:${ino}`);
    if (!first) seen.set(`${dev}:${ino}`, copy);
    else {
      rmSync(copy);
      linkSync(first, copy);
    }
  }
}

const out = resolve(process.argv[2] ?? "");
if (!process.argv[2]) throw new Error("usage: node scripts/selfhost-runtime.mjs <dir>");
if (!existsSync(join(root, "dist", "selfhost", "selfhost.json")))
  throw new Error("selfhost-runtime: no dist/selfhost: run `npm run build:selfhost` first");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of [
  "package.json",
  "scripts/selfhost.mjs",
  "scripts/cron-schedule.mjs",
  "dist/selfhost",
])
  cpSync(join(root, file), join(out, file), { recursive: true });
const packages = [...closure("miniflare", root)].sort();
for (const dir of packages) {
  // A nested package is copied with the one it nests in.
  if (packages.some((other) => other !== dir && dir.startsWith(`${other}/`))) continue;
  cpSync(dir, join(out, relative(root, dir)), { recursive: true, verbatimSymlinks: true });
}
relink(join(out, "node_modules"), join(root, "node_modules"));
process.stdout.write(
  `selfhost-runtime: ${out} (miniflare and ${packages.length - 1} packages it needs)\n`,
);
