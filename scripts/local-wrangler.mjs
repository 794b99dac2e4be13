// Runs wrangler locally and offline: no telemetry, no request.cf lookup, loopback only.
// Used by `npm run dev` and by the e2e and browser tests, so they start the same server.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** wrangler's bin script (its exports map hides it: found next to its package.json). */
export const wrangler = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);

/** The environment wrangler runs with: offline and silent about metrics. */
export const OFFLINE_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  // Never prompt: tests and CI have no terminal.
  CI: process.env.CI ?? "true",
  // wrangler 4.164's local observability (on by default) streams every invocation of the
  // Worker and its Durable Objects (each request, each WebSocket message) to an in-process
  // collector for the local explorer, and keeps it: measured, workerd's memory grew ~15 MiB a
  // second under 100 bots and the room's thread saturated at ~3,000 messages a second
  // (docs/reliability.md#memory). X_LOCAL_OBSERVABILITY=true turns it back on.
  X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
};

/** Local secrets wrangler reads, and the checked-in development defaults. */
export const DEV_VARS = join(root, ".dev.vars");
export const DEV_VARS_EXAMPLE = join(root, ".dev.vars.example");

/** Creates .dev.vars from .dev.vars.example if it is missing (it holds AUTH_KEYS). */
export function ensureDevVars() {
  if (!existsSync(DEV_VARS)) copyFileSync(DEV_VARS_EXAMPLE, DEV_VARS);
}

/**
 * Reads a dotenv file of `NAME=value` lines (values optionally in single or double quotes).
 * @param {string} file
 * @returns {Record<string, string>}
 */
export function readDevVars(file = DEV_VARS_EXAMPLE) {
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const raw = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    vars[m[1]] = quoted ? quoted[2] : raw;
  }
  return vars;
}

/** Applies the D1 migrations to local storage (under `persistTo`, or .wrangler/state). */
export function applyMigrations({ persistTo } = {}) {
  const args = [wrangler, "d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  execFileSync(process.execPath, args, {
    cwd: root,
    env: OFFLINE_ENV,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/**
 * Starts `wrangler dev` on 127.0.0.1 and returns the child process.
 * `env` replaces OFFLINE_ENV (a bench comparing wrangler's settings passes its own).
 * @param {{ port?: number, persistTo?: string, stdio?: import("node:child_process").StdioOptions, extraArgs?: string[], env?: NodeJS.ProcessEnv }} options
 */
export function startDev({
  port = 8787,
  persistTo,
  stdio = "inherit",
  extraArgs = [],
  env = OFFLINE_ENV,
} = {}) {
  // Rooms and sign-in need AUTH_KEYS: fall back to the development key ring.
  ensureDevVars();
  const args = [
    wrangler,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--show-interactive-dev-session=false",
  ];
  if (persistTo) args.push("--persist-to", persistTo);
  args.push(...extraArgs);
  return spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio,
    detached: process.platform !== "win32",
  });
}
