// Runs wrangler locally and offline: no telemetry, no request.cf lookup, loopback only.
// Used by `npm run dev` and by the e2e test, so both start the same server.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// wrangler's exports map hides its bin script: find it next to the package.json.
const wrangler = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);

/** The environment wrangler runs with: offline, silent about metrics, never prompting. */
export const OFFLINE_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: process.env.CI ?? "true",
  // wrangler's local observability (on by default) streams every invocation, each WebSocket
  // message included, to an in-process collector and keeps it: a busy room's thread saturates
  // and workerd's memory climbs (edgetick's docs/reliability.md#memory, measured under 100
  // bots). X_LOCAL_OBSERVABILITY=true turns it back on.
  X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
};

const DEV_VARS = join(root, ".dev.vars");
const DEV_VARS_EXAMPLE = join(root, ".dev.vars.example");

/** Reads a dotenv file of `NAME=value` lines (values optionally quoted). */
export function readDevVars(file = DEV_VARS_EXAMPLE) {
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const quoted = /^(['"])(.*)\1$/.exec(m[2]);
    vars[m[1]] = quoted ? quoted[2] : m[2];
  }
  return vars;
}

/**
 * Applies the D1 migrations to local storage (under `persistTo`, or .wrangler/state); `quiet`
 * keeps wrangler's report out of the output unless it fails.
 */
export function applyMigrations({ persistTo, quiet = false } = {}) {
  const args = [wrangler, "d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  execFileSync(process.execPath, args, {
    cwd: root,
    env: OFFLINE_ENV,
    stdio: ["ignore", quiet ? "pipe" : "inherit", "inherit"],
  });
}

/** Starts `wrangler dev` on 127.0.0.1 (creating .dev.vars if missing) and returns the child. */
export function startDev({ port = 8787, persistTo, stdio = "inherit", extraArgs = [] } = {}) {
  if (!existsSync(DEV_VARS)) copyFileSync(DEV_VARS_EXAMPLE, DEV_VARS);
  const args = [wrangler, "dev", "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--show-interactive-dev-session=false");
  if (persistTo) args.push("--persist-to", persistTo);
  args.push(...extraArgs);
  return spawn(process.execPath, args, {
    cwd: root,
    env: OFFLINE_ENV,
    stdio,
    // Its own process group, so a test can stop wrangler and workerd together.
    detached: process.platform !== "win32",
  });
}
