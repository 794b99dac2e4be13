import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BotTally, emptyTally, mergeTallies, reportOf } from "./bots-report.js";
import { recordLatency } from "./latency-histogram.js";

const FACTS = {
  game: "arena",
  url: "http://127.0.0.1:8787",
  room: "bots",
  mode: undefined,
  seed: 1,
  threads: 2,
  bots: 4,
  seconds: 10,
  stopped: false,
};

function tally(parts: Partial<BotTally>): BotTally {
  return { ...emptyTally(), ...parts };
}

describe("bots report", () => {
  it("adds the threads' counters, close codes and byte totals", () => {
    const a = tally({
      bots: 2,
      joined: 2,
      connected: 1,
      reconnecting: 1,
      bytesIn: 100,
      disconnectsByCode: { "1006": 1 },
    });
    const b = tally({
      bots: 2,
      joined: 1,
      failed: 1,
      bytesIn: 50,
      disconnectsByCode: { "1006": 2, "4300": 1 },
    });
    const sum = mergeTallies([a, b]);
    expect(sum).toMatchObject({
      bots: 4,
      joined: 3,
      connected: 1,
      reconnecting: 1,
      failed: 1,
      bytesIn: 150,
    });
    expect(sum.disconnectsByCode).toEqual({ "1006": 3, "4300": 1 });
    expect(a.disconnectsByCode).toEqual({ "1006": 1 });
  });

  it("merging in any grouping gives the same sum", () => {
    const part = fc.record({
      bots: fc.nat(100),
      joined: fc.nat(100),
      unexpectedDisconnects: fc.nat(100),
      bytesIn: fc.nat(1e6),
      rtts: fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { maxLength: 20 }),
    });
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 6 }), fc.nat(), (parts, cut) => {
        const tallies = parts.map(({ rtts, ...counts }) => {
          const t = tally(counts);
          for (const r of rtts) recordLatency(t.rtt, r);
          return t;
        });
        const at = 1 + (cut % (tallies.length - 1));
        const grouped = mergeTallies([
          mergeTallies(tallies.slice(0, at)),
          mergeTallies(tallies.slice(at)),
        ]);
        expect(grouped).toEqual(mergeTallies(tallies));
      }),
      { seed: 19, numRuns: 100 },
    );
  });

  it("reports bytes per connected bot per second and rates over the run", () => {
    // 4 bots connected 9 s each = 36 bot-seconds; (27,000 + 9,000) bytes / 36 = 1,000 B/s.
    const report = reportOf(
      tally({ joined: 4, bytesIn: 27_000, bytesOut: 9_000, connectedSeconds: 36 }),
      FACTS,
    );
    expect(report.bytesPerClientSecond).toBe(1000);
    expect(report.bytesInPerSecond).toBe(2700);
    expect(report.bytesOutPerSecond).toBe(900);
    expect(report.connected).toBe(4);
    expect(report.room).toBe("bots");
    expect(report.mode).toBeNull();
  });

  it("reports zeros, not NaN, for a run in which nothing connected", () => {
    const report = reportOf(emptyTally(), { ...FACTS, seconds: 0 });
    expect(report.bytesPerClientSecond).toBe(0);
    expect(report.rttMsP99).toBe(0);
    expect(report.bytesInPerSecond).toBe(0);
  });
});
