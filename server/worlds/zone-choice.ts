// Whether a joining player may enter the zone it spawns in (spawn-zone.ts): not past the
// zone's player cap. Loads come from the zones' own reports through the world state, so they
// are up to one report old: the zone's room cap (the core refuses a HELLO past maxPlayers
// with 4005) is the hard limit behind it.

import type { ZoneId } from "../../shared/zones/zone-grid.js";

/** The zone entered, or why not. */
export type ZoneChoice =
  | { readonly ok: true; readonly zoneId: ZoneId }
  | { readonly ok: false; readonly code: "zone_full" | "unknown_zone" };

/**
 * @param zones every zone of the grid
 * @param loads the players of the zones that reported, by id (a zone that never did is empty)
 * @param capacity the per-zone player cap
 */
export function chooseZone(
  zones: readonly ZoneId[],
  loads: ReadonlyMap<ZoneId, number>,
  capacity: number,
  zoneId: ZoneId,
): ZoneChoice {
  if (!zones.includes(zoneId)) return { ok: false, code: "unknown_zone" };
  return (loads.get(zoneId) ?? 0) < capacity
    ? { ok: true, zoneId }
    : { ok: false, code: "zone_full" };
}
