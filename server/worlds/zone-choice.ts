// Which zone a joining player enters: the one asked for if it has a seat, else the least
// loaded zone with a seat (ties go to the first in the grid's order, so a quiet world fills
// one zone's neighbourhood rather than scattering its first players). Loads come from the
// zones' own reports through the world state, so they are up to one report old: the zone's
// room cap (the core refuses a HELLO past maxPlayers with 4005) is the hard limit behind it.

import type { ZoneId } from "../../shared/zones/zone-grid.js";

/** What the route learned about a zone. */
export interface ZoneSeats {
  readonly zoneId: ZoneId;
  readonly players: number;
}

/** The chosen zone, or why none. */
export type ZoneChoice =
  | { readonly ok: true; readonly zoneId: ZoneId }
  | { readonly ok: false; readonly code: "zone_full" | "world_full" | "unknown_zone" };

/**
 * @param zones every zone of the grid, in order
 * @param loads the zones that reported, by id (a zone that never did is empty)
 * @param capacity the per-zone player cap
 */
export function chooseZone(
  zones: readonly ZoneId[],
  loads: ReadonlyMap<ZoneId, number>,
  capacity: number,
  requested?: ZoneId,
): ZoneChoice {
  const players = (id: ZoneId) => loads.get(id) ?? 0;
  if (requested !== undefined) {
    if (!zones.includes(requested)) return { ok: false, code: "unknown_zone" };
    return players(requested) < capacity
      ? { ok: true, zoneId: requested }
      : { ok: false, code: "zone_full" };
  }
  let best: ZoneId | undefined;
  for (const id of zones)
    if (players(id) < capacity && (best === undefined || players(id) < players(best))) best = id;
  return best === undefined ? { ok: false, code: "world_full" } : { ok: true, zoneId: best };
}
