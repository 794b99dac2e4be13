// The world page's HTTP calls: joining a world (POST /v1/worlds/:worldId/join, which places
// the player in the zone its avatar spawns in and answers that zone's ticket) and reading the
// world's zones' load reports (GET /v1/worlds/:worldId) for the minimap's player counts. The
// typed HTTP client has no world calls yet, so these go through fetch with the session's
// access token, and the answers are validated by the schemas the Worker declares its routes
// with.

import { WorldInfo, WorldPlacement } from "../../../shared/http/worlds-schemas.js";

/** Where the join placed the player: its zone and the zone's join ticket. */
export type Placement = ReturnType<typeof WorldPlacement.parse>;

/** The players each zone counted in its last load report (a report is up to 2 s old). */
export type ZonePlayers = ReadonlyMap<string, number>;

/** An answer other than 2xx, with the API's error code when the body carries one. */
export class WorldApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Joins world `worldId` as `name` (the name the HELLO will carry: the avatar spawns by it). */
export async function joinWorld(
  origin: string,
  worldId: string,
  name: string,
  accessToken: string,
): Promise<Placement> {
  const res = await fetch(`${origin}/v1/worlds/${encodeURIComponent(worldId)}/join`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name }),
  });
  return WorldPlacement.parse(await answer(res));
}

/** Each zone's player count from its last load report; empty before any zone reported. */
export async function zonePlayers(origin: string, worldId: string): Promise<ZonePlayers> {
  const res = await fetch(`${origin}/v1/worlds/${encodeURIComponent(worldId)}`);
  const info = WorldInfo.parse(await answer(res));
  return new Map(info.zones.map((z) => [z.zoneId, z.players]));
}

/** The JSON body of a 2xx answer; otherwise a WorldApiError with the body's error code. */
async function answer(res: Response): Promise<unknown> {
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body;
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === "string" ? error.code : "http_error";
  const message = typeof error?.message === "string" ? error.message : res.statusText;
  throw new WorldApiError(res.status, code, `${res.status} ${code}: ${message}`);
}
