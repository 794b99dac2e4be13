// One chart of the dashboard: a uPlot drawn into its own element, fed a metrics answer at a
// time. It remembers what it handed uPlot last, which the debug handle reports.

import uPlot from "uplot";
import type { ChartSpec, ChartUnit } from "./admin-charts.js";
import type { AdminMetrics } from "./admin-metrics.js";
import { formatValue } from "./axis-format.js";
import { type ChartData, chartData } from "./chart-data.js";

/** A chart's plot height, CSS px (the legend comes below it). */
const PLOT_HEIGHT = 200;
/** Axis text and grid lines, matching demo/style.css's dark theme. */
const AXIS_STROKE = "#8b949e";
const GRID_STROKE = "#30363d";
/** The tick steps of a count axis: whole numbers only. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6];

/** One uPlot chart and the data it plots. */
export class ChartPanel {
  readonly spec: ChartSpec;
  readonly #plot: uPlot;
  #plotted: ChartData;

  /** Draws an empty chart for `spec` into a new element appended to `parent`. */
  constructor(parent: HTMLElement, spec: ChartSpec, width: number) {
    this.spec = spec;
    const element = document.createElement("figure");
    element.id = `chart-${spec.id}`;
    element.className = "chart";
    parent.append(element);
    this.#plotted = {
      labels: spec.series.map((s) => s.label),
      data: [[], ...spec.series.map(() => [])],
    };
    this.#plot = new uPlot(options(spec, width), this.#plotted.data, element);
  }

  /** What the chart plots now: its series' labels and the arrays handed to uPlot. */
  get plotted(): ChartData {
    return this.#plotted;
  }

  /** Plots `metrics` (replacing what was drawn). */
  show(metrics: AdminMetrics): void {
    this.#plotted = chartData(metrics, this.spec);
    this.#plot.setData(this.#plotted.data);
  }

  /** Fits the chart to `width` CSS px. */
  resize(width: number): void {
    this.#plot.setSize({ width, height: PLOT_HEIGHT });
  }
}

function options(spec: ChartSpec, width: number): uPlot.Options {
  const axis = (scale: string, unit: ChartUnit, side: 1 | 3): uPlot.Axis => ({
    scale,
    side,
    size: 70,
    stroke: AXIS_STROKE,
    grid: { show: side === 3, stroke: GRID_STROKE, width: 1 },
    ticks: { stroke: GRID_STROKE, width: 1 },
    values: (_u, splits) => splits.map((v) => formatValue(v, unit)),
    // Counts tick at whole numbers (no "1.5 rooms").
    ...(unit === "count" ? { incrs: COUNT_STEPS } : {}),
  });
  const axes: uPlot.Axis[] = [
    {
      stroke: AXIS_STROKE,
      grid: { stroke: GRID_STROKE, width: 1 },
      ticks: { stroke: GRID_STROKE },
    },
    axis("left", spec.unit, 3),
  ];
  if (spec.rightUnit) axes.push(axis("right", spec.rightUnit, 1));
  return {
    title: spec.title,
    width,
    height: PLOT_HEIGHT,
    scales: { x: { time: true }, left: { range: fromZero }, right: { range: fromZero } },
    axes,
    series: [
      {},
      ...spec.series.map((s) => {
        const scale = s.axis ?? "left";
        const unit = scale === "right" ? (spec.rightUnit ?? spec.unit) : spec.unit;
        return {
          label: s.label,
          stroke: s.color,
          width: 2,
          scale,
          // A minute without a value (no timed room, nothing matched) is a gap, not a zero.
          spanGaps: false,
          points: { show: true, size: 4 },
          value: (_u: uPlot, v: number | null) => formatValue(v, unit),
        } satisfies uPlot.Series;
      }),
    ],
  };
}

/** Every value axis starts at 0; an all-zero or empty chart still shows 0 to 1. */
function fromZero(_u: uPlot, _min: number | null, max: number | null): uPlot.Range.MinMax {
  return [0, max !== null && max > 0 ? max * 1.1 : 1];
}
