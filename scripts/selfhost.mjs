// `npm run selfhost`: the Worker bundle of dist/selfhost (`npm run build:selfhost`) served
// outside Cloudflare on workerd, through Miniflare — the runtime and the simulator `wrangler
// dev` runs on, here with everything kept on disk under DATA_DIR: Durable Object storage
// (SQLite per object), the D1 database (SQLite, migrated before the first request is
// answered) and the R2 bucket of replays; the rate limiters count in memory. wrangler.toml's
// cron triggers run here too: the Worker's scheduled handler at each matching UTC minute. One process, one machine: see
// docs/self-hosting.md for what that means at scale.
//
// Environment:
//   PORT       port to listen on (default 8787)
//   HOST       address to listen on (default 127.0.0.1; the container sets 0.0.0.0)
//   DATA_DIR   where storage lives (default ./data); keep it across restarts and upgrades
//   AUTH_KEYS  the signing key ring (required; docs/deploy.md#signing-keys)
//   TURN_SECRET, and every var of wrangler.toml (EDGETICK_ENV, OIDC_PROVIDERS, REGIONS, …):
//              taken from the environment when set, else wrangler.toml's value
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { parseCron } from "./cron-schedule.mjs";

const root = join(import.meta.dirname, "..");
const dir = join(root, "dist", "selfhost");

/**
 * Names the Worker reads from its environment besides the vars wrangler.toml sets: secrets
 * (never in wrangler.toml) and optional settings it leaves commented out. A name missing here
 * never reaches the Worker, so the process environment cannot leak into it wholesale.
 */
const FROM_ENVIRONMENT = ["AUTH_KEYS", "TURN_SECRET", "STUN_URLS", "TURN_URLS", "TURN_TTL_SECONDS"];

/** The D1 migration table wrangler keeps (server/d1/migrations.ts reads it for /v1/health). */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** A fatal configuration error: printed without a stack, exit code 78 (EX_CONFIG). */
function refuse(message) {
  process.stderr.write(`selfhost: ${message}\n`);
  process.exit(78);
}

/**
 * The settings of this process, from its environment.
 * @returns {{ port: number, host: string, dataDir: string }}
 */
function readSettings(env) {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    refuse(`PORT must be a port number (got "${env.PORT}")`);
  const dataDir = resolve(root, env.DATA_DIR ?? "data");
  return { port, host: env.HOST || "127.0.0.1", dataDir };
}

/**
 * The Worker's bindings of plain values: wrangler.toml's vars, each overridden by the
 * environment variable of its name, and the names of FROM_ENVIRONMENT that are set.
 */
function readBindings(config, env) {
  const bindings = { ...config.vars, EDGETICK_ENV: "selfhost" };
  for (const name of [...Object.keys(config.vars), ...FROM_ENVIRONMENT])
    if (env[name] !== undefined && env[name] !== "") bindings[name] = env[name];
  if (!bindings.AUTH_KEYS)
    refuse(
      "AUTH_KEYS is not set: the Worker signs and verifies every token with it. Generate a key " +
        "ring (docs/deploy.md#signing-keys) and pass it in the environment, e.g. " +
        "`AUTH_KEYS=$(cat auth-keys.json) npm run selfhost` or `docker run -e AUTH_KEYS …`.",
    );
  let ring;
  try {
    ring = JSON.parse(bindings.AUTH_KEYS);
  } catch (e) {
    refuse(`AUTH_KEYS is not JSON: ${e instanceof Error ? e.message : e}`);
  }
  if (typeof ring?.current !== "string" || typeof ring?.keys?.[ring.current] !== "object")
    refuse('AUTH_KEYS must be a key ring {"current": kid, "keys": {kid: <private JWK>, …}}');
  if (ring.current.startsWith("dev-"))
    process.stderr.write(
      `selfhost: warning: AUTH_KEYS holds "${ring.current}", the public development key of .dev.vars.example — anyone can mint tokens with it. Fine on a laptop, never on a server others reach.\n`,
    );
  return bindings;
}

/** Applies the migrations of the build that are not yet in `db`, in order, each atomically. */
async function migrate(db, migrations) {
  await db.prepare(MIGRATIONS_TABLE).run();
  const { results } = await db.prepare("SELECT name FROM d1_migrations").all();
  const applied = new Set(results.map((r) => r.name));
  const fresh = migrations.filter((m) => !applied.has(m.name));
  for (const m of fresh)
    await db.batch([
      ...m.queries.map((q) => db.prepare(q)),
      db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(m.name),
    ]);
  return fresh.map((m) => m.name);
}

const config = JSON.parse(
  (() => {
    const file = join(dir, "selfhost.json");
    if (!existsSync(file))
      refuse(`no build in ${dir}: run \`npm run build:selfhost\` (after \`npm run build\`) first`);
    return readFileSync(file, "utf8");
  })(),
);
const settings = readSettings(process.env);
const bindings = readBindings(config, process.env);
mkdirSync(settings.dataDir, { recursive: true });

/**
 * A Miniflare instance from options in the shape wrangler and Miniflare's own documentation
 * use (one Worker, bindings by kind), converted to this Miniflare's schema.
 */
function miniflare(options) {
  return new Miniflare(convertV4MiniflareOptions(options));
}

/** Miniflare settings both instances share: storage on disk, nothing sent anywhere. */
const instance = {
  // Everything persistent lives here: Durable Objects under do/, D1 under d1/, R2 under r2/.
  resourcePersistencePath: settings.dataDir,
  resourceTmpPath: join(settings.dataDir, "tmp"),
  // No request.cf lookup leaves the machine: a self-hosted server has no edge location to
  // report, so region detection falls back to the first region of REGIONS.
  cf: {},
  enableDevRegistry: false,
  logRequests: false,
  log: new Log(LogLevel.WARN),
};
/** A fixed id per D1 binding: the file never follows wrangler.toml's database_id. */
const d1Databases = Object.fromEntries(config.d1Databases.map((b) => [b, `selfhost-${b}`]));
/** A fixed bucket per R2 binding, likewise (builds before R2 had none). */
const r2Buckets = Object.fromEntries((config.r2Buckets ?? []).map((b) => [b, `selfhost-${b}`]));

// The migrations run on an instance of their own, on a loopback port nobody is told about, so
// the real one never answers a request from an unmigrated database.
if (config.d1Databases.length > 0) {
  const migrator = miniflare({
    ...instance,
    host: "127.0.0.1",
    port: 0,
    workers: [
      {
        name: "edgetick-selfhost-migrations",
        modules: true,
        script: "export default { fetch: () => new Response(null, { status: 503 }) };",
        compatibilityDate: config.compatibilityDate,
        d1Databases,
      },
    ],
  });
  try {
    for (const binding of config.d1Databases) {
      const applied = await migrate(await migrator.getD1Database(binding), config.migrations);
      if (applied.length > 0)
        process.stdout.write(`selfhost: ${binding}: applied ${applied.join(", ")}\n`);
    }
  } finally {
    await migrator.dispose();
  }
}

const mf = miniflare({
  ...instance,
  host: settings.host,
  port: settings.port,
  workers: [
    {
      // A fixed name: Durable Object storage is keyed by it, so wrangler.toml's `name` may
      // change without moving anyone's data.
      name: "edgetick-selfhost",
      modules: config.modules.map((m) => ({ ...m, path: join(dir, m.path) })),
      modulesRoot: dir,
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      bindings,
      durableObjects: config.durableObjects,
      d1Databases,
      r2Buckets,
      ratelimits: config.ratelimits,
      ...(config.assets && {
        assets: { directory: join(dir, "assets"), ...config.assets },
      }),
    },
  ],
});
await mf.ready;
process.stdout.write(
  `selfhost: build ${config.build} listening on ${settings.host}:${settings.port} (data in ${settings.dataDir}); health at /v1/health\n`,
);

/**
 * Runs the scheduled handler for every cron of the build that matches the UTC minute just
 * begun, then waits for the next minute; a failing run is logged, as Cloudflare logs a failed
 * cron invocation.
 */
const schedules = (config.crons ?? []).map((cron) => ({ cron, fires: parseCron(cron) }));
let cronTimer;
async function runCrons() {
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const worker = await mf.getWorker();
  for (const { cron, fires } of schedules) {
    if (!fires(minute)) continue;
    try {
      const { outcome } = await worker.scheduled({ scheduledTime: minute, cron });
      if (outcome !== "ok") process.stderr.write(`selfhost: cron "${cron}": ${outcome}\n`);
    } catch (e) {
      process.stderr.write(
        `selfhost: cron "${cron}" failed: ${e instanceof Error ? e.message : e}\n`,
      );
    }
  }
}
function nextMinute() {
  cronTimer = setTimeout(() => runCrons().finally(nextMinute), 60_000 - (Date.now() % 60_000));
}
if (schedules.length > 0) nextMinute();

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(cronTimer);
    // Storage is SQLite written transaction by transaction: nothing to flush. Rooms resume
    // from their last snapshot when the next process starts.
    await mf.dispose();
    process.exit(0);
  });
