// The answer of GET /v1/admin/metrics?minutes=N, as the dashboard reads it: one bucket a
// minute (oldest first, gaps filled) and named series of one value per bucket. The answer
// is decoded, not cast: a series of another length or a value of another type is refused
// with the field named, so a chart never draws misaligned points.

/** The series every answer carries, one value per minute bucket. */
export const METRIC_SERIES = {
  /** Rooms active (metered) in the minute. */
  rooms: "count",
  /** The sum over rooms of their peak players in the minute. */
  players: "count",
  /** The worst room's tick p99 in the minute, ms; null when no room was timed. */
  tickMsP99: "optional",
  /** Bytes the rooms received, per second. */
  bytesInPerSecond: "count",
  /** Bytes the rooms sent, per second. */
  bytesOutPerSecond: "count",
  /** The matchmakers' most waiting tickets in the minute. */
  queueLength: "count",
  /** The mean time to a match of the tickets matched in the minute, ms; null when none was. */
  timeToMatchMs: "optional",
  /** Failed sign-ins in the minute. */
  signInFailures: "count",
  /** Fair-play verdicts at flag, kick or ban in the minute. */
  cheatFlags: "count",
  /** The minute's measured cost × 60, USD. */
  costUsdPerHour: "count",
} as const;

/** The name of a series of the answer. */
export type MetricSeriesName = keyof typeof METRIC_SERIES;

/** One value a minute; null only in the series marked "optional". */
export type MetricValues = readonly (number | null)[];

/** A decoded answer of GET /v1/admin/metrics. */
export interface AdminMetrics {
  /** The window, Unix ms. */
  readonly from: number;
  readonly to: number;
  /** The bucket width, ms (60000). */
  readonly stepMs: number;
  /** Each bucket's start, Unix ms, oldest first. */
  readonly minutes: readonly number[];
  readonly series: Readonly<Record<MetricSeriesName, MetricValues>>;
}

/** A decoded answer, or why it was refused. */
export type MetricsDecoding =
  | { readonly ok: true; readonly metrics: AdminMetrics }
  | { readonly ok: false; readonly error: string };

/**
 * Decodes a parsed JSON body into AdminMetrics; refuses (naming the field) a missing or
 * mistyped field and a series whose length differs from `minutes`. Extra series are ignored.
 * @example
 * const decoded = decodeAdminMetrics(await res.json());
 * if (decoded.ok) draw(decoded.metrics);
 */
export function decodeAdminMetrics(body: unknown): MetricsDecoding {
  if (!isRecord(body)) return refuse("the body is not an object");
  for (const field of ["from", "to", "stepMs"] as const) {
    if (!isFiniteNumber(body[field])) return refuse(`${field} is not a number`);
  }
  const minutes = body.minutes;
  if (!Array.isArray(minutes) || !minutes.every(isFiniteNumber))
    return refuse("minutes is not an array of numbers");
  if (!isRecord(body.series)) return refuse("series is not an object");
  const series: Partial<Record<MetricSeriesName, MetricValues>> = {};
  for (const [name, kind] of Object.entries(METRIC_SERIES) as [MetricSeriesName, string][]) {
    const values = body.series[name];
    if (!Array.isArray(values)) return refuse(`series.${name} is missing`);
    if (values.length !== minutes.length)
      return refuse(`series.${name} has ${values.length} values for ${minutes.length} minutes`);
    const valid = (v: unknown) => isFiniteNumber(v) || (kind === "optional" && v === null);
    if (!values.every(valid))
      return refuse(
        `series.${name} holds a value that is not a number${kind === "optional" ? " or null" : ""}`,
      );
    series[name] = values as MetricValues;
  }
  return {
    ok: true,
    metrics: {
      from: body.from as number,
      to: body.to as number,
      stepMs: body.stepMs as number,
      minutes: minutes as number[],
      series: series as Record<MetricSeriesName, MetricValues>,
    },
  };
}

function refuse(error: string): MetricsDecoding {
  return { ok: false, error: `metrics: ${error}` };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}
