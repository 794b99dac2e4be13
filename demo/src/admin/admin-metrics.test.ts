import { describe, expect, it } from "vitest";
import { decodeAdminMetrics, METRIC_SERIES } from "./admin-metrics.js";

/** Two minutes of the plan's contract, every series present. */
function body(): Record<string, unknown> & { series: Record<string, unknown[]> } {
  return {
    from: 1_000_000_020_000,
    to: 1_000_000_140_000,
    stepMs: 60_000,
    minutes: [1_000_000_020_000, 1_000_000_080_000],
    series: Object.fromEntries(
      Object.entries(METRIC_SERIES).map(([k, kind]) => [
        k,
        kind === "optional" ? [null, 3] : [0, 1],
      ]),
    ),
  };
}

describe("decodeAdminMetrics", () => {
  it("accepts an answer of the contract, keeping nulls where a series may have none", () => {
    const decoded = decodeAdminMetrics(body());
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.metrics.minutes).toEqual([1_000_000_020_000, 1_000_000_080_000]);
    expect(decoded.metrics.series.tickMsP99).toEqual([null, 3]);
    expect(decoded.metrics.series.rooms).toEqual([0, 1]);
  });

  it("ignores series it does not plot", () => {
    const b = body();
    b.series.somethingNew = [1, 2, 3];
    expect(decodeAdminMetrics(b).ok).toBe(true);
  });

  it("refuses a body that is not an object", () => {
    expect(decodeAdminMetrics([])).toEqual({
      ok: false,
      error: "metrics: the body is not an object",
    });
    expect(decodeAdminMetrics(null).ok).toBe(false);
  });

  it("refuses a window bound that is not a number", () => {
    expect(decodeAdminMetrics({ ...body(), to: "now" })).toEqual({
      ok: false,
      error: "metrics: to is not a number",
    });
  });

  it("refuses a missing series, naming it", () => {
    const b = body();
    delete b.series.costUsdPerHour;
    expect(decodeAdminMetrics(b)).toEqual({
      ok: false,
      error: "metrics: series.costUsdPerHour is missing",
    });
  });

  it("refuses a series one value short of the minutes, beside one of the right length", () => {
    const b = body();
    b.series.players = [4];
    expect(decodeAdminMetrics(b)).toEqual({
      ok: false,
      error: "metrics: series.players has 1 values for 2 minutes",
    });
    b.series.players = [4, 5];
    expect(decodeAdminMetrics(b).ok).toBe(true);
  });

  it("refuses null in a series that always has a value, and accepts it where none may be", () => {
    const b = body();
    b.series.rooms = [null, 1];
    expect(decodeAdminMetrics(b)).toEqual({
      ok: false,
      error: "metrics: series.rooms holds a value that is not a number",
    });
    b.series.rooms = [0, 1];
    b.series.timeToMatchMs = [null, null];
    expect(decodeAdminMetrics(b).ok).toBe(true);
  });

  it("refuses a value that is a string or not finite", () => {
    const b = body();
    b.series.tickMsP99 = ["1", 2];
    expect(decodeAdminMetrics(b)).toEqual({
      ok: false,
      error: "metrics: series.tickMsP99 holds a value that is not a number or null",
    });
    b.series.tickMsP99 = [Number.POSITIVE_INFINITY, 2];
    expect(decodeAdminMetrics(b).ok).toBe(false);
  });
});
