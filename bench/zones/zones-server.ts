// The server bench:zones walks on: `wrangler dev` of this repository's Worker (workers/index.ts
// with wrangler.toml, so the world game, the zone rooms and WORLD_STATE), on a free port of
// 127.0.0.1, offline, with a fresh persistence directory and the D1 migrations applied. The
// Worker is bundled first and served with --no-bundle, as bench:load does: wrangler dev
// restarts workerd (every zone's state with it) when a watched source changes, and others
// edit this tree while a bench runs.

import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, startDev } from "../../scripts/local-wrangler.mjs";
import { bundleWorker } from "../load/load-server.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** How long wrangler dev may take to answer its health route, ms. */
const START_TIMEOUT_MS = 90_000;

/** A running local server. */
export interface ZonesServer {
  readonly url: string;
  readonly persistTo: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Starts wrangler dev and waits until GET /v1/health answers. */
export async function startZonesServer(): Promise<ZonesServer> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgetick-zones-"));
  applyMigrations({ persistTo });
  const bundle = bundleWorker(join(persistTo, "bundle"), join(ROOT, "workers/index.ts"));
  const port = await freePort();
  const extraArgs = [bundle, "--no-bundle", "--config", join(ROOT, "wrangler.toml")];
  extraArgs.push("--inspector-port", String(await freePort()), "--log-level", "warn");
  const child = startDev({ port, persistTo, stdio: ["ignore", "pipe", "pipe"], extraArgs });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child);
    rmSync(persistTo, { recursive: true, force: true });
  };
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    const ok = await fetch(`${url}/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`wrangler dev did not answer within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, persistTo, log: () => output, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** Stops wrangler and its workerd (its process group): SIGTERM, SIGKILL after 5 s. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(-child.pid!, "SIGTERM");
  });
}
