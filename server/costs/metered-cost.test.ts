import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { costOf, NO_USAGE } from "./metered-cost.js";

const ZERO = NO_USAGE;

const usage = fc.record({
  activeMs: fc.integer({ min: 0, max: 1e10 }),
  httpRequests: fc.integer({ min: 0, max: 1e8 }),
  wsMessagesIn: fc.integer({ min: 0, max: 1e10 }),
  wsMessagesOut: fc.integer({ min: 0, max: 1e10 }),
  bytesIn: fc.integer({ min: 0, max: 1e12 }),
  bytesOut: fc.integer({ min: 0, max: 1e12 }),
  d1RowsRead: fc.integer({ min: 0, max: 1e9 }),
  d1RowsWritten: fc.integer({ min: 0, max: 1e9 }),
  storageWrites: fc.integer({ min: 0, max: 1e9 }),
  relayBytes: fc.integer({ min: 0, max: 1e12 }),
  voiceBytes: fc.integer({ min: 0, max: 1e12 }),
});

describe("costOf", () => {
  it("costs nothing for nothing: no base fee, no included amounts", () => {
    expect(costOf(ZERO).totalUsd).toBe(0);
  });

  it("prices a 15-minute, 10-player room from the first message, with no allowance", () => {
    const c = costOf({
      ...ZERO,
      activeMs: 900_000,
      httpRequests: 11,
      wsMessagesIn: 279_010,
      d1RowsWritten: 305,
    });
    // Requests: 11 + 279,010 ÷ 20 = 13,961.5 × $0.15 per million.
    expect(c.items[0]).toMatchObject({ item: "Durable Objects requests", quantity: 13_961.5 });
    expect(c.items[0]!.usd).toBeCloseTo(13_961.5 * 0.15e-6, 12);
    // Duration: 900 s × 0.128 GB = 115.2 GB-s × $12.50 per million.
    expect(c.items[1]!.usd).toBeCloseTo(115.2 * 12.5e-6, 12);
    // D1: 305 rows written × $1 per million.
    expect(c.items.find((i) => i.item === "D1 rows written")!.usd).toBeCloseTo(305e-6, 12);
  });

  it("bills neither outgoing messages nor bytes nor relayed nor voice bytes", () => {
    const c = costOf({
      ...ZERO,
      wsMessagesOut: 1e9,
      bytesIn: 1e12,
      bytesOut: 1e12,
      relayBytes: 1e12,
      voiceBytes: 1e12,
    });
    expect(c.totalUsd).toBe(0);
    expect(c.items.filter((i) => i.formula.startsWith("not billed")).length).toBe(5);
  });

  it("sums its items, and grows with every billed counter", () => {
    fc.assert(
      fc.property(usage, (u) => {
        const c = costOf(u);
        expect(c.totalUsd).toBeCloseTo(
          c.items.reduce((t, i) => t + i.usd, 0),
          9,
        );
        const more = costOf({ ...u, wsMessagesIn: u.wsMessagesIn + 20, activeMs: u.activeMs + 1 });
        expect(more.totalUsd).toBeGreaterThan(c.totalUsd);
      }),
    );
  });
});

describe("costOf as the Worker", () => {
  it("prices its requests as Worker requests and bills neither its wall time nor messages", () => {
    const c = costOf(
      { ...ZERO, httpRequests: 1_000_000, activeMs: 1e9, wsMessagesIn: 1e9 },
      { as: "worker" },
    );
    // 1,000,000 requests × $0.30 per million.
    expect(c.totalUsd).toBeCloseTo(0.3, 12);
    expect(c.items.map((i) => i.item)).not.toContain("Durable Objects duration");
  });
});
