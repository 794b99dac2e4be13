// runBots end to end in Node but without a server: a run stopped through its signal (the
// path Ctrl-C takes in the CLI) still resolves with a report covering the time played.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runBots } from "./run-bots.js";

/** A port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("runBots", () => {
  it("stops when its signal aborts and still reports, counting the bots that could not join", async () => {
    const port = await closedPort();
    const stop = new AbortController();
    let progressSeen = 0;
    const report = await runBots({
      url: `http://127.0.0.1:${port}`,
      game: "arena",
      bots: 3,
      threads: 1,
      // Far longer than the test: only the signal ends this run.
      seconds: 3600,
      onProgress: (p) => {
        progressSeen++;
        if (p.failed === 3) stop.abort();
      },
      signal: stop.signal,
    });
    expect(progressSeen).toBeGreaterThan(0);
    expect(report.stopped).toBe(true);
    expect(report.bots).toBe(3);
    expect(report.failed).toBe(3);
    expect(report.connected).toBe(0);
    expect(report.unexpectedDisconnects).toBe(0);
    expect(report.errors.length).toBe(3);
    expect(report.seconds).toBeLessThan(3600);
    // A worker thread loads the TypeScript sources through tsx first: seconds on a busy machine.
  }, 120_000);

  it("refuses bad options before starting any thread", async () => {
    await expect(runBots({ url: "nope", game: "arena", bots: 1, seconds: 1 })).rejects.toThrow(
      "url must be",
    );
  });
});
