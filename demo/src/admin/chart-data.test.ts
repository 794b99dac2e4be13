import { describe, expect, it } from "vitest";
import { ADMIN_CHARTS } from "./admin-charts.js";
import { type AdminMetrics, decodeAdminMetrics, METRIC_SERIES } from "./admin-metrics.js";
import { chartData } from "./chart-data.js";

/** Three minutes as GET /v1/admin/metrics?minutes=3 answers them (the plan's contract). */
const BODY = {
  from: 1_767_225_600_000,
  to: 1_767_225_780_000,
  stepMs: 60_000,
  minutes: [1_767_225_600_000, 1_767_225_660_000, 1_767_225_720_000],
  series: {
    rooms: [0, 2, 1],
    players: [0, 6, 3],
    tickMsP99: [null, 1.75, 0.5],
    bytesInPerSecond: [0, 1200, 600],
    bytesOutPerSecond: [0, 48000, 24000],
    queueLength: [0, 4, 0],
    timeToMatchMs: [null, 2300, null],
    signInFailures: [1, 0, 0],
    cheatFlags: [0, 0, 2],
    costUsdPerHour: [0, 0.0125, 0.006],
  },
};

function metrics(): AdminMetrics {
  const decoded = decodeAdminMetrics(structuredClone(BODY));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.metrics;
}

function chart(id: string) {
  const spec = ADMIN_CHARTS.find((c) => c.id === id);
  if (!spec) throw new Error(`no chart ${id}`);
  return chartData(metrics(), spec);
}

describe("chartData", () => {
  it("puts each minute's start on the x axis in Unix seconds, uPlot's time unit", () => {
    expect(chart("rooms-players").data[0]).toEqual([1_767_225_600, 1_767_225_660, 1_767_225_720]);
  });

  it("plots rooms and players together, in the table's order and labels", () => {
    expect(chart("rooms-players")).toEqual({
      labels: ["rooms", "players"],
      data: [
        [1_767_225_600, 1_767_225_660, 1_767_225_720],
        [0, 2, 1],
        [0, 6, 3],
      ],
    });
  });

  it("keeps a minute without a timed room as a gap (null), not as 0 ms", () => {
    expect(chart("tick-time").data.slice(1)).toEqual([[null, 1.75, 0.5]]);
    expect(chart("matchmaking").data.slice(1)).toEqual([
      [0, 4, 0],
      [null, 2300, null],
    ]);
  });

  it("plots bandwidth in and out, sign-in failures with cheat flags, and the cost per hour", () => {
    expect(chart("bandwidth").data.slice(1)).toEqual([
      [0, 1200, 600],
      [0, 48000, 24000],
    ]);
    expect(chart("incidents").data.slice(1)).toEqual([
      [1, 0, 0],
      [0, 0, 2],
    ]);
    expect(chart("cost")).toMatchObject({ labels: ["cost (USD/h)"] });
    expect(chart("cost").data.slice(1)).toEqual([[0, 0.0125, 0.006]]);
  });

  it("plots every series of the answer on exactly one chart", () => {
    const plotted = ADMIN_CHARTS.flatMap((c) => c.series.map((s) => s.key)).sort();
    expect(plotted).toEqual(Object.keys(METRIC_SERIES).sort());
  });

  it("hands uPlot fresh arrays, so a later answer never changes what was drawn", () => {
    const m = metrics();
    const spec = ADMIN_CHARTS[0]!;
    const { data } = chartData(m, spec);
    data[1]![0] = 99;
    expect(chartData(m, spec).data[1]![0]).toBe(0);
  });

  it("plots an empty window as empty arrays", () => {
    const empty = decodeAdminMetrics({
      ...BODY,
      minutes: [],
      series: Object.fromEntries(Object.keys(METRIC_SERIES).map((k) => [k, []])),
    });
    if (!empty.ok) throw new Error(empty.error);
    expect(chartData(empty.metrics, ADMIN_CHARTS[0]!).data).toEqual([[], [], []]);
  });
});
