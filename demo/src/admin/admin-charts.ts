// The dashboard's charts: which series of GET /v1/admin/metrics each one plots, under what
// label, colour and axis. One table, so the page, its debug handle and the tests agree on
// what a chart shows.

import type { MetricSeriesName } from "./admin-metrics.js";

/** The axis a series is read against: the chart's left one, or a second one on the right. */
export type ChartAxis = "left" | "right";

/** One line of a chart. */
export interface ChartSeries {
  /** The series of the metrics answer it plots. */
  readonly key: MetricSeriesName;
  /** Its name in the legend (and in the debug handle). */
  readonly label: string;
  readonly color: string;
  /** @default "left" */
  readonly axis?: ChartAxis;
}

/** One chart of the dashboard. */
export interface ChartSpec {
  /** Its element id and key in the debug handle. */
  readonly id: string;
  readonly title: string;
  /** The left axis's unit, for its values. */
  readonly unit: ChartUnit;
  /** The right axis's unit, when a series is read against it. */
  readonly rightUnit?: ChartUnit;
  readonly series: readonly ChartSeries[];
}

/** How an axis writes its values. */
export type ChartUnit = "count" | "ms" | "bytes/s" | "USD/h";

/** The charts, top to bottom. */
export const ADMIN_CHARTS: readonly ChartSpec[] = [
  {
    id: "rooms-players",
    title: "Live rooms and players",
    unit: "count",
    series: [
      { key: "rooms", label: "rooms", color: "#58a6ff" },
      { key: "players", label: "players", color: "#3fb950" },
    ],
  },
  {
    id: "tick-time",
    title: "Tick time p99 (worst room)",
    unit: "ms",
    series: [{ key: "tickMsP99", label: "tick p99 (ms)", color: "#d29922" }],
  },
  {
    id: "bandwidth",
    title: "Bandwidth, all rooms",
    unit: "bytes/s",
    series: [
      { key: "bytesInPerSecond", label: "in (bytes/s)", color: "#58a6ff" },
      { key: "bytesOutPerSecond", label: "out (bytes/s)", color: "#f778ba" },
    ],
  },
  {
    id: "matchmaking",
    title: "Matchmaking",
    unit: "count",
    rightUnit: "ms",
    series: [
      { key: "queueLength", label: "queue length", color: "#a371f7" },
      { key: "timeToMatchMs", label: "time to match, mean (ms)", color: "#d29922", axis: "right" },
    ],
  },
  {
    id: "incidents",
    title: "Sign-in failures and cheat flags",
    unit: "count",
    series: [
      { key: "signInFailures", label: "sign-in failures", color: "#f85149" },
      { key: "cheatFlags", label: "cheat flags", color: "#d29922" },
    ],
  },
  {
    id: "cost",
    title: "Cost per hour (USD)",
    unit: "USD/h",
    series: [{ key: "costUsdPerHour", label: "cost (USD/h)", color: "#3fb950" }],
  },
];
