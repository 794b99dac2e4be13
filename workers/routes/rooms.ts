// Game rooms: GET /v1/rooms/:roomId/ws opens a room WebSocket (docs/protocol.md);
// GET /v1/rooms/:roomId describes the room. One Durable Object per room id.

import { Hono } from "hono";
import { ROOM_ID_HEADER } from "../../durable-objects/game-room/game-room.js";
import { ApiError } from "../api-error.js";
import type { AppEnv, Env } from "../env.js";

/** Room ids: 1–64 characters of letters, digits, `-` and `_`. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function roomStub(env: Env, roomId: string): DurableObjectStub {
  if (!ROOM_ID_PATTERN.test(roomId)) {
    throw new ApiError(
      400,
      "invalid_room_id",
      "room id must be 1-64 characters of A-Z, a-z, 0-9, - and _",
    );
  }
  return env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
}

function forward(
  stub: DurableObjectStub,
  request: Request,
  roomId: string,
  path: string,
): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = path;
  const headers = new Headers(request.headers);
  headers.set(ROOM_ID_HEADER, roomId);
  return stub.fetch(new Request(url, { method: request.method, headers }));
}

/** Room routes. */
export const rooms = new Hono<AppEnv>()
  .get("/:roomId/ws", (c) => {
    const roomId = c.req.param("roomId");
    const stub = roomStub(c.env, roomId);
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "upgrade_required", "this endpoint takes a WebSocket upgrade");
    }
    return forward(stub, c.req.raw, roomId, "/ws");
  })
  .get("/:roomId", (c) => {
    const roomId = c.req.param("roomId");
    return forward(roomStub(c.env, roomId), c.req.raw, roomId, "/info");
  });
