// Placing a new game room: a Durable Object's location is fixed by its first get(), so the
// stub is taken with the region's locationHint and the room is configured at once (created
// there, before any player's request could place it elsewhere) with its game, mode, seats,
// teams and the accounts it admits. The room is registered in session search with its mode,
// region, capacity and properties, visible to its members only.

import type { Region } from "../../shared/regions/region.js";
import { type SessionPropertyValue, SessionRepository } from "../sessions/session-repository.js";
import type { PlacementEnv } from "./placement-env.js";
import { ROOM_ID_HEADER } from "./room-address.js";
import { ROOM_PATH, type RoomConfig } from "./room-config.js";

/** A placed room stays in search this long before its first heartbeat, ms. */
export const PLACED_ROOM_TTL_MS = 60_000;

/** What the placed room is for. */
export interface RoomPlacement {
  readonly roomId: string;
  readonly region: Region;
  readonly game: string;
  readonly mode: string;
  /** Seats: players the room is meant for (search shows it full at this count). */
  readonly capacity: number;
  /** The accounts the room admits, by team (one team: every member in it). */
  readonly teams: readonly (readonly string[])[];
  readonly origin: RoomConfig["origin"];
  /**
   * "ticket" (matchmaker and lobby rooms): only `teams`' accounts, who see it in search;
   * "public": anyone signed in.
   * @default "ticket"
   */
  readonly access?: RoomConfig["access"];
  readonly players?: number;
  readonly properties?: Readonly<Record<string, SessionPropertyValue>>;
}

/** Creates the room in its region and registers it; throws if the room cannot be reached. */
export async function placeRoom(env: PlacementEnv, p: RoomPlacement, now: number): Promise<void> {
  const id = env.GAME_ROOM.idFromName(p.roomId);
  const stub = env.GAME_ROOM.get(id, {
    locationHint: p.region.locationHint as DurableObjectLocationHint,
  });
  const members = p.teams.flat();
  const access = p.access ?? "ticket";
  const config: RoomConfig = {
    game: p.game,
    mode: p.mode,
    access,
    capacity: p.capacity,
    members,
    ...(p.teams.length > 1 ? { teams: p.teams.map((t) => [...t]) } : {}),
    origin: p.origin,
    region: p.region.id,
  };
  const res = await stub.fetch(`https://room.internal${ROOM_PATH.CONFIGURE}`, {
    method: "POST",
    headers: { [ROOM_ID_HEADER]: p.roomId, "Content-Type": "application/json" },
    body: JSON.stringify(config),
  });
  if (!res.ok) throw new Error(`room ${p.roomId} answered ${res.status}: ${await res.text()}`);
  await res.body?.cancel();
  await new SessionRepository(env.DB).register(
    {
      sessionId: p.roomId,
      kind: "room",
      game: p.game,
      mode: p.mode,
      access,
      members,
      region: p.region.id,
      players: p.players ?? 0,
      capacity: p.capacity,
      properties: p.properties ?? {},
    },
    now,
    PLACED_ROOM_TTL_MS,
  );
}

/**
 * Adds accounts to a ticket room's members (backfill, join-or-create), so their tickets
 * admit them; throws if the room cannot be reached or refuses.
 */
export async function addRoomMembers(
  env: Pick<PlacementEnv, "GAME_ROOM">,
  roomId: string,
  accountIds: readonly string[],
  /**
   * Refuse (RoomFullError) if the room would have more members than this. A room that closed
   * unclaimed (410) has no seat either.
   */
  upTo?: number,
): Promise<void> {
  const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
  const res = await stub.fetch(`https://room.internal${ROOM_PATH.MEMBERS}`, {
    method: "POST",
    headers: { [ROOM_ID_HEADER]: roomId, "Content-Type": "application/json" },
    body: JSON.stringify({ accountIds, upTo }),
  });
  if (res.status === 409 || res.status === 410) throw new RoomFullError(roomId);
  if (!res.ok)
    throw new Error(`room ${roomId} refused members (${res.status}): ${await res.text()}`);
  await res.body?.cancel();
}

/** A room that has as many members as `upTo` allowed, or that closed: no seat for more. */
export class RoomFullError extends Error {
  constructor(roomId: string) {
    super(`room ${roomId} has no seat left for another member`);
    this.name = "RoomFullError";
  }
}
