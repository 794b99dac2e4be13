// The warnings a match carries for its members placed farther than the deployment's
// cross-region threshold (the CROSS_REGION_WARNING_MS var): told, not refused, so a game can
// say so.

import { crossRegionThresholdMs } from "../../server/placement/configured-regions.js";
import type { PlacementEnv } from "../../server/placement/placement-env.js";
import type { CrossRegionWarning } from "../../shared/regions/group-region.js";
import type { TicketRecord } from "./matchmaker-records.js";

/** One warning per member of `records` whose latency to `regionId` exceeds the threshold. */
export function regionWarnings(
  env: Pick<PlacementEnv, "CROSS_REGION_WARNING_MS">,
  records: readonly TicketRecord[],
  regionId: string,
): CrossRegionWarning[] {
  const thresholdMs = crossRegionThresholdMs(env);
  return records.flatMap((r) => {
    const ms = r.request.latencies[regionId] ?? 0;
    return ms > thresholdMs
      ? r.request.members.map((accountId) => ({
          accountId,
          regionId,
          expectedMs: ms,
          thresholdMs,
        }))
      : [];
  });
}
