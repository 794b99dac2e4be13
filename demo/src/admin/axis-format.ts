// How the dashboard's axes write their values, by unit: counts as they are, milliseconds
// with "ms", bandwidth in B/s, kB/s or MB/s (decimal, as Cloudflare bills it), cost in USD.

import type { ChartUnit } from "./admin-charts.js";

/**
 * `value` written for an axis tick or legend entry in `unit`; "—" for no value.
 * @example
 * formatValue(48_000, "bytes/s"); // "48 kB/s"
 */
export function formatValue(value: number | null | undefined, unit: ChartUnit): string {
  if (value === null || value === undefined) return "—";
  switch (unit) {
    case "count":
      return trim(value);
    case "ms":
      return `${trim(value)} ms`;
    case "bytes/s":
      if (Math.abs(value) >= 1e6) return `${trim(value / 1e6)} MB/s`;
      if (Math.abs(value) >= 1e3) return `${trim(value / 1e3)} kB/s`;
      return `${trim(value)} B/s`;
    case "USD/h":
      return `$${Math.abs(value) >= 1 ? value.toFixed(2) : trim(value, 4)}/h`;
  }
}

/** At most `digits` significant decimals, no trailing zeros. */
function trim(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}
