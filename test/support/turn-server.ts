// Starts coturn (Debian's `coturn`, installed by .ci/run) on 127.0.0.1 for tests: a TURN
// server that takes the standard REST credentials the Worker issues (`use-auth-secret`
// with a shared secret), relaying on loopback addresses only. Stopped with the test.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, kill } from "./dev-server.js";

/** Where Debian installs coturn's server; EDGETICK_TURNSERVER overrides it. */
export const TURNSERVER_PATH = process.env.EDGETICK_TURNSERVER ?? "/usr/bin/turnserver";

/** A running TURN server. */
export interface TurnServer {
  /** e.g. turn:127.0.0.1:41234?transport=udp (the Worker's TURN_URLS). */
  readonly url: string;
  /** The shared secret (the Worker's TURN_SECRET). */
  readonly secret: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Starts coturn on a free port; resolves once it serves, rejects after `timeoutMs`. */
export async function startTurnServer(timeoutMs = 15_000): Promise<TurnServer> {
  if (!existsSync(TURNSERVER_PATH))
    throw new Error(
      `coturn not found at ${TURNSERVER_PATH}: install Debian's coturn (see .ci/run) or set EDGETICK_TURNSERVER`,
    );
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "edgetick-turn-"));
  const secret = randomBytes(16).toString("hex");
  // Relay ports from a range of their own, away from the ephemeral ports others take.
  const minPort = 40_000 + (port % 200) * 100;
  const child: ChildProcess = spawn(
    TURNSERVER_PATH,
    [
      "-n", // no configuration file
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 99}`,
      "--use-auth-secret",
      `--static-auth-secret=${secret}`,
      "--realm=edgetick.test",
      // Every peer of a test is on this machine: its relayed addresses are loopback ones.
      "--allow-loopback-peers",
      "--no-cli",
      "--no-tls",
      "--no-dtls",
      `--pidfile=${join(dir, "turnserver.pid")}`,
      `--userdb=${join(dir, "turndb")}`,
      "--log-file=stdout",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const stop = async () => {
    await kill(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + timeoutMs;
  while (!output.includes("Total General servers")) {
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`coturn did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `turn:127.0.0.1:${port}?transport=udp`, secret, log: () => output, stop };
}
