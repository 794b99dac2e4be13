// Starts the self-hosted server for e2e tests exactly as its container starts it: `npm run
// selfhost` with PORT, DATA_DIR and AUTH_KEYS in the environment (HOST left at its default,
// 127.0.0.1), serving the build in dist/selfhost; stopped with its process group.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDevVars } from "../../scripts/local-wrangler.mjs";
import { type DevServer, freePort, kill, waitForHealth } from "./dev-server.js";

const root = join(import.meta.dirname, "..", "..");
const BUILT = join(root, "dist", "selfhost", "selfhost.json");

/** The build label of dist/selfhost, or undefined when nothing is built there. */
export function selfhostBuild(): string | undefined {
  if (!existsSync(BUILT)) return undefined;
  return (JSON.parse(readFileSync(BUILT, "utf8")) as { build: string }).build;
}

/**
 * Builds dist/selfhost as `npm run build:selfhost` does after `npm run build` (which the e2e
 * scripts run first), labelled `build`. Asynchronous: clients of a running server keep
 * playing meanwhile.
 */
export function buildSelfhost(build: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(root, "scripts", "build-selfhost.mjs")],
      { cwd: root, env: { ...process.env, EDGETICK_BUILD: build } },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`build:selfhost failed: ${stderr || error.message}`)) : resolve(),
    ),
  );
}

/** `npm run <script>` with the npm that runs these tests (or the one on PATH). */
function npmRun(script: string): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli?.endsWith(".js")
    ? [process.execPath, [cli, "run", "--silent", script]]
    : ["npm", ["run", "--silent", script]];
}

/**
 * Starts `npm run selfhost` on `port` (a free one by default) with its data in `dataDir` (a
 * new temp dir by default, removed by stop()). The development key ring of
 * .dev.vars.example is its AUTH_KEYS, as wrangler dev's is in the other e2e runs.
 */
export async function startSelfhostServer(
  options: { dataDir?: string; port?: number; timeoutMs?: number } = {},
): Promise<DevServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "edgetick-selfhost-"));
  const ownsDir = options.dataDir === undefined;
  const port = options.port ?? (await freePort());
  const [file, args] = npmRun("selfhost");
  const child = spawn(file, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      AUTH_KEYS: readDevVars().AUTH_KEYS!,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output, options.timeoutMs ?? 60_000);
  return {
    url,
    persistTo: dataDir,
    log: () => output,
    async stop() {
      await kill(child);
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
