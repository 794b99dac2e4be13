import { describe, expect, it } from "vitest";
import { ClockSync } from "./clock-sync.js";

describe("ClockSync", () => {
  it("takes the offset from the fastest sample of the window", () => {
    const c = new ClockSync({ window: 4 });
    // Server clock = local + 5000. A 100 ms round trip read the server at its midpoint (+50).
    c.add(0, 5050, 100);
    expect(c.offset).toBe(5000);
    // A slow sample (queued 80 ms on the way back): its midpoint guess is 40 ms off, ignored.
    c.add(1000, 6050, 1180);
    expect(c.offset).toBe(5000);
    expect(c.rtt).toBe(180);
    expect(c.minRtt).toBe(100);
    expect(c.serverTime(2000)).toBe(7000);
  });

  it("forgets the fastest sample once the window slides past it", () => {
    const c = new ClockSync({ window: 2 });
    c.add(0, 5050, 100); // rtt 100, offset 5000
    c.add(1000, 6070, 1140); // rtt 140, offset 5000
    c.add(2000, 7080, 2160); // rtt 160, offset 5000: the 100 ms sample is gone
    expect(c.minRtt).toBe(140);
    c.add(3000, 8100, 3120); // rtt 120, offset 5040
    expect(c.offset).toBe(5040);
  });

  it("measures jitter as the smoothed change between successive round trips", () => {
    const c = new ClockSync();
    c.add(0, 0, 100);
    expect(c.jitter).toBe(0);
    c.add(0, 0, 132);
    // |132 − 100| = 32, gain 1/16: 2 ms.
    expect(c.jitter).toBe(2);
  });
});
