// Build helpers of the packages that sit on top of @edgetick/game (@edgetick/client and
// @edgetick/server): shared/ ships once, as @edgetick/game, so their bundles and declarations
// import it from `@edgetick/game/internal/…` instead of carrying a copy. One copy matters:
// World, Query and the schema classes have #private fields, so two copies are two unrelated
// types to `tsc` and throw brand-check TypeErrors at runtime.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The folder @edgetick/game is compiled from. */
export const SHARED = join(ROOT, "shared");
/** Where the sibling packages import shared/ from (not public API: see packages/game). */
export const GAME_INTERNAL = "@edgetick/game/internal";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** Whether `file` (absolute) lies inside `dir`. */
function inside(dir, file) {
  const rel = relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

/** `@edgetick/game/internal/<path>.js` for an absolute path inside shared/ (a .js specifier). */
function internalSpecifier(file) {
  const rel = relative(SHARED, file).split(sep).join("/");
  return `${GAME_INTERNAL}/${rel.replace(/\.(ts|d\.ts)$/, ".js")}`;
}

/**
 * An esbuild plugin that leaves every import resolving into shared/ as an external import of
 * `@edgetick/game/internal/<path>.js`, the same module the game package ships.
 * @example
 * await build({ entryPoints: ["src/index.ts"], bundle: true, plugins: [sharedAsGamePackage()] });
 */
export function sharedAsGamePackage() {
  return {
    name: "shared-as-game-package",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        return inside(SHARED, target) ? { path: internalSpecifier(target), external: true } : null;
      });
    },
  };
}

// Module specifiers of a declaration file: `from "x"`, `import("x")`, `import "x"`.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\2/g;

/**
 * Emits the declarations of `tsconfig` (rootDir: the repository root) and writes those under
 * `base` into `outDir`, with every specifier that reaches into shared/ rewritten to
 * `@edgetick/game/internal/…`; shared/'s own declarations are dropped (the game package has
 * them). Throws if a declaration falls outside `base` and shared/, or if a rewritten file
 * still points into shared/.
 * @param {{ tsconfig: string, base: string, outDir: string }} options absolute paths
 * @returns {number} how many declaration files were written
 */
export function emitDeclarations({ tsconfig, base, outDir }) {
  const tmp = mkdtempSync(join(tmpdir(), "edgetick-dts-"));
  try {
    execFileSync(process.execPath, [tsc, "-p", tsconfig, "--outDir", tmp], { stdio: "inherit" });
    const tmpShared = join(tmp, relative(ROOT, SHARED));
    const tmpBase = join(tmp, relative(ROOT, base));
    rmSync(outDir, { recursive: true, force: true });
    let written = 0;
    for (const file of walk(tmp)) {
      if (inside(tmpShared, file)) continue;
      if (!inside(tmpBase, file)) throw new Error(`declaration outside ${base}: ${file}`);
      const text = readFileSync(file, "utf8").replace(SPECIFIER, (whole, lead, q, spec) => {
        if (!spec.startsWith(".")) return whole;
        const target = resolve(dirname(file), spec);
        return inside(tmpShared, target)
          ? `${lead}${q}${GAME_INTERNAL}/${relative(tmpShared, target).split(sep).join("/")}${q}`
          : whole;
      });
      if (/["'](\.\.\/)+shared\//.test(text)) throw new Error(`${file} still imports shared/`);
      const out = join(outDir, relative(tmpBase, file));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      written++;
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every file under `dir`, recursively. */
function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/**
 * Builds one package that imports shared/ from @edgetick/game: `entry` bundled into
 * `<dir>/dist/index.js` (npm dependencies, and `external`, stay imports so an application
 * holds one copy of each), its declarations under `<dir>/dist/types` from `tsconfig`, whose
 * sources sit under `base`. The dist folder is made anew.
 */
export async function buildPackage({ dir, entry, tsconfig, base, external = [] }) {
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outfile: join(dir, "dist/index.js"),
    bundle: true,
    format: "esm",
    // Browsers, Node and workerd alike: web-platform globals only; conditions are the
    // downstream bundler's concern.
    platform: "neutral",
    target: "es2022",
    sourcemap: true,
    packages: "external",
    external,
    plugins: [sharedAsGamePackage()],
    logLevel: "warning",
  });
  emitDeclarations({ tsconfig, base, outDir: join(dir, "dist/types") });
}
