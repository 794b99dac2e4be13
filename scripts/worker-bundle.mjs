// The Worker bundle exactly as `wrangler deploy` would upload it, built offline with
// `wrangler deploy --dry-run --outdir`: config validated, bindings resolved, Durable Object
// classes checked against the entry's exports. Shared by `npm run check:deploy` (each
// environment, size against Cloudflare's limit) and `npm run build:selfhost` (the bundle the
// self-hosted server runs).
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { gzipSync } from "node:zlib";
import { OFFLINE_ENV, wrangler } from "./local-wrangler.mjs";

const root = join(import.meta.dirname, "..");

/**
 * The label stamped into a bundle as EDGETICK_BUILD (workers/build-stamp.ts), reported by
 * GET /v1/health: the EDGETICK_BUILD environment variable, else the git commit (with
 * `-dirty` when the tree has changes), else "dev" (no git, e.g. inside a Docker build).
 * @returns {string}
 */
export function buildLabel() {
  if (process.env.EDGETICK_BUILD) return process.env.EDGETICK_BUILD;
  try {
    return execFileSync("git", ["describe", "--always", "--dirty", "--exclude", "*"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "dev";
  }
}

/**
 * Bundles the Worker of `env` (a wrangler environment; the top level when undefined) into
 * `outdir`, stamped with `build`, from `config` (default: wrangler.toml). Throws with
 * wrangler's output when wrangler refuses.
 * @param {{ outdir: string, env?: string, build: string, config?: string }} options
 * @returns {{ output: string, files: string[], bytes: number, gzipBytes: number }} the
 *   modules written (source maps and wrangler's README aside) and their total size, raw and
 *   gzipped as wrangler measures it (one gzip stream over the modules, default level)
 */
export function bundleWorker({ outdir, env, build, config }) {
  const args = [wrangler, "deploy", "--dry-run", "--outdir", outdir];
  if (config) args.push("--config", config);
  if (env) args.push("--env", env);
  args.push("--define", `EDGETICK_BUILD:${JSON.stringify(build)}`);
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    env: OFFLINE_ENV,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Warnings and errors go to stderr: both streams are the output a check reads, without the
  // colours wrangler adds even when FORCE_COLOR=0.
  const output = stripVTControlCharacters(`${run.stdout ?? ""}${run.stderr ?? ""}`);
  if (run.status !== 0)
    throw new Error(`wrangler deploy --dry-run${env ? ` --env ${env}` : ""} failed:\n${output}`);
  const files = readdirSync(outdir).filter((f) => f !== "README.md" && !f.endsWith(".map"));
  const contents = files.map((f) => readFileSync(join(outdir, f)));
  const all = Buffer.concat(contents);
  return { output, files, bytes: all.byteLength, gzipBytes: gzipSync(all).byteLength };
}
