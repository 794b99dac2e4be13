// The region for a group (a lobby, a party, a match): the one that minimises the worst
// member's expected round trip. Expected means measured when the member measured it
// (`measureRegions()` in the client), else estimated from the member's location. Members
// over the threshold are named in the answer, so players learn before the game why it lags.

import { estimateRttMs, type GeoPoint } from "./geo.js";
import type { Region } from "./region.js";

/** What is known about one member's distance to the regions. */
export interface GroupMember {
  readonly accountId: string;
  /** Measured round trips by region id, ms. */
  readonly latencies?: Readonly<Record<string, number>>;
  /** Where the member is (from `request.cf`, or their detected region's centre). */
  readonly point?: GeoPoint;
}

/** A member whose expected latency in the chosen region exceeds the threshold. */
export interface CrossRegionWarning {
  readonly accountId: string;
  readonly regionId: string;
  readonly expectedMs: number;
  readonly thresholdMs: number;
}

/** The chosen region, the worst expected latency there and the warnings. */
export interface GroupRegionChoice {
  readonly region: Region;
  readonly worstMs: number;
  /** Every member's expected latency to the chosen region, ms. */
  readonly expectedMs: Readonly<Record<string, number>>;
  readonly warnings: readonly CrossRegionWarning[];
}

/** The latency above which a member gets a cross-region warning, ms. */
export const DEFAULT_CROSS_REGION_THRESHOLD_MS = 150;

/** Used when nothing at all is known about a member: it does not sway the choice. */
const UNKNOWN_MS = 0;

/** A member's expected round trip to `region`, ms. */
export function expectedLatencyMs(member: GroupMember, region: Region): number {
  const measured = member.latencies?.[region.id];
  if (measured !== undefined && Number.isFinite(measured) && measured >= 0) return measured;
  return member.point ? estimateRttMs(member.point, region) : UNKNOWN_MS;
}

/**
 * Chooses the region minimising the worst member's expected latency (ties: the lower sum,
 * then list order).
 * @example
 * const { region, warnings } = chooseGroupRegion(regions, members, 150);
 */
export function chooseGroupRegion(
  regions: readonly Region[],
  members: readonly GroupMember[],
  thresholdMs = DEFAULT_CROSS_REGION_THRESHOLD_MS,
): GroupRegionChoice {
  let best = regions[0]!;
  let bestWorst = Number.POSITIVE_INFINITY;
  let bestSum = Number.POSITIVE_INFINITY;
  for (const region of regions) {
    let worst = 0;
    let sum = 0;
    for (const m of members) {
      const ms = expectedLatencyMs(m, region);
      worst = Math.max(worst, ms);
      sum += ms;
    }
    if (worst < bestWorst || (worst === bestWorst && sum < bestSum)) {
      best = region;
      bestWorst = worst;
      bestSum = sum;
    }
  }
  const expectedMs: Record<string, number> = {};
  const warnings: CrossRegionWarning[] = [];
  for (const m of members) {
    const ms = expectedLatencyMs(m, best);
    expectedMs[m.accountId] = ms;
    if (ms > thresholdMs)
      warnings.push({ accountId: m.accountId, regionId: best.id, expectedMs: ms, thresholdMs });
  }
  return {
    region: best,
    worstMs: members.length === 0 ? 0 : bestWorst,
    expectedMs,
    warnings,
  };
}
