// The input-rate detector against honest clients and sped-up ones. An honest client makes one
// input per tick of its own clock, runs ahead of the room by up to its lead (speeding up by at
// most 10% to get there, as client/src does), and its frames reach the room late and bunched:
// latency, jitter, and stalls of up to two seconds after which everything held arrives at once.
// It must never be over the allowance. A client whose clock runs fast by 25% or more must be,
// within a bound of time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputRateWatch } from "./input-rate-watch.js";

const TICK_RATE = 30;
const TICK_MS = 1000 / TICK_RATE;

interface Session {
  /** Client clock rate (1: honest). */
  readonly rate: number;
  /** How far ahead the client settles, ms (≤ 500: half a 300 ms round trip, a buffer). */
  readonly leadMs: number;
  readonly latencyMs: number;
  readonly jitterMs: number;
  /** Start times and lengths of stalls of the link, ms. */
  readonly stalls: readonly (readonly [number, number])[];
  readonly seconds: number;
}

/** Arrival times (ms, room clock) of each input of a session, in order. */
function arrivals(s: Session, random: () => number): number[] {
  const out: number[] = [];
  // The client's input clock: its n-th input is made at n × tick / rate, minus its lead
  // (reached gradually: at most 10% faster than real time).
  let ahead = 0;
  let last = 0;
  for (let t = 0; t < s.seconds * 1000; ) {
    const speedUp = ahead < s.leadMs ? Math.min(0.1, (s.leadMs - ahead) / TICK_MS) : 0;
    const step = TICK_MS / (s.rate * (1 + speedUp));
    t += step;
    ahead += TICK_MS - step * s.rate;
    let at = t + s.latencyMs + random() * s.jitterMs;
    for (const [from, length] of s.stalls) if (at >= from && at < from + length) at = from + length;
    // An ordered stream: nothing overtakes.
    last = Math.max(last, at);
    out.push(last);
  }
  return out;
}

function firstExcess(times: readonly number[]): number | undefined {
  const watch = new InputRateWatch(TICK_RATE, 1);
  for (const at of times) if (watch.received(1, at)) return at;
  return undefined;
}

const session = (rate: fc.Arbitrary<number>) =>
  fc.record({
    rate,
    leadMs: fc.integer({ min: 0, max: 500 }),
    latencyMs: fc.integer({ min: 0, max: 200 }),
    jitterMs: fc.integer({ min: 0, max: 100 }),
    stalls: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 2000 })),
      { maxLength: 6 },
    ),
    seconds: fc.integer({ min: 5, max: 60 }),
  });

const seeded = (seed: number) => {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
};

describe("InputRateWatch", () => {
  it("never finds an honest client over the allowance", () => {
    fc.assert(
      fc.property(session(fc.constant(1)), fc.integer(), (s, seed) => {
        expect(firstExcess(arrivals(s, seeded(seed)))).toBeUndefined();
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it("finds a client running 25% fast or more within 3 s / (rate − 1) + its stalls", () => {
    fc.assert(
      fc.property(
        session(fc.double({ min: 1.25, max: 4, noNaN: true })),
        fc.integer(),
        (s, seed) => {
          const longer = { ...s, seconds: 60 };
          const caught = firstExcess(arrivals(longer, seeded(seed)));
          const stalled = s.stalls.reduce((sum, [, length]) => sum + length, 0);
          const bound = 3000 / (s.rate - 1) + s.latencyMs + s.jitterMs + stalled + 1000;
          expect(caught).toBeDefined();
          expect(caught!).toBeLessThanOrEqual(bound);
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  it("does not bank a long absence as credit for a later flood", () => {
    const watch = new InputRateWatch(TICK_RATE, 1);
    watch.received(1, 0);
    // Silent for a minute (a hidden tab), then 6 s of inputs at once: more than the 2 s of
    // shortfall carried, 2 s of credit and 1 s of lead allow.
    expect(watch.received(180, 60_000)).toBeDefined();
  });
});
