import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32.js";
import { PriorityAccumulator, starvationBound } from "./priority-accumulator.js";

/** A random scene: N always-pending entities with fixed weights and costs changing per tick. */
const scene = fc.record({
  n: fc.integer({ min: 1, max: 24 }),
  perTick: fc.integer({ min: 20, max: 400 }),
  burstTicks: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  ticks: fc.integer({ min: 50, max: 300 }),
});

describe("PriorityAccumulator", () => {
  it("never selects more bytes than its credits, and never waits longer than the bound", () => {
    fc.assert(
      fc.property(scene, ({ n, perTick, burstTicks, seed, ticks }) => {
        const random = mulberry32(seed);
        const burst = perTick * burstTicks;
        const acc = new PriorityAccumulator({
          capacity: n,
          bytesPerSecond: perTick * 30,
          tickRate: 30,
          burstBytes: burst,
        });
        // Weights in [1, 8] (base × distance factor), costs in [1, burst].
        const weight = Array.from({ length: n }, () => 1 + Math.floor(random() * 8));
        const maxCost = Math.max(1, Math.floor(random() * burst));
        const wMin = Math.min(...weight);
        const wMax = Math.max(...weight);
        const bound = starvationBound(n - 1, maxCost, wMin, wMax, perTick, burst);
        const lastSent = new Array<number>(n).fill(-1);
        const out = new Int32Array(n);
        const cost = new Array<number>(n).fill(0);
        for (let t = 0; t < ticks; t++) {
          for (let e = 0; e < n; e++) {
            cost[e] = 1 + Math.floor(random() * maxCost);
            acc.offer(e, cost[e]!, weight[e]!);
          }
          const available = Math.min(burst, acc.credits + perTick);
          const k = acc.select(out);
          let spent = 0;
          for (let i = 0; i < k; i++) {
            spent += cost[out[i]!]!;
            lastSent[out[i]!] = t;
          }
          expect(spent).toBeLessThanOrEqual(available + 1e-9);
          for (let e = 0; e < n; e++) expect(t - lastSent[e]!).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("sends a higher-weight entity at least as often as a lower one of equal cost (±1)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 10 }),
        (n, wLow, extra) => {
          const acc = new PriorityAccumulator({
            capacity: n,
            bytesPerSecond: 30 * 10,
            tickRate: 30,
          });
          const sends = new Array<number>(n).fill(0);
          const out = new Int32Array(n);
          // Entity 0 weighs more than entity 1; the rest sit in between or below. Cost 10 each,
          // 10 credits a tick: one entity a tick.
          for (let t = 0; t < 400; t++) {
            for (let e = 0; e < n; e++) {
              const w = e === 0 ? wLow + extra : e === 1 ? wLow : 1 + (e % wLow);
              acc.offer(e, 10, w);
            }
            const k = acc.select(out);
            for (let i = 0; i < k; i++) sends[out[i]!]!++;
          }
          expect(sends[0]).toBeGreaterThanOrEqual(sends[1]! - 1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("spreads a small budget by weight: near entities update more often than far ones", () => {
    const acc = new PriorityAccumulator({ capacity: 4, bytesPerSecond: 30 * 10, tickRate: 30 });
    const out = new Int32Array(4);
    const sends = [0, 0, 0, 0];
    // Distance factors 1, 1/2, 1/4, 1/8: one 10-byte update fits a tick.
    for (let t = 0; t < 300; t++) {
      for (let e = 0; e < 4; e++) acc.offer(e, 10, 1 / 2 ** e);
      const k = acc.select(out);
      for (let i = 0; i < k; i++) sends[out[i]!]!++;
    }
    // 300 sends shared in proportion to weight (8:4:2:1 of 15), within a send or two.
    expect(sends.reduce((a, b) => a + b, 0)).toBe(300);
    expect(sends[0]).toBeGreaterThan(sends[1]!);
    expect(sends[1]).toBeGreaterThan(sends[2]!);
    expect(sends[2]).toBeGreaterThan(sends[3]!);
    expect(sends[3]).toBeGreaterThan(0);
  });

  it("saves credits for an update larger than one tick instead of letting small ones pass", () => {
    const acc = new PriorityAccumulator({
      capacity: 2,
      bytesPerSecond: 30 * 10,
      tickRate: 30,
      burstBytes: 30,
    });
    const out = new Int32Array(2);
    acc.offer(0, 25, 10);
    acc.offer(1, 5, 1);
    // Tick 1: 10 credits, entity 0 (25 B) is first and does not fit: nothing goes.
    expect(acc.select(out)).toBe(0);
    acc.offer(0, 25, 10);
    acc.offer(1, 5, 1);
    expect(acc.select(out)).toBe(0);
    acc.offer(0, 25, 10);
    acc.offer(1, 5, 1);
    // Tick 3: 30 credits: entity 0 then entity 1 (25 + 5).
    expect(acc.select(out)).toBe(2);
    expect([...out]).toEqual([0, 1]);
  });

  it("refuses a budget that is not positive, naming the field", () => {
    expect(() => new PriorityAccumulator({ capacity: 1, bytesPerSecond: 0, tickRate: 30 })).toThrow(
      "budget.bytesPerSecond",
    );
  });
});
