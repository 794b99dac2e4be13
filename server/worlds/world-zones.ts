// Where a zoned world's zones live: each zone is a game room Durable Object named
// `${worldId}/${zoneId}` (a name no room route accepts: zones are reached through
// /v1/worlds only), configured as the zone of its world. A zone is made by the first join
// route or neighbouring zone that needs it, with the locationHint of the region it is made
// for: an object's placement is fixed by its first get(), so the first player's region (or
// the neighbour's, for a zone a traveller opens) decides where the zone runs.

import type { ZoneId } from "../../shared/zones/zone-grid.js";
import type { RoomNamespace } from "../placement/placement-env.js";
import { ROOM_ID_HEADER } from "../placement/room-address.js";
import { ROOM_PATH, type RoomConfig } from "../placement/room-config.js";

/** World ids: 1–32 of a-z, 0-9 and `-`. */
export const WORLD_ID_PATTERN = /^[a-z0-9-]{1,32}$/;

/** The Durable Object name (and room id) of zone `zoneId` of world `worldId`. */
export function zoneRoomName(worldId: string, zoneId: ZoneId): string {
  return `${worldId}/${zoneId}`;
}

/** What a zone is made for. */
export interface ZonePlacement {
  readonly worldId: string;
  readonly zoneId: ZoneId;
  /** The zoned game the world runs. */
  readonly game: string;
  /** The per-zone player cap (the game's seats). */
  readonly capacity: number;
  /** The configured region's id and its locationHint. */
  readonly region: { readonly id: string; readonly locationHint: string };
}

/** The configuration a zone room is made with. */
export function zoneConfig(p: ZonePlacement): RoomConfig {
  return {
    game: p.game,
    // Zones are entered with a join ticket from the world route or a zone ticket from a
    // neighbour, never with a bare access token (a second avatar of the same account).
    access: "ticket",
    capacity: p.capacity,
    origin: "world",
    zone: { worldId: p.worldId, zoneId: p.zoneId },
    region: p.region.id,
  };
}

/**
 * Makes the zone if nobody did (configured in its region), or leaves it as it is: a zone
 * made for another region first (409 room_exists) runs where it was placed.
 * @throws Error when the zone cannot be reached or refuses for another reason
 */
export async function openZone(ns: RoomNamespace, p: ZonePlacement): Promise<void> {
  const name = zoneRoomName(p.worldId, p.zoneId);
  const stub = ns.get(ns.idFromName(name), {
    locationHint: p.region.locationHint as DurableObjectLocationHint,
  });
  const res = await stub.fetch(`https://room.internal${ROOM_PATH.CONFIGURE}`, {
    method: "POST",
    headers: { [ROOM_ID_HEADER]: name, "Content-Type": "application/json" },
    body: JSON.stringify(zoneConfig(p)),
  });
  if (res.ok || res.status === 409) {
    await res.body?.cancel();
    return;
  }
  throw new Error(`zone ${name} answered ${res.status}: ${await res.text()}`);
}
