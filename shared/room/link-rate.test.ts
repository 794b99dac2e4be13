import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LinkRate, type LinkRateLimits } from "./link-rate.js";

const limits: LinkRateLimits = {
  tickRate: 30,
  backpressureBytes: 64 * 1024,
  maxAckLagTicks: 30,
  floorBytesPerSecond: 1024,
};

describe("LinkRate", () => {
  it("uses the lower of the room's budget and the client's cap, never below the floor", () => {
    const rate = new LinkRate(limits, 64_000);
    expect(rate.bytesPerSecond).toBe(64_000);
    expect(rate.setClientCap(8_000)).toBe(true);
    expect(rate.bytesPerSecond).toBe(8_000);
    rate.setClientCap(100);
    expect(rate.bytesPerSecond).toBe(1024);
    rate.setClientCap(0);
    expect(rate.bytesPerSecond).toBe(64_000);
    rate.setBase(20_000);
    expect(rate.bytesPerSecond).toBe(20_000);
  });

  it("halves while the socket backs up, once per quarter second, and recovers when clear", () => {
    const rate = new LinkRate(limits, 64_000);
    const backlog = 100_000;
    expect(rate.observe(backlog, 0)).toBe(true);
    expect(rate.bytesPerSecond).toBe(32_000);
    // The next 7 ticks (a quarter second at 30 Hz) wait for the cut to show.
    for (let i = 0; i < 7; i++) expect(rate.observe(backlog, 0)).toBe(false);
    expect(rate.observe(backlog, 0)).toBe(true);
    expect(rate.bytesPerSecond).toBe(16_000);
    // Between half the threshold and the threshold: hold.
    expect(rate.observe(40_000, 0)).toBe(false);
    let ticks = 0;
    while (rate.scale < 1 && ticks < 1000) {
      rate.observe(0, 0);
      ticks++;
    }
    expect(rate.bytesPerSecond).toBe(64_000);
    // From 1/4 back to 1 at 1/60 per tick: 45 ticks, a second and a half.
    expect(ticks).toBe(45);
  });

  it("counts a client that does not acknowledge what it was sent as backed up", () => {
    const rate = new LinkRate(limits, 64_000);
    expect(rate.observe(0, 30)).toBe(false);
    expect(rate.observe(0, 31)).toBe(true);
    expect(rate.bytesPerSecond).toBe(32_000);
  });

  it("stays within [floor, min(budget, cap)] and never rises while backed up", () => {
    const step = fc.record({ buffered: fc.nat({ max: 200_000 }), lag: fc.nat({ max: 90 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1024, max: 1_000_000 }),
        fc.nat({ max: 500_000 }),
        fc.array(step, { maxLength: 300 }),
        (base, cap, steps) => {
          const rate = new LinkRate(limits, base);
          rate.setClientCap(cap);
          const top = Math.max(limits.floorBytesPerSecond, cap > 0 ? Math.min(base, cap) : base);
          for (const s of steps) {
            const before = rate.bytesPerSecond;
            rate.observe(s.buffered, s.lag);
            expect(rate.bytesPerSecond).toBeGreaterThanOrEqual(limits.floorBytesPerSecond);
            expect(rate.bytesPerSecond).toBeLessThanOrEqual(top);
            if (s.buffered > limits.backpressureBytes || s.lag > limits.maxAckLagTicks)
              expect(rate.bytesPerSecond).toBeLessThanOrEqual(before);
          }
        },
      ),
    );
  });
});
