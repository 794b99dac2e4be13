import { describe, expect, it } from "vitest";
import { SimulatedLink } from "./simulated-link.js";

function drain(link: SimulatedLink<number>, until: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t <= until; t++) for (const v of link.poll(t)) out.push([t, v]);
  return out;
}

describe("SimulatedLink", () => {
  it("delays every frame by the latency", () => {
    const link = new SimulatedLink<number>({ latencyMs: 50 });
    link.send(1, 0);
    link.send(2, 10);
    expect(drain(link, 100)).toEqual([
      [50, 1],
      [60, 2],
    ]);
  });

  it("retransmits a lost frame on an ordered link and holds back what follows", () => {
    const link = new SimulatedLink<number>({ latencyMs: 50, loss: 1, retransmitMs: 200 });
    link.send(1, 0); // lost: 50 + 200 = 250
    expect(drain(link, 1000)).toEqual([[250, 1]]);
    const mixed = new SimulatedLink<number>({ latencyMs: 50, retransmitMs: 200, seed: 7 });
    // Nothing overtakes on an ordered link, whatever the jitter.
    const jittery = new SimulatedLink<number>({ latencyMs: 50, jitterMs: 100, seed: 3 });
    for (let i = 0; i < 50; i++) jittery.send(i, i);
    expect(drain(jittery, 1000).map(([, v]) => v)).toEqual([...Array(50).keys()]);
    mixed.send(1, 0);
    expect(drain(mixed, 100)).toEqual([[50, 1]]);
  });

  it("drops, duplicates and reorders on an unordered link, the same way for the same seed", () => {
    const run = (seed: number) => {
      const link = new SimulatedLink<number>({
        latencyMs: 20,
        jitterMs: 60,
        loss: 0.2,
        duplicate: 0.1,
        ordered: false,
        seed,
      });
      for (let i = 0; i < 200; i++) link.send(i, i * 5);
      return drain(link, 2000).map(([, v]) => v);
    };
    const got = run(42);
    expect(run(42)).toEqual(got);
    expect(new Set(got).size).toBeLessThan(200); // some dropped
    expect(got.length).toBeGreaterThan(new Set(got).size); // some duplicated
    expect(got.some((v, i) => i > 0 && v < got[i - 1]!)).toBe(true); // some reordered
  });

  it("refuses a probability outside [0, 1]", () => {
    expect(() => new SimulatedLink({ loss: 1.5 })).toThrow("link.loss must be in [0, 1]");
  });
});
