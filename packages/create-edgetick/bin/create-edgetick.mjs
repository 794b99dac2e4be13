#!/usr/bin/env node
// `npm create edgetick <dir>` (or `npx create-edgetick <dir>`): writes a new game project.
import { parseArgs } from "node:util";
import { generateProject } from "../generate.mjs";

const USAGE = "usage: create-edgetick <dir> [--name <worker-name>]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help || positionals.length !== 1) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
try {
  const project = generateProject({ dir: positionals[0], name: values.name });
  process.stdout.write(
    `Created ${project.name} in ${project.dir} (${project.files.length} files).\n\n` +
      `  cd ${positionals[0]}\n  npm install\n  npm test      # typecheck, workerd and e2e tests\n` +
      `  npm run dev   # http://127.0.0.1:8787\n`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
