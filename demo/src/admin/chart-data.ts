// Maps a metrics answer to what a chart hands uPlot: the x values (each minute's start in
// Unix seconds, uPlot's time unit) and one array per series, in the chart's order. Pure, so
// the mapping is unit-tested without a browser and the debug handle reports exactly it.

import type { ChartSpec } from "./admin-charts.js";
import type { AdminMetrics } from "./admin-metrics.js";

/** What one chart plots: uPlot's aligned data with the series' labels. */
export interface ChartData {
  /** The series' legend labels, in the order of `data` after the x values. */
  readonly labels: readonly string[];
  /** `[x, ...ys]`: x in Unix seconds; each y one value a minute, null for none (a gap). */
  readonly data: [number[], ...(number | null)[][]];
}

/**
 * The data chart `spec` plots for `metrics`. Fresh arrays: uPlot may keep them.
 * @example
 * const { labels, data } = chartData(metrics, ADMIN_CHARTS[0]!);
 * plot.setData(data);
 */
export function chartData(metrics: AdminMetrics, spec: ChartSpec): ChartData {
  const x = metrics.minutes.map((ms) => ms / 1000);
  const ys = spec.series.map((s) => [...metrics.series[s.key]]);
  return { labels: spec.series.map((s) => s.label), data: [x, ...ys] };
}
