import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ESTIMATE_SETTINGS,
  type EstimateSettings,
  estimateMonthly,
  monthlyUsage,
  resolveEstimateSettings,
} from "./estimate.js";
import { PRICES } from "./price-table.js";

const usd = (e: ReturnType<typeof estimateMonthly>, item: string) =>
  e.items.find((i) => i.item === item)?.usd;

const settings = fc.record({
  players: fc.integer({ min: 1, max: 1000 }),
  tickRate: fc.integer({ min: 1, max: 120 }),
  matchMinutes: fc.integer({ min: 1, max: 240 }),
  matchesPerDay: fc.integer({ min: 0, max: 10_000_000 }),
  voice: fc.boolean(),
  inputRate: fc.integer({ min: 0, max: 120 }),
});

/** Raises one numeric setting by `by`, within its range. */
function raised(
  s: EstimateSettings,
  key: "players" | "tickRate" | "matchMinutes" | "matchesPerDay",
  by: number,
) {
  const max = { players: 1000, tickRate: 120, matchMinutes: 240, matchesPerDay: 10_000_000 }[key];
  return { ...s, [key]: Math.min(max, (s[key] ?? 0) + by) };
}

describe("estimateMonthly", () => {
  it("costs only the base fee with no matches", () => {
    const e = estimateMonthly({ ...DEFAULT_ESTIMATE_SETTINGS, matchesPerDay: 0 });
    expect(e.monthlyUsd).toBe(PRICES.workers.baseFee.usd);
    expect(e.items.filter((i) => i.usd > 0).map((i) => i.item)).toEqual(["Workers Paid base fee"]);
  });

  it("prices the 10-player, 30 Hz, 15-minute example at 100,000 matches a day item by item", () => {
    const e = estimateMonthly({
      players: 10,
      tickRate: 30,
      matchMinutes: 15,
      matchesPerDay: 100_000,
    });
    // 3,000,000 matches; 900 s each.
    expect(e.usage.matches).toBe(3_000_000);
    // Messages in: 10 × (900 × (30 inputs + 1 ping) + 1 HELLO) = 279,010 a match.
    expect(e.usage.wsMessagesIn).toBe(3_000_000 * 279_010);
    // Requests: 279,010 ÷ 20 + 10 × 4 + 2 + 30 watch alarms (one per 30 s) = 14,022.5 a match
    // → 42,067.5 M; less 1 M included.
    expect(usd(e, "Durable Objects requests")).toBeCloseTo(
      ((42_067_500_000 - 1e6) / 1e6) * 0.15,
      6,
    );
    // Storage rows: 2 × 181 snapshot saves (world and documents) + 10 × 3 tickets + 1 alarm
    // + 2 × 32 watch armings = 457 a match → 1,371 M; less 50 M included, × $1 per million.
    expect(usd(e, "Durable Objects storage rows written")).toBeCloseTo(1_321, 6);
    // Duration: (3 M × 900 s + the Matchmaker's month, 2,592,000 s) × 0.128 GB.
    expect(e.usage.durableObjectGbSeconds).toBeCloseTo((2_700_000_000 + 2_592_000) * 0.128, 3);
    // Worker requests: 50 a match → 150 M; less 10 M included, × $0.30 per million = $42.
    expect(usd(e, "Workers requests")).toBeCloseTo(42, 9);
    // D1 rows written: 10 × 5 + 3 + 62 beats × 4 + 4 = 305 a match → 915 M; less 50 M, × $1.
    expect(usd(e, "D1 rows written")).toBeCloseTo(865, 6);
  });

  it("leaves tick rate out of every billed item: only outgoing messages follow it", () => {
    const a = estimateMonthly({ tickRate: 10, matchesPerDay: 50_000 });
    const b = estimateMonthly({ tickRate: 60, matchesPerDay: 50_000 });
    expect(b.monthlyUsd).toBe(a.monthlyUsd);
    expect(b.usage.wsMessagesOut).toBeGreaterThan(a.usage.wsMessagesOut);
  });

  it("adds voice frames to the incoming messages at 50 a second times the talk fraction", () => {
    const off = monthlyUsage(resolveEstimateSettings({ matchesPerDay: 1 }));
    const on = monthlyUsage(resolveEstimateSettings({ matchesPerDay: 1, voice: true }));
    // 30 matches × 10 players × 900 s × 50 × 0.2.
    expect(on.voiceMessagesIn).toBe(30 * 10 * 900 * 10);
    expect(on.wsMessagesIn - off.wsMessagesIn).toBe(on.voiceMessagesIn);
  });

  it("warns when a room receives more messages than one object handles", () => {
    expect(estimateMonthly({ players: 10 }).warnings).toEqual([]);
    expect(estimateMonthly({ players: 100 }).warnings[0]).toMatch(/3,100 messages a second/);
  });

  it("sums its items into the total", () => {
    fc.assert(
      fc.property(settings, (s) => {
        const e = estimateMonthly(s);
        const total = e.items.reduce((t, i) => t + i.usd, 0);
        expect(e.monthlyUsd).toBeCloseTo(total, 9);
        for (const i of e.items) expect(i.usd).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("never costs less when players, tick rate, match length or matches a day grow", () => {
    const key = fc.constantFrom("players", "tickRate", "matchMinutes", "matchesPerDay" as const);
    fc.assert(
      fc.property(settings, key, fc.integer({ min: 1, max: 1000 }), (s, k, by) => {
        const before = estimateMonthly(s);
        const after = estimateMonthly(raised(s, k, by));
        expect(after.monthlyUsd).toBeGreaterThanOrEqual(before.monthlyUsd - 1e-9);
        for (const item of before.items)
          expect(usd(after, item.item)).toBeGreaterThanOrEqual(item.usd - 1e-9);
      }),
    );
  });

  it("never costs less with voice than without", () => {
    fc.assert(
      fc.property(settings, (s) => {
        const off = estimateMonthly({ ...s, voice: false }).monthlyUsd;
        expect(estimateMonthly({ ...s, voice: true }).monthlyUsd).toBeGreaterThanOrEqual(off);
      }),
    );
  });
});

describe("resolveEstimateSettings", () => {
  it("fills in the defaults", () => {
    expect(resolveEstimateSettings({})).toEqual(DEFAULT_ESTIMATE_SETTINGS);
    expect(resolveEstimateSettings({ players: 4, voice: true })).toMatchObject({
      players: 4,
      voice: true,
      tickRate: 30,
    });
  });

  it("refuses a setting out of range, naming it, and accepts its boundary", () => {
    expect(resolveEstimateSettings({ players: 1000 }).players).toBe(1000);
    expect(() => resolveEstimateSettings({ players: 1001 })).toThrow(/^players must be/);
    expect(() => resolveEstimateSettings({ players: 2.5 })).toThrow(/^players must be a whole/);
    expect(resolveEstimateSettings({ matchesPerDay: 0 }).matchesPerDay).toBe(0);
    expect(() => resolveEstimateSettings({ matchesPerDay: -1 })).toThrow(/^matchesPerDay/);
    expect(() => resolveEstimateSettings({ tickRate: Number.NaN })).toThrow(/^tickRate/);
    expect(() => resolveEstimateSettings({ voiceTalkFraction: 1.5 })).toThrow(/^voiceTalkFraction/);
  });
});
