import { describe, expect, it } from "vitest";
import { parseCron } from "./cron-schedule.mjs";

const at = (iso: string) => new Date(iso);

describe("parseCron", () => {
  it("fires wrangler.toml's hourly retention at minute 17 of every hour, and only then", () => {
    const hourly = parseCron("17 * * * *");
    expect(hourly(at("2026-11-01T00:17:00Z"))).toBe(true);
    expect(hourly(at("2026-11-01T13:17:59Z"))).toBe(true);
    expect(hourly(at("2026-11-01T13:16:59Z"))).toBe(false);
    expect(hourly(at("2026-11-01T13:18:00Z"))).toBe(false);
  });

  it("reads steps, ranges, lists and names with Cloudflare's weekdays (1 is Sunday)", () => {
    // 2026-11-01 is a Sunday.
    const sunday = parseCron("0 17 * * sun");
    expect(sunday(at("2026-11-01T17:00:00Z"))).toBe(true);
    expect(parseCron("0 17 * * 1")(at("2026-11-01T17:00:00Z"))).toBe(true);
    expect(sunday(at("2026-11-02T17:00:00Z"))).toBe(false);
    const weekdays = parseCron("10 7 * * mon-fri");
    expect(weekdays(at("2026-11-02T07:10:00Z"))).toBe(true);
    expect(weekdays(at("2026-11-01T07:10:00Z"))).toBe(false);
    const everyHalfHour = parseCron("*/30 * * * *");
    expect(
      [0, 15, 30, 45].map((m) => everyHalfHour(new Date(Date.UTC(2026, 10, 1, 3, m)))),
    ).toEqual([true, false, true, false]);
    const list = parseCron("5,50 1-3/2 1 jan,JUL *");
    expect(list(at("2026-07-01T03:50:00Z"))).toBe(true);
    expect(list(at("2026-07-01T02:50:00Z"))).toBe(false);
    expect(list(at("2026-08-01T03:50:00Z"))).toBe(false);
  });

  it("refuses what it cannot run, naming the field", () => {
    expect(() => parseCron("17 * * *")).toThrow(/needs 5 fields/);
    expect(() => parseCron("60 * * * *")).toThrow(/minute "60" is not 0-59/);
    expect(() => parseCron("0 18 * * 6L")).toThrow(/L, W, # and \? are not supported/);
    expect(() => parseCron("59 23 LW * *")).toThrow(/day of month "LW"/);
    expect(() => parseCron("0 0 * * 0")).toThrow(/weekday "0" is not 1-7/);
    expect(() => parseCron("0 5-1 * * *")).toThrow(/runs backwards/);
    expect(() => parseCron("*/0 * * * *")).toThrow(/step "0"/);
  });
});
