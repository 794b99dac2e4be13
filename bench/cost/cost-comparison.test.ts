import { describe, expect, it } from "vitest";
import {
  compareCounts,
  independentCounts,
  meteredCounts,
  perMatchSlope,
  relativeDifference,
} from "./cost-comparison.js";

const usage = {
  activeMs: 61_250,
  wsMessagesIn: 18_700,
  wsMessagesOut: 18_420,
  bytesIn: 374_000,
  bytesOut: 2_500_000,
};

const frames = {
  framesSent: 18_700,
  bytesSent: 374_000,
  framesReceived: 18_400,
  bytesReceived: 2_497_500,
};

describe("the cost bench's comparison", () => {
  it("reads the bots' sent frames as the room's incoming ones, and received as outgoing", () => {
    expect(independentCounts(frames, 61.2)).toEqual({
      messagesIn: 18_700,
      messagesOut: 18_400,
      bytesIn: 374_000,
      bytesOut: 2_497_500,
      activeSeconds: 61.2,
    });
  });

  it("reads the metered active time in seconds", () => {
    expect(meteredCounts(usage).activeSeconds).toBe(61.25);
  });

  it("names the counter with the largest relative difference", () => {
    const c = compareCounts(meteredCounts(usage), independentCounts(frames, 61.2));
    // Messages out: 20 ÷ 18,400 = 0.001087; bytes out: 2,500 ÷ 2,497,500 = 0.001001;
    // active: 0.05 ÷ 61.2 = 0.000817; messages and bytes in match.
    expect(c.worst).toBe("messagesOut");
    expect(c.maxRelativeDifference).toBeCloseTo(20 / 18_400, 12);
    expect(c.differences.messagesOut).toEqual({
      metered: 18_420,
      independent: 18_400,
      difference: 20,
      relativeDifference: 20 / 18_400,
    });
    expect(c.differences.bytesOut.relativeDifference).toBeCloseTo(2_500 / 2_497_500, 12);
    expect(c.differences.activeSeconds.relativeDifference).toBeCloseTo(0.05 / 61.2, 12);
    expect(c.differences.messagesIn.relativeDifference).toBe(0);
  });

  it("counts a metered shortfall as large as an excess", () => {
    expect(relativeDifference(90, 100)).toBeCloseTo(0.1, 12);
    expect(relativeDifference(110, 100)).toBeCloseTo(0.1, 12);
  });

  it("takes 0 ÷ 0 as no difference and anything over 0 as all of it", () => {
    expect(relativeDifference(0, 0)).toBe(0);
    expect(relativeDifference(5, 0)).toBe(1);
  });

  it("reports no difference when every counter agrees", () => {
    const same = independentCounts(frames, 61.25);
    expect(compareCounts(same, same).maxRelativeDifference).toBe(0);
  });
});

describe("the estimate's cost of one match", () => {
  it("is the monthly slope between two volumes, over 30-day months", () => {
    // 100,000 more matches a day = 3,000,000 more a month; $6,000 more ÷ 3e6 = $0.002.
    const low = { matchesPerDay: 100_000, value: 6_005 };
    const high = { matchesPerDay: 200_000, value: 12_005 };
    expect(perMatchSlope(low, high)).toBeCloseTo(0.002, 12);
  });

  it("refuses volumes that are not increasing", () => {
    const p = { matchesPerDay: 100, value: 1 };
    expect(() => perMatchSlope(p, p)).toThrow(/above/);
  });
});
