// Starts a real `wrangler dev` for e2e and browser tests: free ports on 127.0.0.1, a fresh
// persistence directory with the D1 migrations applied, stopped with its process group.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, startDev } from "../../scripts/local-wrangler.mjs";

/** A running local server. */
export interface DevServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly persistTo: string;
  /** Everything wrangler printed, for failure messages. */
  readonly log: () => string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Applies migrations into `persistTo` (a new temp dir by default) and starts wrangler dev;
 * `build` stamps the bundle as a deploy does (`--define EDGETICK_BUILD`, reported by
 * GET /v1/health), so a restart with another label runs another bundle.
 */
export async function startDevServer(
  options: {
    persistTo?: string;
    timeoutMs?: number;
    port?: number;
    build?: string;
    /** Worker variables over wrangler.toml's (`--var`), e.g. TURN_URLS and TURN_SECRET. */
    vars?: Readonly<Record<string, string>>;
  } = {},
): Promise<DevServer> {
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), "edgetick-e2e-"));
  const ownsDir = options.persistTo === undefined;
  applyMigrations({ persistTo });
  // A given port lets a restarted server take over its predecessor's URL (clients reconnect).
  const port = options.port ?? (await freePort());
  const inspector = await freePort();
  const extraArgs = ["--inspector-port", String(inspector), "--log-level", "warn"];
  if (options.build) extraArgs.push("--define", `EDGETICK_BUILD:${JSON.stringify(options.build)}`);
  for (const [name, value] of Object.entries(options.vars ?? {}))
    extraArgs.push("--var", `${name}:${value}`);
  const child = startDev({ port, persistTo, stdio: ["ignore", "pipe", "pipe"], extraArgs });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output, options.timeoutMs ?? 60_000);
  return {
    url,
    persistTo,
    log: () => output,
    async stop() {
      await kill(child);
      if (ownsDir) rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** Resolves once `url` answers GET /v1/health with 200; rejects if `child` exits first. */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await kill(child);
  throw new Error(`the server did not become healthy within ${timeoutMs} ms:\n${log()}`);
}

/** Stops `child` and its process group (SIGTERM, SIGKILL after 5 s). */
export function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => signal(child, "SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    signal(child, "SIGTERM");
  });
}

function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, sig); // the whole group: wrangler and its workerd
  } catch {
    child.kill(sig);
  }
}
