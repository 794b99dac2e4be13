// The peer bench's local server: a real `wrangler dev` on a free 127.0.0.1 port with a fresh
// persistence directory (D1 migrations applied), started with a bound on how long it may
// take and stopped with its process group, so a bench run leaves nothing running.

import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, startDev } from "../../../scripts/local-wrangler.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A running `wrangler dev`. */
export interface DevServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Everything wrangler printed, for error messages. */
  readonly log: () => string;
  /** Stops wrangler and its workerd (SIGTERM, SIGKILL after 5 s) and removes its storage. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no free port")),
      );
    });
  });
}

/**
 * Starts `wrangler dev` and resolves once GET /v1/health answers 200.
 * @throws Error when the demo assets are not built, or the server exits or is not healthy
 * within `timeoutMs` (it is stopped then)
 */
export async function startDevServer(timeoutMs = 90_000): Promise<DevServer> {
  // wrangler.toml serves demo/dist as assets; without it wrangler dev does not start.
  if (!existsSync(join(ROOT, "demo/dist")))
    throw new Error("demo/dist is missing: run `npm run build` before `npm run bench:peer`");
  const persistTo = mkdtempSync(join(tmpdir(), "edgetick-bench-peer-"));
  applyMigrations({ persistTo });
  const port = await freePort();
  const inspector = await freePort();
  const child = startDev({
    port,
    persistTo,
    stdio: ["ignore", "pipe", "pipe"],
    extraArgs: ["--inspector-port", String(inspector), "--log-level", "warn"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const server: DevServer = {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      await stop(child);
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      await server.stop();
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${server.url}/v1/health`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`wrangler dev was not healthy within ${timeoutMs} ms:\n${output}`);
}

/** Stops `child` and its process group: wrangler runs workerd as its own child. */
export function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => signal(child, "SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    signal(child, "SIGTERM");
  });
}

/** Sends `sig` to the process group `child` leads (it was spawned detached), else to it alone. */
export function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    child.kill(sig);
  }
}
