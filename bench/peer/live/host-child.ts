// Runs host-process.ts in a child process (its own process group, through tsx with the
// bench's tsconfig) and follows what it prints; `kill()` ends it with SIGKILL, as a crash
// would, and `stop()` cleans up whatever is left.

import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { signal, stop } from "./dev-server.js";
import { until } from "./listen-run.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "../../..");

/** A listen host running in a child process. */
export class HostChild {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  #output = "";

  constructor(args: { baseUrl: string; signalUrl: string; ticket: string }) {
    this.#child = spawn(
      process.execPath,
      ["--import", "tsx", join(HERE, "host-process.ts"), JSON.stringify(args)],
      {
        cwd: ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, "bench/tsconfig.json") },
        stdio: ["ignore", "pipe", "pipe"],
        detached: process.platform !== "win32",
      },
    );
    let partial = "";
    this.#child.stdout?.on("data", (d: Buffer) => {
      partial += d.toString();
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      this.#lines.push(...lines);
    });
    this.#child.stderr?.on("data", (d: Buffer) => {
      this.#output += d.toString();
    });
  }

  /** Resolves once the child printed `line`; rejects if it exits first or after `ms`. */
  async printed(line: string, ms: number): Promise<void> {
    await until(
      () => {
        if (this.#child.exitCode !== null)
          throw new Error(`the host process exited with ${this.#child.exitCode}:\n${this.#output}`);
        return this.#lines.includes(line);
      },
      ms,
      `the host process printing "${line}"`,
    );
  }

  /** Kills the host process and its group at once (SIGKILL: no goodbye of any kind). */
  kill(): void {
    signal(this.#child, "SIGKILL");
  }

  /** Ends the process group if it still runs. */
  stop(): Promise<void> {
    return stop(this.#child, 1000);
  }
}
