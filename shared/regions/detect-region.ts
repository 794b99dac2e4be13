// Which region a request comes from: the nearest by coordinates when the edge knows them,
// else the region serving the continent, else the first configured. A player's explicit
// choice overrides all of it.

import { distanceKm, type GeoPoint } from "./geo.js";
import type { Region } from "./region.js";

/** The parts of Cloudflare's `request.cf` that locate a client (all optional, as in tests and locally). */
export interface RequestLocation {
  readonly latitude?: string | number;
  readonly longitude?: string | number;
  readonly continent?: string;
  readonly country?: string;
}

/** How a region was chosen. */
export type DetectionMethod = "override" | "coordinates" | "continent" | "default";

/** A detected region and, when known, where the client is. */
export interface DetectedRegion {
  readonly region: Region;
  readonly method: DetectionMethod;
  /** The client's coordinates, when the edge reported them. */
  readonly point?: GeoPoint;
  readonly country?: string;
}

function coordinate(v: string | number | undefined, limit: number): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/** The client's coordinates from `request.cf`, if both are present and valid. */
export function pointOf(location: RequestLocation | undefined): GeoPoint | undefined {
  const lat = coordinate(location?.latitude, 90);
  const lon = coordinate(location?.longitude, 180);
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

/** The region nearest to `point` (the first of equals). */
export function nearestRegion(regions: readonly Region[], point: GeoPoint): Region {
  let best = regions[0]!;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const r of regions) {
    const km = distanceKm(point, r);
    if (km < bestKm) {
      best = r;
      bestKm = km;
    }
  }
  return best;
}

/**
 * Detects the region of a client.
 * @param override a region id the player chose; honoured when it is configured
 * @example
 * detectRegion(regions, request.cf, url.searchParams.get("region") ?? undefined)
 */
export function detectRegion(
  regions: readonly Region[],
  location: RequestLocation | undefined,
  override?: string,
): DetectedRegion {
  const point = pointOf(location);
  const country = location?.country;
  const extra = { ...(point ? { point } : {}), ...(country ? { country } : {}) };
  const chosen = override ? regions.find((r) => r.id === override) : undefined;
  if (chosen) return { region: chosen, method: "override", ...extra };
  if (point) return { region: nearestRegion(regions, point), method: "coordinates", ...extra };
  const continent = location?.continent;
  const byContinent = continent ? regions.find((r) => r.continents.includes(continent)) : undefined;
  if (byContinent) return { region: byContinent, method: "continent", ...extra };
  return { region: regions[0]!, method: "default", ...extra };
}
