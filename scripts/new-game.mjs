// `npm run new-game -- <dir>`: generates a standalone game project in <dir> with
// create-edgetick, depending on this checkout's packages through `npm pack` tarballs in
// <dir>/vendor/ (until they are published), so that `npm install` there needs nothing but the
// npm registry.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateProject } from "../packages/create-edgetick/generate.mjs";
import { packPackages, RUNTIME_PACKAGES } from "./pack-packages.mjs";

const [dir, ...rest] = process.argv.slice(2);
if (!dir || rest.length > 0) {
  console.error("usage: npm run new-game -- <dir>");
  process.exit(2);
}
// npm runs scripts in the repository root; <dir> is relative to where npm was started.
const root = resolve(process.env.INIT_CWD ?? process.cwd(), dir);
if (existsSync(root) && readdirSync(root).length > 0) {
  console.error(`new-game: ${root} exists and is not empty`);
  process.exit(1);
}
// Packed first (the project folder must be empty for the generator), then moved in.
const packs = mkdtempSync(join(tmpdir(), "edgetick-packs-"));
const tarballs = packPackages(packs, RUNTIME_PACKAGES);
const project = generateProject({
  dir: root,
  packages: Object.fromEntries(
    RUNTIME_PACKAGES.map((name) => [name, `file:vendor/${tarballs[name]}`]),
  ),
});
mkdirSync(join(root, "vendor"));
for (const file of Object.values(tarballs))
  copyFileSync(join(packs, file), join(root, "vendor", file));
rmSync(packs, { recursive: true, force: true });
process.stdout.write(
  `Created ${project.name} in ${project.dir}: ${project.files.length} files and vendor/ ` +
    `(${Object.values(tarballs).join(", ")}).\n\n  cd ${dir}\n  npm install\n` +
    "  npm test      # typecheck, workerd and e2e tests\n  npm run dev   # http://127.0.0.1:8787\n",
);
