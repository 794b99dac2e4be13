// What wrangler.toml must hold for an environment to deploy, checked on wrangler's resolved
// config (`unstable_readConfig`) by `npm run check:deploy` and `npm run deploy`: the bindings
// an environment must repeat (wrangler does not inherit them), Durable Object migrations that
// create every class bound, and the checked-in placeholders a real deploy must not carry.

/** The database_id checked in for every D1 database: local storage accepts it, D1 does not. */
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-4000-8000-000000000000";

/**
 * The names an environment must declare again because wrangler does not inherit them, by
 * kind.
 * @param {import("./deploy-config.mjs").DeployConfig} config
 */
export function declaredNames(config) {
  return {
    "Durable Object binding": config.durable_objects.bindings.map((b) => b.name),
    "D1 binding": config.d1_databases.map((d) => d.binding),
    "R2 binding": (config.r2_buckets ?? []).map((b) => b.binding),
    "rate limit": config.ratelimits.map((r) => r.name),
    var: Object.keys(config.vars),
  };
}

/**
 * What environment `env` (its resolved config) misses of the top level's bindings and vars,
 * and the problems of its [[migrations]]: a tag twice, or a Durable Object class bound in
 * this Worker that no migration creates (Cloudflare refuses such a deploy; the dry run does
 * not notice).
 * @param {import("./deploy-config.mjs").DeployConfig} top
 * @param {import("./deploy-config.mjs").DeployConfig} config
 * @param {string} env
 * @returns {string[]}
 */
export function environmentProblems(top, config, env) {
  const problems = [];
  const names = declaredNames(config);
  for (const [kind, list] of Object.entries(declaredNames(top)))
    for (const name of list)
      if (!names[kind].includes(name))
        problems.push(`${kind} ${name} is declared at the top level but not in [env.${env}]`);
  const classes = new Set();
  const tags = new Set();
  for (const m of config.migrations) {
    if (tags.has(m.tag)) problems.push(`migration tag ${m.tag} appears twice`);
    tags.add(m.tag);
    for (const c of [...(m.new_classes ?? []), ...(m.new_sqlite_classes ?? [])]) classes.add(c);
    for (const { to } of m.transferred_classes ?? []) classes.add(to);
    for (const { from, to } of m.renamed_classes ?? []) {
      classes.delete(from);
      classes.add(to);
    }
    for (const c of m.deleted_classes ?? []) classes.delete(c);
  }
  for (const b of config.durable_objects.bindings)
    if (!b.script_name && !classes.has(b.class_name))
      problems.push(`${b.name}: no [[migrations]] tag creates class ${b.class_name}`);
  // The top level is local development: an environment on its bucket would mix its replays
  // with another environment's (and retention would delete them by the other's rules).
  for (const b of config.r2_buckets ?? []) {
    const local = (top.r2_buckets ?? []).find((t) => t.binding === b.binding);
    if (local && local.bucket_name === b.bucket_name)
      problems.push(
        `R2 binding ${b.binding}: [env.${env}] uses the top level's bucket ${b.bucket_name}; give each environment its own`,
      );
  }
  return problems;
}

/**
 * The checked-in placeholders `config` (environment `env`) still carries, each with what to
 * do about it: the all-zero database_id, routes on example.com.
 * @param {import("./deploy-config.mjs").DeployConfig} config
 * @param {string} env
 * @returns {string[]}
 */
export function placeholders(config, env) {
  const found = [];
  for (const d of config.d1_databases)
    if (d.database_id === PLACEHOLDER_DATABASE_ID)
      found.push(
        `[env.${env}] D1 ${d.binding}: database_id is the placeholder; run \`npx wrangler d1 create ${d.database_name}\` and put the printed id in wrangler.toml`,
      );
  for (const route of config.routes ?? []) {
    const pattern = typeof route === "string" ? route : route.pattern;
    const host = pattern.replace(/^\w+:\/\//, "").split("/")[0];
    if (host === "example.com" || host.endsWith(".example.com"))
      found.push(
        `[env.${env}] route ${pattern}: replace example.com with your domain (a zone in your account)`,
      );
  }
  return found;
}
