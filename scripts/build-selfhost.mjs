// `npm run build:selfhost`: everything `npm run selfhost` serves, in dist/selfhost/ — the
// Worker bundle exactly as `wrangler deploy` would upload it (worker/), the static assets
// (assets/) and selfhost.json: the bindings wrangler.toml declares, as Miniflare options, its
// cron triggers, and the D1 migrations split into statements. The self-hosted server then needs no wrangler, no
// sources and no wrangler.toml: the Docker image's runtime stage copies this folder alone.
//
// `-- --env NAME` takes the bindings and vars of a wrangler environment instead of the top
// level. EDGETICK_BUILD labels the build (default: the git commit; GET /v1/health reports it).
// Needs `npm run build` first (the demo's assets).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  unstable_getMiniflareWorkerOptions,
  unstable_readConfig,
  unstable_splitSqlQuery,
} from "wrangler";
import { parseCron } from "./cron-schedule.mjs";
import { buildLabel, bundleWorker } from "./worker-bundle.mjs";

const root = join(import.meta.dirname, "..");
/** Where `npm run selfhost` looks for what this script writes. */
export const SELFHOST_DIR = join(root, "dist", "selfhost");

/**
 * Worker options the self-hosted server supports; any other binding in wrangler.toml (KV,
 * queues, services, …) fails the build rather than silently missing at run time.
 */
const SUPPORTED = new Set([
  "rootPath",
  "compatibilityDate",
  "compatibilityFlags",
  "modulesRules",
  "bindings",
  "durableObjects",
  "d1Databases",
  // R2 buckets: kept on disk under DATA_DIR like D1.
  "r2Buckets",
  "ratelimits",
  // Cron triggers: scripts/selfhost.mjs calls the scheduled handler on their schedule.
  "cronTriggers",
  "assets",
  // Where the Worker answers on Cloudflare (an environment's routes): the self-hosted server
  // answers wherever it listens.
  "zone",
]);

/**
 * The Worker's modules for Miniflare, the entry first: `.js` files are ES modules, any other
 * file (wasm, text, data a bundle may carry beside it) takes the type of wrangler's module
 * rule for its extension.
 */
function moduleList(files, rules) {
  const byExtension = new Map();
  for (const rule of rules)
    for (const glob of rule.include) {
      const ext = /^\*\*\/\*(\.[\w.]+)$/.exec(glob)?.[1];
      if (ext && !byExtension.has(ext)) byExtension.set(ext, rule.type);
    }
  const typeOf = (file) => {
    if (/\.m?js$/.test(file)) return "ESModule";
    const type = [...byExtension].find(([ext]) => file.endsWith(ext))?.[1];
    if (!type) throw new Error(`build:selfhost: no module rule for ${file}`);
    return type;
  };
  const ordered = [...files].sort((a, b) => Number(b === "index.js") - Number(a === "index.js"));
  return ordered.map((file) => ({ type: typeOf(file), path: join("worker", file) }));
}

/** Whether `value` holds nothing: no entries, however deeply nested. */
function isEmpty(value) {
  if (Array.isArray(value)) return value.every(isEmpty);
  if (value && typeof value === "object") return Object.values(value).every(isEmpty);
  return value === undefined;
}

/**
 * Builds dist/selfhost for wrangler environment `env` (top level when undefined).
 * @param {{ env?: string, build?: string, log?: (line: string) => void }} [options]
 * @returns {{ dir: string, build: string, bytes: number }}
 */
export function buildSelfhost({ env, build = buildLabel(), log = () => {} } = {}) {
  // wrangler would announce the .dev.vars it reads; none of it reaches the build.
  process.env.WRANGLER_LOG ??= "warn";
  const configPath = join(root, "wrangler.toml");
  const config = unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath, env);
  const unsupported = Object.entries(workerOptions)
    .filter(([key, value]) => !SUPPORTED.has(key) && !isEmpty(value))
    .map(([key]) => key);
  if (unsupported.length > 0)
    throw new Error(
      `build:selfhost: wrangler.toml binds what the self-hosted server cannot provide: ${unsupported.join(", ")}`,
    );
  // A schedule the self-hosted server could not run fails the build, not the server's start.
  for (const cron of config.triggers?.crons ?? []) parseCron(cron);
  const assetsDir = workerOptions.assets?.directory;
  if (assetsDir && !existsSync(join(assetsDir, "index.html")))
    throw new Error(`build:selfhost: no ${assetsDir}/index.html — run \`npm run build\` first`);

  // Written beside the old build and renamed over it at the end: never half a build in place.
  const next = `${SELFHOST_DIR}.next`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const bundle = bundleWorker({ outdir: join(next, "worker"), env, build });
  rmSync(join(next, "worker", "README.md"), { force: true });
  if (assetsDir) cpSync(assetsDir, join(next, "assets"), { recursive: true });

  const migrationsDir = join(root, config.d1_databases[0]?.migrations_dir ?? "migrations");
  const migrations = config.d1_databases.length
    ? readdirSync(migrationsDir)
        .filter((f) => f.endsWith(".sql"))
        .sort()
        .map((name) => ({
          name,
          queries: unstable_splitSqlQuery(readFileSync(join(migrationsDir, name), "utf8")),
        }))
    : [];

  const selfhost = {
    build,
    environment: env ?? null,
    modules: moduleList(bundle.files, workerOptions.modulesRules ?? []),
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags ?? [],
    // The vars of wrangler.toml only: .dev.vars never reaches a build.
    vars: config.vars,
    durableObjects: workerOptions.durableObjects ?? {},
    // Binding names only: the database ids of wrangler.toml name Cloudflare databases, and a
    // new id must never point the server at a new, empty file.
    d1Databases: Object.keys(workerOptions.d1Databases ?? {}),
    // Binding names only, for the same reason: bucket names are Cloudflare's.
    r2Buckets: Object.keys(workerOptions.r2Buckets ?? {}),
    ratelimits: workerOptions.ratelimits ?? {},
    crons: config.triggers?.crons ?? [],
    assets: assetsDir
      ? {
          binding: workerOptions.assets.binding,
          routerConfig: workerOptions.assets.routerConfig,
          assetConfig: workerOptions.assets.assetConfig,
        }
      : null,
    migrations,
  };
  writeFileSync(join(next, "selfhost.json"), `${JSON.stringify(selfhost, null, 2)}\n`);
  rmSync(SELFHOST_DIR, { recursive: true, force: true });
  renameSync(next, SELFHOST_DIR);
  log(
    `build:selfhost: ${SELFHOST_DIR} (build ${build}${env ? `, env ${env}` : ""}; worker ${(bundle.bytes / 1024).toFixed(1)} KiB, ${migrations.length} D1 migrations)`,
  );
  return { dir: SELFHOST_DIR, build, bytes: bundle.bytes };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { env: { type: "string" } } });
  buildSelfhost({ env: values.env, log: (line) => process.stdout.write(`${line}\n`) });
}
