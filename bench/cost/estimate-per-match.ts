// The estimate's side of `npm run bench:cost`: GET /v1/costs/estimate for the session's
// settings, turned into the cost of one match. The route answers a month (base fee and
// included amounts applied); at one match a day every meter stays inside its allowance and the
// month is the $5 base fee, so the per-match figure is taken as the slope of the monthly total
// between two volumes above every allowance that matters (perMatchSlope): what one more match
// adds, the same marginal cost the measured side is (no base fee, no allowances).

import { type EstimatePoint, perMatchSlope } from "./cost-comparison.js";

/** The settings asked for (the route's query). */
export interface EstimateSettings {
  readonly players: number;
  readonly tickRate: number;
  readonly matchMinutes: number;
}

/** One item of the route's answer. */
interface EstimateItem {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

interface EstimateBody {
  readonly monthlyUsd: number;
  readonly items: readonly EstimateItem[];
  readonly prices: { readonly version: string };
}

/** An item's share of one match. */
export interface PerMatchItem {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

/** The estimate of one match. */
export interface PerMatchEstimate {
  /** US dollars one more match adds to the month. */
  readonly usd: number;
  readonly items: readonly PerMatchItem[];
  /** The month at one match a day, as the route answers it (the base fee, all included). */
  readonly monthlyUsdAtOneMatchADay: number;
  /** The two volumes of the slope, matches a day. */
  readonly volumes: readonly [number, number];
  readonly priceVersion: string;
}

/**
 * The volumes of the slope, matches a day. Above 6,667 a day the Worker's requests (50 a
 * 10-player match) pass their 10 million; above 4,320 the Matchmaker's time is capped at the
 * month, so its share drops out of the slope as it is absent from the session. D1 rows read
 * (25 billion included) stay inside: their share of a match is about $0.0000001.
 */
export const SLOPE_VOLUMES = [100_000, 200_000] as const;

async function estimate(url: string, s: EstimateSettings, matchesPerDay: number) {
  const q = new URLSearchParams({
    players: String(s.players),
    tickRate: String(s.tickRate),
    matchMinutes: String(s.matchMinutes),
    matchesPerDay: String(matchesPerDay),
  });
  const res = await fetch(`${url}/v1/costs/estimate?${q}`);
  if (!res.ok) throw new Error(`GET /v1/costs/estimate: ${res.status} ${await res.text()}`);
  return (await res.json()) as EstimateBody;
}

/** Asks the route three times (one match a day, and the two volumes) and takes the slope. */
export async function perMatchEstimate(
  url: string,
  settings: EstimateSettings,
): Promise<PerMatchEstimate> {
  const one = await estimate(url, settings, 1);
  const [lowDay, highDay] = SLOPE_VOLUMES;
  const low = await estimate(url, settings, lowDay);
  const high = await estimate(url, settings, highDay);
  const slope = (a: number, b: number) =>
    perMatchSlope({ matchesPerDay: lowDay, value: a }, { matchesPerDay: highDay, value: b });
  const items = low.items.map((l): PerMatchItem => {
    const h = high.items.find((i) => i.item === l.item);
    if (!h) throw new Error(`estimate item "${l.item}" missing at ${highDay} a day`);
    return {
      item: l.item,
      unit: l.unit,
      quantity: slope(l.quantity, h.quantity),
      usd: slope(l.usd, h.usd),
    };
  });
  const point = (matchesPerDay: number, value: number): EstimatePoint => ({ matchesPerDay, value });
  return {
    usd: perMatchSlope(point(lowDay, low.monthlyUsd), point(highDay, high.monthlyUsd)),
    items,
    monthlyUsdAtOneMatchADay: one.monthlyUsd,
    volumes: SLOPE_VOLUMES,
    priceVersion: low.prices.version,
  };
}
