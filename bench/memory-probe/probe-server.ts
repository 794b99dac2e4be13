// wrangler dev serving bench/memory-probe's Worker on a free loopback port, offline, local
// observability off, in a fresh persistence directory: the server of memory-bisect.ts and
// memory-messages.ts.

import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OFFLINE_ENV, startDev } from "../../scripts/local-wrangler.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** A running probe server. */
export interface ProbeServer {
  readonly url: string;
  readonly port: number;
  /** wrangler's process group (its workerd processes are in it). */
  readonly pgid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts the probe Worker and waits until `/plain` answers. */
export async function startProbeServer(): Promise<ProbeServer> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgetick-probe-"));
  const [port, inspector] = [await freePort(), await freePort()];
  const child: ChildProcess = startDev({
    port,
    persistTo,
    stdio: ["ignore", "ignore", "inherit"],
    extraArgs: [
      "--config",
      join(here, "wrangler.json"),
      "--inspector-port",
      String(inspector),
      "--log-level",
      "error",
    ],
    env: { ...OFFLINE_ENV, X_LOCAL_OBSERVABILITY: "false" },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    await new Promise((r) => setTimeout(r, 2000));
    rmSync(persistTo, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    const up = await fetch(`${url}/plain`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (tries > 600) {
      await stop();
      throw new Error("wrangler dev did not answer");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pgid: child.pid!, stop };
}
