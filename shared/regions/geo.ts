// Distances on the globe and the latency they imply, for when a player has not measured
// real round trips yet.

/** A point on the globe, degrees. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance between two points, km (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Fixed cost of any round trip (last mile, TLS-terminated edge, the object's event loop), ms. */
export const BASE_RTT_MS = 10;

/**
 * Light in fibre covers ~200 km per ms and routes are ~1.5× the great circle, so a round
 * trip costs ~1.5 × 2 / 200 = 0.015 ms per km of distance.
 */
export const RTT_MS_PER_KM = 0.015;

/**
 * The round trip a player at `from` can expect to a server at `to`, ms: an estimate from
 * distance, used only where no measurement exists.
 * @example
 * estimateRttMs({ lat: 48.9, lon: 2.4 }, { lat: 50.1, lon: 8.7 }) // ≈ 17 (Paris → Frankfurt)
 */
export function estimateRttMs(from: GeoPoint, to: GeoPoint): number {
  return Math.round(BASE_RTT_MS + RTT_MS_PER_KM * distanceKm(from, to));
}
