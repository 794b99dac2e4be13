// The bots CLI end to end: `edgetick-bots` as a real process (npm run bots) against a real
// wrangler dev. Four bots play the arena for a few seconds and the JSON report says so;
// another run stopped with SIGINT (Ctrl-C) ends cleanly and still writes its report.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

const BIN = fileURLToPath(new URL("../../packages/bots/bin/edgetick-bots.mjs", import.meta.url));

let server: DevServer;
const dir = mkdtempSync(join(tmpdir(), "edgetick-bots-"));

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

/** Starts the CLI; `output()` is everything it printed so far. */
function bots(args: readonly string[]): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, "--url", server.url, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exit };
}

function reportAt(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

describe("edgetick-bots", () => {
  it("plays 4 arena bots for 6 s and writes the report", async () => {
    const file = join(dir, "run.json");
    const run = bots([
      "--bots",
      "4",
      "--seconds",
      "6",
      "--threads",
      "2",
      "--room",
      "bots-e2e",
      "--json",
      file,
    ]);
    const code = await run.exit;
    expect(code, run.output()).toBe(0);
    const report = reportAt(file);
    expect(report).toMatchObject({
      game: "arena",
      room: "bots-e2e",
      bots: 4,
      threads: 2,
      stopped: false,
      connected: 4,
      connectedAtEnd: 4,
      failed: 0,
      unexpectedDisconnects: 0,
      disconnectsByCode: {},
      errors: [],
    });
    expect(report.rttSamples).toBeGreaterThan(0);
    expect(report.rttMsP99).toBeGreaterThan(0);
    expect(report.bytesPerClientSecond).toBeGreaterThan(0);
    expect(run.output()).toContain("4 of 4 bots joined");
  }, 180_000);

  it("stops on SIGINT, exits 0 and still writes the report", async () => {
    const file = join(dir, "stopped.json");
    // Far longer than the test: only the signal ends it.
    const run = bots([
      "--bots",
      "4",
      "--seconds",
      "3600",
      "--threads",
      "1",
      "--room",
      "bots-sigint",
      "--json",
      file,
    ]);
    await eventually(
      () => /connected 4 .*rtt p50 (?!0\.0 ms)/.test(run.output()),
      "4 bots connected, RTT measured",
      120_000,
    );
    run.child.kill("SIGINT");
    const code = await run.exit;
    expect(code, run.output()).toBe(0);
    expect(run.output()).toContain("SIGINT: stopping the bots");
    const report = reportAt(file);
    expect(report).toMatchObject({
      bots: 4,
      stopped: true,
      connected: 4,
      connectedAtEnd: 4,
      unexpectedDisconnects: 0,
    });
    expect(report.seconds).toBeLessThan(3600);
  }, 180_000);
});
