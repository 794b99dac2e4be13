import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixedTicker } from "./fixed-ticker.js";

describe("FixedTicker", () => {
  it("counts the ticks due and keeps the rest as progress", () => {
    const t = new FixedTicker();
    expect(t.advance(0, 50, 10)).toBe(0);
    expect(t.advance(120, 50, 10)).toBe(2);
    expect(t.alpha).toBeCloseTo(0.4);
  });

  it("stretches the time left in the tick with its length", () => {
    const t = new FixedTicker();
    t.advance(0, 50, 10);
    expect(t.advance(40, 50, 10)).toBe(0);
    expect(t.advance(40, 40, 10)).toBe(0); // 80% of the way, whatever its length
    expect(t.alpha).toBeCloseTo(0.8);
    expect(t.advance(48, 40, 10)).toBe(1);
    expect(t.alpha).toBeCloseTo(0);
  });

  // A predicted entity is drawn `alpha` of the way to its next tick: when the dilation
  // changes the tick's length, the progress carries on from where it was (kept as time, a
  // 46 → 50 ms change drew a walker 0.09 units back).
  it("keeps the progress into the tick when the tick's length changes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 40 }),
            dilation: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (frames) => {
          const t = new FixedTicker();
          let now = 0;
          t.advance(now, 50, 10);
          for (const f of frames) {
            const before = t.alpha;
            const interval = 50 * (1 + f.dilation);
            // The same time with the new length: progress only moves forward (or wraps on a tick).
            const ticks = t.advance(now, interval, 10);
            expect(ticks).toBe(0);
            expect(t.alpha).toBeCloseTo(before, 9);
            now += f.dt;
            const n = t.advance(now, interval, 10);
            if (n === 0) expect(t.alpha).toBeGreaterThanOrEqual(before - 1e-9);
          }
        },
      ),
    );
  });
});
