// Placing a new game room: a Durable Object's location is fixed by its first get(), so the
// stub is taken with the region's locationHint and the room is asked for its info at once
// (creating it there, before any player's request could place it elsewhere). The room is
// registered in session search with its mode, region, capacity and properties.

import type { Region } from "../../shared/regions/region.js";
import { type SessionPropertyValue, SessionRepository } from "../sessions/session-repository.js";
import type { PlacementEnv } from "./placement-env.js";
import { ROOM_ID_HEADER } from "./room-address.js";

/** A placed room stays in search this long before its first heartbeat, ms. */
export const PLACED_ROOM_TTL_MS = 60_000;

/** What the placed room is for. */
export interface RoomPlacement {
  readonly roomId: string;
  readonly region: Region;
  readonly mode: string;
  /** Players the room is meant for (search shows it full at this count). */
  readonly capacity: number;
  readonly players?: number;
  readonly properties?: Readonly<Record<string, SessionPropertyValue>>;
}

/** Creates the room in its region and registers it; throws if the room cannot be reached. */
export async function placeRoom(env: PlacementEnv, p: RoomPlacement, now: number): Promise<void> {
  const id = env.GAME_ROOM.idFromName(p.roomId);
  const stub = env.GAME_ROOM.get(id, {
    locationHint: p.region.locationHint as DurableObjectLocationHint,
  });
  const res = await stub.fetch("https://room.internal/info", {
    headers: { [ROOM_ID_HEADER]: p.roomId },
  });
  if (!res.ok) throw new Error(`room ${p.roomId} answered ${res.status}`);
  await res.body?.cancel();
  await new SessionRepository(env.DB).register(
    {
      sessionId: p.roomId,
      kind: "room",
      mode: p.mode,
      region: p.region.id,
      players: p.players ?? 0,
      capacity: p.capacity,
      properties: p.properties ?? {},
    },
    now,
    PLACED_ROOM_TTL_MS,
  );
}
