// Regions: configuration, detection from the request's location, and the choice for a group.
export {
  type DetectedRegion,
  type DetectionMethod,
  detectRegion,
  nearestRegion,
  pointOf,
  type RequestLocation,
} from "./detect-region.js";
export { BASE_RTT_MS, distanceKm, estimateRttMs, type GeoPoint, RTT_MS_PER_KM } from "./geo.js";
export {
  type CrossRegionWarning,
  chooseGroupRegion,
  DEFAULT_CROSS_REGION_THRESHOLD_MS,
  expectedLatencyMs,
  type GroupMember,
  type GroupRegionChoice,
} from "./group-region.js";
export { DEFAULT_REGIONS, parseRegions, type Region, RegionConfigError } from "./region.js";
