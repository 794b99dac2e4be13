import { describe, expect, it } from "vitest";
import { InputTiming } from "./input-timing.js";

describe("InputTiming", () => {
  it("lengthens the tick while inputs arrive early and shortens it while they starve", () => {
    const early = new InputTiming({ bufferTicks: 1, window: 3 });
    for (let i = 0; i < 3; i++) early.report(3, 5);
    // margin 3, target 1: 2 ticks early × 0.04 = 8% slower.
    expect(early.dilation).toBeCloseTo(0.08, 12);
    const late = new InputTiming({ bufferTicks: 1, window: 3 });
    late.report(-2, 5);
    // margin −2: 3 ticks short, 12%, capped at maxDilation 10%.
    expect(late.dilation).toBe(-0.1);
  });

  it("leaves the tick alone at the target and judges by the lowest report of the window", () => {
    const t = new InputTiming({ bufferTicks: 1, window: 4 });
    for (const r of [3, 1, 2, 3]) t.report(r, 5);
    // Batched frames saw-tooth the queue: the low point 1 is on target.
    expect(t.margin).toBe(1);
    expect(t.dilation).toBe(0);
  });

  it("jumps by the whole error once it reaches resyncTicks, then waits for it to show", () => {
    const t = new InputTiming({ bufferTicks: 1, window: 2, resyncTicks: 8 });
    expect(t.report(12, 3)).toBe(11);
    // Cooldown of settle + 2 = 5 reports: stale reports taken before the jump are ignored.
    for (let i = 0; i < 5; i++) expect(t.report(12, 3)).toBe(0);
    expect(t.report(1, 3)).toBe(0);
    expect(t.dilation).toBe(0);
  });
});
