// Game rooms: GET /v1/rooms/:roomId/ws opens a room WebSocket (docs/protocol.md);
// GET /v1/rooms/:roomId describes the room; POST /v1/rooms/:roomId/tickets issues a join
// ticket for it. One Durable Object per room id.

import { createRoute, z } from "@hono/zod-openapi";
import { PERMISSION, signJoinTicket } from "../../server/auth/index.js";
import { ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import { JoinTicket, RoomId, RoomInfo } from "../../shared/http/rooms-schemas.js";
import { ApiError } from "../api-error.js";
import { refuseIfBanned } from "../auth/issue-session.js";
import { signingKeys } from "../auth/signing-keys.js";
import { TOKEN_LIFETIMES } from "../auth/token-lifetimes.js";
import type { Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";

/** The room a request names, as the Durable Object stub that runs it. */
export function roomStub(env: Env, roomId: string) {
  return env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
}

function forward(env: Env, request: Request, roomId: string, path: string): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = path;
  const headers = new Headers(request.headers);
  headers.set(ROOM_ID_HEADER, roomId);
  return roomStub(env, roomId).fetch(new Request(url, { method: request.method, headers }));
}

const Params = z.object({ roomId: RoomId });

const socket = createRoute({
  method: "get",
  path: "/{roomId}/ws",
  tags: ["rooms"],
  summary: "Open a room WebSocket",
  description:
    "Upgrades to a WebSocket speaking the room protocol (docs/protocol.md). The first message, HELLO, carries an access token or a join ticket for this room; refusals close with 41xx codes.",
  request: { params: Params },
  responses: {
    101: { description: "Switching protocols: the room socket" },
    400: errorResponse("invalid_room_id"),
    426: errorResponse("upgrade_required: a plain request to the socket endpoint"),
  },
});

const info = createRoute({
  method: "get",
  path: "/{roomId}",
  tags: ["rooms"],
  summary: "Describe a room without joining it",
  request: { params: Params },
  responses: {
    200: { description: "The room", content: { "application/json": { schema: RoomInfo } } },
    400: errorResponse("invalid_room_id"),
  },
});

const ticket = createRoute({
  method: "post",
  path: "/{roomId}/tickets",
  tags: ["rooms"],
  summary: "Get a join ticket for a room",
  description:
    "A short-lived (60 s) token that admits the caller to this room only: hand it to a client that should join this room and nothing else (the matchmaker issues the same).",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.PLAY), limitByAccount],
  request: { params: Params },
  responses: {
    200: { description: "A join ticket", content: { "application/json": { schema: JoinTicket } } },
    400: errorResponse("invalid_room_id"),
    ...AUTH_ERRORS,
  },
});

/** Room routes, mounted at /v1/rooms. */
export const rooms = createApi();

rooms.openapi(socket, (c) => {
  const { roomId } = c.req.valid("param");
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "this endpoint takes a WebSocket upgrade");
  }
  return forward(c.env, c.req.raw, roomId, "/ws");
});

rooms.openapi(info, async (c) => {
  const { roomId } = c.req.valid("param");
  const res = await forward(c.env, c.req.raw, roomId, "/info");
  return c.json((await res.json()) as z.infer<typeof RoomInfo>, 200);
});

rooms.openapi(ticket, async (c) => {
  const { roomId } = c.req.valid("param");
  const { accountId, roles } = c.var.credential;
  const now = Date.now();
  // Refuse now rather than at the room: the caller learns why over HTTP.
  await refuseIfBanned(c.env.DB, accountId, now);
  const ring = await signingKeys(c.env);
  const ttlS = TOKEN_LIFETIMES.JOIN_TICKET_S;
  const token = await signJoinTicket(ring, { accountId, roles }, roomId, { now, ttlS });
  return c.json({ ticket: token, roomId, expiresAt: (Math.floor(now / 1000) + ttlS) * 1000 }, 200);
});
