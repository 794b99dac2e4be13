import { describe, expect, it } from "vitest";
import type { Evidence } from "./fair-play-evidence.js";
import { escalationStep, StrikeLog } from "./strike-log.js";

const SPEED: Evidence = { detector: "speed", measured: 600, limit: 462, unit: "units/s" };
const CLOCK: Evidence = { detector: "clock", measured: 90, limit: 80, unit: "tick" };
const THREE_IN_10S = { strikes: 3, windowMs: 10_000 };
const LADDER = { flagAt: 2, kickAt: 3, banAt: 4, banMinutes: 60 };

describe("StrikeLog", () => {
  it("makes an offence of the threshold's strikes, one per second at most", () => {
    const log = new StrikeLog();
    // Thirty strikes within one second are one.
    for (let t = 0; t < 1000; t += 33) expect(log.strike(SPEED, THREE_IN_10S, t)).toBeUndefined();
    expect(log.strike(SPEED, THREE_IN_10S, 1000)).toBeUndefined();
    const offence = log.strike(SPEED, THREE_IN_10S, 2000);
    expect(offence).toEqual({ evidence: SPEED, strikes: 3, offences: 1 });
    // It starts over, still one strike a second at most.
    const once = { strikes: 1, windowMs: 10_000 };
    expect(log.strike(SPEED, once, 2500)).toBeUndefined();
    expect(log.strike(SPEED, once, 3000)?.offences).toBe(2);
  });

  it("forgets strikes older than the window", () => {
    const log = new StrikeLog();
    log.strike(SPEED, THREE_IN_10S, 0);
    log.strike(SPEED, THREE_IN_10S, 5000);
    // The first is 10 s old now: two in the window, not three.
    expect(log.strike(SPEED, THREE_IN_10S, 10_000)).toBeUndefined();
    expect(log.strike(SPEED, THREE_IN_10S, 11_000)?.offences).toBe(1);
  });

  it("counts each detector's strikes apart and the account's offences together", () => {
    const log = new StrikeLog();
    const once = { strikes: 1, windowMs: 1000 };
    expect(log.strike(SPEED, once, 0)?.offences).toBe(1);
    expect(log.strike(CLOCK, once, 0)?.offences).toBe(2);
    expect(log.offences).toBe(2);
  });
});

describe("escalationStep", () => {
  it("climbs log, flag, kick, ban", () => {
    expect([1, 2, 3, 4, 9].map((n) => escalationStep(n, LADDER))).toEqual([
      "log",
      "flag",
      "kick",
      "ban",
      "ban",
    ]);
  });

  it("skips a step set to Infinity", () => {
    const flagOnly = {
      ...LADDER,
      kickAt: Number.POSITIVE_INFINITY,
      banAt: Number.POSITIVE_INFINITY,
    };
    expect(escalationStep(50, flagOnly)).toBe("flag");
  });
});
