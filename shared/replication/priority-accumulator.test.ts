import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32.js";
import { ByteBudget } from "./byte-budget.js";
import { PriorityAccumulator, starvationBound } from "./priority-accumulator.js";

/** One tick of the writer's use: refill, plan within the credits, send all planned. */
function selectTick(
  acc: PriorityAccumulator,
  budget: ByteBudget,
  out: Int32Array,
  cost: (e: number) => number,
): number {
  budget.refill();
  const n = acc.plan(out, budget.credits);
  let spent = 0;
  for (let i = 0; i < n; i++) spent += cost(out[i]!);
  acc.commit(out, n);
  budget.spend(spent);
  return n;
}

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
        const acc = new PriorityAccumulator(n);
        const budget = new ByteBudget({
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
          const available = Math.min(burst, budget.credits + perTick);
          const k = selectTick(acc, budget, out, (e) => cost[e]!);
          let spent = 0;
          for (let i = 0; i < k; i++) {
            spent += cost[out[i]!]!;
            lastSent[out[i]!] = t;
          }
          // Plain comparisons in the loop, one expect on the first breach: 200 scenes × up to
          // 300 ticks × 24 entities of expect() calls took ~5 s on a loaded machine.
          if (spent > available + 1e-9) expect({ t, spent }).toEqual({ t, spent: available });
          for (let e = 0; e < n; e++) {
            if (t - lastSent[e]! > bound)
              expect({ t, e, waited: t - lastSent[e]! }).toEqual({ t, e, bound });
          }
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
          const acc = new PriorityAccumulator(n);
          const budget = new ByteBudget({ bytesPerSecond: 30 * 10, tickRate: 30, burstBytes: 20 });
          const sends = new Array<number>(n).fill(0);
          const out = new Int32Array(n);
          // Entity 0 weighs more than entity 1; the rest sit in between or below. Cost 10 each,
          // 10 credits a tick: one entity a tick.
          for (let t = 0; t < 400; t++) {
            for (let e = 0; e < n; e++) {
              const w = e === 0 ? wLow + extra : e === 1 ? wLow : 1 + (e % wLow);
              acc.offer(e, 10, w);
            }
            const k = selectTick(acc, budget, out, () => 10);
            for (let i = 0; i < k; i++) sends[out[i]!]!++;
          }
          expect(sends[0]).toBeGreaterThanOrEqual(sends[1]! - 1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("spreads a small budget by weight: near entities update more often than far ones", () => {
    const acc = new PriorityAccumulator(4);
    const budget = new ByteBudget({ bytesPerSecond: 30 * 10, tickRate: 30, burstBytes: 20 });
    budget.spend(budget.credits);
    const out = new Int32Array(4);
    const sends = [0, 0, 0, 0];
    // Distance factors 1, 1/2, 1/4, 1/8: one 10-byte update fits a tick.
    for (let t = 0; t < 300; t++) {
      for (let e = 0; e < 4; e++) acc.offer(e, 10, 1 / 2 ** e);
      const k = selectTick(acc, budget, out, () => 10);
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
    const acc = new PriorityAccumulator(2);
    const budget = new ByteBudget({ bytesPerSecond: 30 * 10, tickRate: 30, burstBytes: 30 });
    budget.spend(budget.credits);
    const out = new Int32Array(2);
    const cost = (e: number) => (e === 0 ? 25 : 5);
    acc.offer(0, 25, 10);
    acc.offer(1, 5, 1);
    // Tick 1: 10 credits, entity 0 (25 B) is first and does not fit: nothing goes.
    expect(selectTick(acc, budget, out, cost)).toBe(0);
    acc.offer(0, 25, 10);
    acc.offer(1, 5, 1);
    expect(selectTick(acc, budget, out, cost)).toBe(0);
    acc.offer(0, 25, 10);
    acc.offer(1, 5, 1);
    // Tick 3: 30 credits: entity 0 then entity 1 (25 + 5).
    expect(selectTick(acc, budget, out, cost)).toBe(2);
    expect([...out]).toEqual([0, 1]);
  });

  it("plans exactly the fitting prefix of the queue sorted by priority, ties by id", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.integer({ min: 1, max: 6 }),
            cost: fc.integer({ min: 1, max: 9 }),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        fc.integer({ min: 0, max: 900 }),
        (items, credits) => {
          const acc = new PriorityAccumulator(items.length);
          // Offered in a scrambled order; small integer weights make ties common.
          const order = items.map((_, i) => (i * 7919) % items.length);
          const seen = new Set<number>();
          for (const e of order) {
            if (seen.has(e)) continue;
            seen.add(e);
            acc.offer(e, items[e]!.cost, items[e]!.weight);
          }
          const ranked = [...seen].sort((a, b) => acc.priorityOf(b) - acc.priorityOf(a) || a - b);
          const want: number[] = [];
          let left = credits;
          for (const e of ranked) {
            if (items[e]!.cost > left) break;
            left -= items[e]!.cost;
            want.push(e);
          }
          const out = new Int32Array(items.length);
          const n = acc.plan(out, credits);
          expect([...out.subarray(0, n)]).toEqual(want);
          if (ranked.length > 0) expect(acc.best()).toBe(ranked[0]);
          acc.commit(out, n);
          expect(acc.size).toBe(seen.size - n);
          for (const e of want) expect(acc.isPending(e)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("forgets what it no longer needs to send, with its priority", () => {
    const acc = new PriorityAccumulator(3);
    acc.offer(0, 1, 5);
    acc.offer(1, 1, 5);
    acc.offer(2, 1, 5);
    acc.retain((e) => e !== 1);
    expect(acc.size).toBe(2);
    expect(acc.isPending(1)).toBe(false);
    expect(acc.priorityOf(1)).toBe(0);
    acc.offer(1, 1, 1);
    expect(acc.priorityOf(1)).toBe(1);
  });

  it("refuses a budget that is not positive, naming the field", () => {
    expect(() => new ByteBudget({ bytesPerSecond: 0, tickRate: 30 })).toThrow(
      "budget.bytesPerSecond",
    );
    expect(() => new ByteBudget({ bytesPerSecond: 300, tickRate: 30, burstBytes: 5 })).toThrow(
      "budget.burstBytes",
    );
  });
});
