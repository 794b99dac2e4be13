// `npm run test:generator`: the generator's round trip, as a studio meets it. Generates a
// project into a temp folder with `npm run new-game`, installs it (the npm registry and the
// packed tarballs only), runs its `npm test` (typecheck, workerd tests, two clients on
// wrangler dev), builds its page and checks that `npm run dev` serves it, then removes the
// folder. EDGETICK_KEEP_GENERATED=1 keeps it for a look.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./package-build.mjs";

const MINUTE = 60_000;
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), "edgetick-generator-"));
const project = join(work, "my-game");
const npmCli = process.env.npm_execpath;
// The project's npm runs as a studio's would: none of this repo's `npm run` environment.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$)/i.test(k)),
);

/** Runs npm with `args` in `cwd`, streaming its output; rejects on failure or after `ms`. */
function npm(args, cwd, ms) {
  const [file, argv] = npmCli?.endsWith(".js")
    ? [process.execPath, [npmCli, ...args]]
    : ["npm", args];
  const step = Date.now();
  process.stdout.write(`\n== npm ${args.join(" ")} (in ${cwd})\n`);
  return new Promise((resolve, reject) => {
    const env = cwd === ROOT ? process.env : cleanEnv;
    const child = spawn(file, argv, { cwd, env, stdio: "inherit", detached: true });
    const timer = setTimeout(() => {
      kill(child);
      reject(new Error(`npm ${args.join(" ")} took longer than ${ms / 1000} s`));
    }, ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      process.stdout.write(`== ${((Date.now() - step) / 1000).toFixed(1)} s\n`);
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(" ")} exited with ${code}`));
    });
  });
}

/** Stops `child` and everything it started (its process group). */
function kill(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/** The pinned versions the project must share with this repo. */
function checkPins() {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const made = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  const ours = { ...root.dependencies, ...root.devDependencies };
  const theirs = { ...made.dependencies, ...made.devDependencies };
  const differ = Object.entries(theirs).filter(
    ([name, version]) => name in ours && ours[name] !== version,
  );
  if (differ.length > 0)
    throw new Error(
      `the template pins other versions than this repo: ${differ
        .map(([n, v]) => `${n} ${v} (repo: ${ours[n]})`)
        .join(", ")} — update packages/create-edgetick/template/package.json`,
    );
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `npm run dev` on a free port serves the page, its bundle and the API. */
async function checkDev() {
  const port = await freePort();
  const [file, argv] = npmCli?.endsWith(".js")
    ? [process.execPath, [npmCli, "run", "dev"]]
    : ["npm", ["run", "dev"]];
  process.stdout.write(`\n== npm run dev (PORT=${port})\n`);
  const child = spawn(file, argv, {
    cwd: project,
    env: { ...cleanEnv, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    const until = Date.now() + 2 * MINUTE;
    while (!(await fetch(`${base}/v1/health`).catch(() => undefined))?.ok) {
      if (child.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
      if (Date.now() > until) throw new Error(`npm run dev did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = await (await fetch(`${base}/`)).text();
    const script = await fetch(`${base}/main.js`);
    const games = await (await fetch(`${base}/v1/games`)).json();
    if (!page.includes('src="/main.js"')) throw new Error(`/ is not the page:\n${page}`);
    if (!script.ok) throw new Error(`/main.js answered ${script.status}`);
    if (games.games?.[0]?.name !== "dots") throw new Error(`/v1/games: ${JSON.stringify(games)}`);
    process.stdout.write(`== serves /, /main.js and /v1/games (dots)\n`);
  } finally {
    kill(child);
  }
}

try {
  await npm(["run", "new-game", "--", project], ROOT, 5 * MINUTE);
  checkPins();
  await npm(["install", "--prefer-offline", "--no-audit", "--no-fund"], project, 10 * MINUTE);
  await npm(["test"], project, 10 * MINUTE);
  await checkDev();
  process.stdout.write(
    `\ntest:generator passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  if (process.env.EDGETICK_KEEP_GENERATED === "1") process.stdout.write(`kept ${project}\n`);
  else rmSync(work, { recursive: true, force: true });
}
