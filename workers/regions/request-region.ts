// The region of the caller: detected from `request.cf` (coordinates, then continent), or the
// one the player chose (`?region=` or the `X-Edgetick-Region` header). Latencies a player did
// not measure are estimated from where the edge says they are.

import type { Context } from "hono";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import {
  type DetectedRegion,
  detectRegion,
  type RequestLocation,
} from "../../shared/regions/detect-region.js";
import { estimateRttMs } from "../../shared/regions/geo.js";
import type { Region } from "../../shared/regions/region.js";
import type { AppEnv } from "../env.js";

/** The header a client sets to choose its region. */
export const REGION_HEADER = "X-Edgetick-Region";

/** The caller's region; `override` (e.g. a body field) wins over the query and header. */
export function requestRegion(c: Context<AppEnv>, override?: string): DetectedRegion {
  const chosen = override ?? c.req.query("region") ?? c.req.header(REGION_HEADER) ?? undefined;
  const cf = (c.req.raw as Request & { cf?: RequestLocation }).cf;
  return detectRegion(configuredRegions(c.env), cf, chosen);
}

/**
 * Round trips to every region: the measured ones as given, the rest estimated from the
 * caller's location (or their detected region's centre when the edge gave no coordinates).
 */
export function completeLatencies(
  regions: readonly Region[],
  detected: DetectedRegion,
  measured: Readonly<Record<string, number>> = {},
): Record<string, number> {
  const from = detected.point ?? detected.region;
  const out: Record<string, number> = {};
  for (const r of regions) out[r.id] = measured[r.id] ?? estimateRttMs(from, r);
  return out;
}
