// `npm run deploy -- --env <staging|production>`: deploys an environment of wrangler.toml
// (after `npm run build`, which the npm script runs first). In order:
//   1. refuses the checked-in placeholders (database_id, example.com routes): a deploy with
//      them fails half-way at Cloudflare;
//   2. `wrangler d1 migrations apply DB --remote --env <env>`: the schema is in place before
//      the code that needs it (forward-only migrations, so the old code keeps working on it);
//   3. `wrangler deploy --env <env>`, the bundle stamped with the build label (the git commit,
//      or EDGETICK_BUILD) that GET /v1/health reports.
// `--versions` uploads a version instead of deploying it (`wrangler versions upload`), for a
// gradual rollout with `wrangler versions deploy` (docs/deploy.md#gradual-rollout). Other
// arguments go to wrangler deploy (or versions upload), e.g. `--secrets-file`, `--dry-run`.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { experimental_readRawConfig, unstable_readConfig } from "wrangler";
import { placeholders } from "./deploy-config.mjs";
import { wrangler } from "./local-wrangler.mjs";
import { buildLabel } from "./worker-bundle.mjs";

const root = join(import.meta.dirname, "..");

const OWN = new Set(["env", "e", "config", "c", "versions"]);
const { values, tokens } = parseArgs({
  options: {
    env: { type: "string", short: "e" },
    config: { type: "string", short: "c" },
    versions: { type: "boolean" },
  },
  strict: false,
  tokens: true,
});
const env = typeof values.env === "string" ? values.env : undefined;
const configPath = typeof values.config === "string" ? values.config : join(root, "wrangler.toml");
// Everything but our own options, in order, for wrangler.
const passThrough = [];
for (const t of tokens) {
  if (t.kind === "option" && OWN.has(t.name)) continue;
  if (t.kind === "option") passThrough.push(t.rawName, ...(t.value === undefined ? [] : [t.value]));
  else if (t.kind === "positional") passThrough.push(t.value);
}

function refuse(message) {
  process.stderr.write(`deploy: ${message}\n`);
  process.exit(1);
}

if (!env)
  refuse(
    "name the environment: `npm run deploy -- --env staging` or `-- --env production` (the top level of wrangler.toml is local development)",
  );
const { rawConfig } = experimental_readRawConfig({ config: configPath });
if (!rawConfig.env?.[env])
  refuse(
    `wrangler.toml has no [env.${env}] (it has: ${Object.keys(rawConfig.env ?? {}).join(", ")})`,
  );
const config = unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
const found = placeholders(config, env);
if (found.length > 0) refuse(`not deploying with placeholders:\n  ${found.join("\n  ")}`);

/** Runs wrangler with `args`, its output on ours; exits with its code when it fails. */
function run(args) {
  process.stdout.write(`\n== wrangler ${args.join(" ")}\n`);
  try {
    execFileSync(process.execPath, [wrangler, ...args], { cwd: root, stdio: "inherit" });
  } catch (e) {
    process.exit(/** @type {{ status?: number }} */ (e).status ?? 1);
  }
}

const dryRun = passThrough.includes("--dry-run");
if (!dryRun)
  for (const d of config.d1_databases)
    run(["d1", "migrations", "apply", d.binding, "--remote", "--env", env, "-c", configPath]);
const build = buildLabel();
run([
  ...(values.versions ? ["versions", "upload"] : ["deploy"]),
  "--env",
  env,
  "-c",
  configPath,
  "--define",
  `EDGETICK_BUILD:${JSON.stringify(build)}`,
  ...passThrough,
]);
