// `npm run check:deploy`: proves, offline and with no Cloudflare account, that every
// environment of wrangler.toml would deploy, and reports the bundle against Cloudflare's size
// limit. For each [env.*]:
//   - `wrangler deploy --dry-run`: the config validates, the bundle builds, every Durable
//     Object class bound is exported by the entry; a wrangler warning fails the check (it
//     names vars and Durable Object bindings an environment forgot: they are not inherited);
//   - every D1 database, R2 bucket, rate limit, Durable Object binding and var of the top
//     level is declared in the environment too (wrangler does not warn about all of them),
//     and no environment shares the top level's (local) R2 bucket;
//   - the [[migrations]] create every Durable Object class bound, with unique tags;
//   - the bundle's size: raw against Cloudflare's limit, gzipped against our budget.
// Placeholders (the all-zero database_id, example.com routes) are listed, not failed: they
// are the checked-in defaults; `npm run deploy` refuses them (scripts/deploy-config.mjs).
// Needs the demo's assets built (`npm run build`, which `npm test` runs before it).
// `-- --config other.toml` checks another wrangler config.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { experimental_readRawConfig, unstable_readConfig } from "wrangler";
import { environmentProblems, placeholders } from "./deploy-config.mjs";
import { bundleWorker } from "./worker-bundle.mjs";

const MIB = 1024 * 1024;
/**
 * Cloudflare's Worker size limit, every plan: 64 MiB uncompressed
 * (https://developers.cloudflare.com/workers/platform/limits/#worker-size; wrangler 4.164
 * measures uploads against it, MAX_UNCOMPRESSED_SIZE_BYTES).
 */
const SIZE_LIMIT_BYTES = 64 * MIB;
/**
 * Our budget for the gzipped bundle: 3 MiB, the compressed limit of the Workers Free plan
 * until Cloudflare replaced the compressed limits (3 MiB Free, 10 MiB Paid) with the one
 * above. Staying under it keeps the Worker deployable on any account and quick to start.
 */
const GZIP_BUDGET_BYTES = 3 * MIB;

const root = join(import.meta.dirname, "..");
const { values } = parseArgs({ options: { config: { type: "string", short: "c" } } });
const configPath = values.config ? resolve(values.config) : join(root, "wrangler.toml");

/** `bytes` as KiB or MiB, one decimal. */
function size(bytes) {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

const started = Date.now();
const { rawConfig } = experimental_readRawConfig({ config: configPath });
const envs = Object.keys(rawConfig.env ?? {});
const top = unstable_readConfig({ config: configPath }, { hideWarnings: true });
const outdir = mkdtempSync(join(tmpdir(), "edgetick-check-deploy-"));
let failed = envs.length === 0;
if (failed) process.stderr.write("check:deploy: wrangler.toml declares no [env.*]\n");

try {
  for (const env of envs) {
    const config = unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
    const problems = environmentProblems(top, config, env);
    const notes = placeholders(config, env);

    let bundle;
    try {
      bundle = bundleWorker({ outdir: join(outdir, env), env, build: "check", config: configPath });
      const warning = bundle.output.indexOf("[WARNING]");
      if (warning >= 0) problems.push(`wrangler warns ${bundle.output.slice(warning).trim()}`);
      if (bundle.bytes > SIZE_LIMIT_BYTES)
        problems.push(
          `bundle ${size(bundle.bytes)} exceeds Cloudflare's ${size(SIZE_LIMIT_BYTES)}`,
        );
      if (bundle.gzipBytes > GZIP_BUDGET_BYTES)
        problems.push(
          `gzipped bundle ${size(bundle.gzipBytes)} exceeds the ${size(GZIP_BUDGET_BYTES)} budget`,
        );
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }

    const measured = bundle
      ? `${size(bundle.bytes)} (${((bundle.bytes / SIZE_LIMIT_BYTES) * 100).toFixed(1)} % of the ${size(SIZE_LIMIT_BYTES)} limit), gzip ${size(bundle.gzipBytes)} (${((bundle.gzipBytes / GZIP_BUDGET_BYTES) * 100).toFixed(1)} % of the ${size(GZIP_BUDGET_BYTES)} budget)`
      : "no bundle";
    process.stdout.write(
      `${problems.length === 0 ? "ok  " : "FAIL"} [env.${env}] ${config.name}: ${measured}; ${config.durable_objects.bindings.length} Durable Object bindings, ${config.migrations.length} migration tags\n`,
    );
    for (const p of problems) process.stdout.write(`     ✗ ${p}\n`);
    for (const n of notes) process.stdout.write(`     · ${n}\n`);
    failed ||= problems.length > 0;
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.stdout.write(
  `check:deploy ${failed ? "failed" : "passed"}: ${envs.length} environments in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
process.exit(failed ? 1 : 0);
