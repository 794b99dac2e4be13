// The deployment's regions and warning threshold, parsed once per isolate per value.

import { DEFAULT_CROSS_REGION_THRESHOLD_MS } from "../../shared/regions/group-region.js";
import { parseRegions, type Region } from "../../shared/regions/region.js";
import type { PlacementEnv } from "./placement-env.js";

const cache = new Map<unknown, readonly Region[]>();

/** The configured regions (throws RegionConfigError for a bad REGIONS var). */
export function configuredRegions(env: Pick<PlacementEnv, "REGIONS">): readonly Region[] {
  let regions = cache.get(env.REGIONS);
  if (!regions) {
    regions = parseRegions(env.REGIONS);
    cache.set(env.REGIONS, regions);
  }
  return regions;
}

/** The cross-region warning threshold, ms. */
export function crossRegionThresholdMs(env: Pick<PlacementEnv, "CROSS_REGION_WARNING_MS">): number {
  const v = Number(env.CROSS_REGION_WARNING_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_CROSS_REGION_THRESHOLD_MS;
}
