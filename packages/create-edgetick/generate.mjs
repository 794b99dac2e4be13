// Writes a new edgetick game project from template/: a Worker that is createEdgetick around
// one game module, its wrangler.toml and D1 migrations, a browser page, workerd and end-to-end
// tests. Used by the `create-edgetick` bin (`npm create edgetick <dir>`) and by this repo's
// `npm run new-game`, which points the @edgetick packages at `npm pack` tarballs.
import { generateKeyPairSync } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const TEMPLATE = join(here, "template");
const OWN = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

/** The packages a generated project depends on; all released together, at one version. */
export const EDGETICK_PACKAGES = ["@edgetick/game", "@edgetick/client", "@edgetick/server"];

// npm pack drops dotfiles such as .gitignore from a package: the template keeps them as `_x`.
const RENAMED = { _gitignore: ".gitignore", "_dev.vars.example": ".dev.vars.example" };

/** A project name wrangler and npm accept: lowercase a-z, 0-9 and -, from the folder name. */
export function projectName(dir) {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 54);
  return name || "edgetick-game";
}

/**
 * Where the D1 migrations come from: the copy packed into template/ (the published
 * generator), or this repository's migrations/ when run from a checkout.
 */
function migrationsSource() {
  for (const dir of [join(TEMPLATE, "migrations"), join(here, "..", "..", "migrations")])
    if (existsSync(dir)) return dir;
  throw new Error("create-edgetick: no migrations/ beside the template");
}

/**
 * Writes the project into `dir`, which must be missing or empty.
 * @param {{
 *   dir: string,
 *   name?: string,
 *   packages?: Readonly<Record<string, string>>,
 * }} options `packages`: a version spec per @edgetick package (default: this generator's
 *   version); `file:` tarballs also pin every nested @edgetick dependency to them
 *   (npm `overrides`), so the project installs from the npm registry and those files alone.
 * @returns {{ dir: string, name: string, files: string[] }} the files written, relative
 * @example
 * generateProject({ dir: "../my-game" });
 */
export function generateProject({ dir, name = projectName(dir), packages = {} }) {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0)
    throw new Error(`create-edgetick: ${root} exists and is not empty`);
  if (!/^[a-z0-9][a-z0-9-]{0,53}$/.test(name))
    throw new Error(`create-edgetick: name must be 1-54 of a-z, 0-9 and - (got "${name}")`);
  const specs = Object.fromEntries(EDGETICK_PACKAGES.map((p) => [p, packages[p] ?? OWN.version]));
  const vars = { name, devKeys: devKeyRing() };
  const files = [];
  const write = (rel, text) => {
    const out = join(root, rel);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    files.push(rel);
  };

  for (const rel of walk(TEMPLATE)) {
    if (rel === "package.json" || rel.startsWith("migrations/")) continue;
    const target = rel
      .split("/")
      .map((part) => RENAMED[part] ?? part)
      .join("/");
    const text = readFileSync(join(TEMPLATE, rel), "utf8");
    write(
      target,
      text.replace(/\{\{(name|devKeys)\}\}/g, (_, key) => vars[key]),
    );
  }
  const migrations = migrationsSource();
  for (const file of readdirSync(migrations)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    mkdirSync(join(root, "migrations"), { recursive: true });
    copyFileSync(join(migrations, file), join(root, "migrations", file));
    files.push(`migrations/${file}`);
  }
  write("package.json", `${JSON.stringify(projectPackage(name, specs), null, 2)}\n`);
  return { dir: root, name, files: files.sort() };
}

/**
 * A development key ring for .dev.vars.example, made for this project: an EC P-256 key, as
 * AUTH_KEYS expects (`{ current, keys: { kid: JWK } }`). Checked in, so never for deploying.
 */
function devKeyRing() {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y, d } = privateKey.export({ format: "jwk" });
  return JSON.stringify({ current: "dev-1", keys: { "dev-1": { kty, crv, x, y, d } } });
}

/** The project's package.json: the template's, with its name and the @edgetick specs. */
function projectPackage(name, specs) {
  const pkg = JSON.parse(readFileSync(join(TEMPLATE, "package.json"), "utf8"));
  pkg.name = name;
  // The template's overrides stay: cbor-extract 2.2.2 is the release whose platform builds
  // the registry serves (a lock without them makes npm ci refuse it).
  // zod is the template's own (one copy, shared with @hono/zod-openapi): the packages peer it.
  pkg.dependencies = sorted({ ...pkg.dependencies, ...specs });
  // @edgetick/client and @edgetick/server depend on @edgetick/game by version: a local
  // tarball must stand in for it there too, or npm would look for it on the registry.
  if (Object.values(specs).some((s) => s.startsWith("file:")))
    pkg.overrides = {
      ...pkg.overrides,
      ...Object.fromEntries(EDGETICK_PACKAGES.map((p) => [p, `$${p}`])),
    };
  return pkg;
}

/** `record` with its keys in order. */
function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Paths of the files under `dir`, relative, with forward slashes. */
function walk(dir, prefix = "") {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}
