// Game rooms: GET /v1/rooms/:roomId/ws opens a room WebSocket (docs/protocol.md), making a
// public room of the named game on first use; GET /v1/rooms/:roomId describes the room;
// POST /v1/rooms/:roomId/tickets issues a join ticket for it to those the room admits, and
// POST /v1/rooms/:roomId/spectator-tickets a spectator ticket to those who may watch it. One
// Durable Object per room id. Ids the matchmaker, lobbies and join-or-create give their
// rooms (mm-, lobby-, s-) are never made by a socket request: those rooms exist only as
// their maker configured them.

import { createRoute, z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { can, PERMISSION, signJoinTicket, signSpectatorTicket } from "../../server/auth/index.js";
import { ADDRESS_HEADER, ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import { ROOM_CREATE_HEADER, ROOM_PATH } from "../../server/placement/room-config.js";
import { GameName } from "../../shared/http/games-schemas.js";
import { JoinTicket, RoomId, RoomInfo, SpectatorTicket } from "../../shared/http/rooms-schemas.js";
import { ApiError } from "../api-error.js";
import { refuseIfBanned } from "../auth/issue-session.js";
import { signingKeys } from "../auth/signing-keys.js";
import { TOKEN_LIFETIMES } from "../auth/token-lifetimes.js";
import type { Env } from "../env.js";
import { clientIp, limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { registeredGame } from "../registered-game.js";

/** Room id prefixes of rooms made by the matchmaker, lobbies and join-or-create. */
export const RESERVED_ROOM_PREFIXES = ["mm-", "lobby-", "s-"] as const;

/** True for an id only the matchmaker, a lobby or join-or-create may make a room under. */
export function isReservedRoomId(roomId: string): boolean {
  return RESERVED_ROOM_PREFIXES.some((p) => roomId.startsWith(p));
}

/** The room a request names, as the Durable Object stub that runs it. */
export function roomStub(env: Env, roomId: string) {
  return env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
}

function forward(
  env: Env,
  request: Request,
  roomId: string,
  path: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(request.url);
  url.pathname = path;
  const headers = new Headers(request.headers);
  headers.set(ROOM_ID_HEADER, roomId);
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  return roomStub(env, roomId).fetch(new Request(url, { method: request.method, headers }));
}

/** A room's refusal (JSON `{ error }` with a 4xx) as the API's error. */
async function refused(res: Response): Promise<never> {
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  const code = body?.error?.code ?? "room_unavailable";
  const status = res.status as ContentfulStatusCode;
  throw new ApiError(status, code, body?.error?.message ?? `the room answered ${res.status}`);
}

const Params = z.object({ roomId: RoomId });

const SocketQuery = z.object({
  game: GameName.optional().meta({
    description:
      "The game of a public room made by this request (GET /v1/games); default: the deployment's first. Ignored for a room that exists.",
  }),
});

const socket = createRoute({
  method: "get",
  path: "/{roomId}/ws",
  tags: ["rooms"],
  summary: "Open a room WebSocket",
  description:
    "Upgrades to a WebSocket speaking the room protocol (docs/protocol.md). A room that does not exist is made as a public room of `game` (only for ids outside mm-, lobby- and s-). The first message, HELLO, carries an access token or a join ticket for this room; refusals close with 40xx/41xx codes (4108: a ticket room needs its ticket, 4109: the room was made for others, 4005: full, 4010: another game).",
  request: { params: Params, query: SocketQuery },
  responses: {
    101: { description: "Switching protocols: the room socket" },
    400: errorResponse("invalid_room_id, unknown_game"),
    404: errorResponse(
      "room_not_found: a reserved id no maker configured, or a ticket game's room nobody made",
    ),
    410: errorResponse(
      "game_not_served: the room's game left this deployment; room_closed: a placed room nobody joined in time",
    ),
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
    404: errorResponse("room_not_found"),
    410: errorResponse(
      "game_not_served: the room's game left this deployment; room_closed: a placed room nobody joined in time",
    ),
  },
});

const ticket = createRoute({
  method: "post",
  path: "/{roomId}/tickets",
  tags: ["rooms"],
  summary: "Get a join ticket for a room",
  description:
    "A short-lived (60 s) token that admits the caller to this room only: hand it to a client that should join this room and nothing else (the matchmaker issues the same). A private room (made by the matchmaker or a lobby) issues tickets only to the accounts it was made for.",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.PLAY), limitByAccount],
  request: { params: Params },
  responses: {
    200: { description: "A join ticket", content: { "application/json": { schema: JoinTicket } } },
    400: errorResponse("invalid_room_id"),
    ...AUTH_ERRORS,
    403: errorResponse("forbidden, banned, not_invited: the room was made for other players"),
    404: errorResponse("room_not_found"),
    410: errorResponse(
      "game_not_served: the room's game left this deployment; room_closed: a placed room nobody joined in time",
    ),
  },
});

const spectatorTicket = createRoute({
  method: "post",
  path: "/{roomId}/spectator-tickets",
  tags: ["rooms"],
  summary: "Get a spectator ticket for a room",
  description:
    "A short-lived (60 s) token that lets the caller watch this room — a spectator HELLO (docs/protocol.md) — and never play in it: a room refuses it in a player's HELLO (4104). A public room is open to every signed-in account's access token, so its ticket is optional; a private room (made by the matchmaker, a lobby or join-or-create for a ticket game) issues spectator tickets only to its members and to moderators and admins (`room.watch`).",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.PLAY), limitByAccount],
  request: { params: Params },
  responses: {
    200: {
      description: "A spectator ticket",
      content: { "application/json": { schema: SpectatorTicket } },
    },
    400: errorResponse("invalid_room_id"),
    ...AUTH_ERRORS,
    403: errorResponse(
      "forbidden, banned, not_invited: a private room, and the caller is neither one of its members nor a moderator or admin",
    ),
    404: errorResponse("room_not_found"),
    410: errorResponse(
      "game_not_served: the room's game left this deployment; room_closed: a placed room nobody joined in time",
    ),
  },
});

/** The room's access policy and whether `accountId` is one of its members. */
async function roomAccess(
  env: Env,
  roomId: string,
  accountId: string,
): Promise<{ access: string; member: boolean }> {
  const res = await roomStub(env, roomId).fetch(
    `https://room.internal${ROOM_PATH.ACCESS}?account=${encodeURIComponent(accountId)}`,
    { headers: { [ROOM_ID_HEADER]: roomId } },
  );
  if (!res.ok) return refused(res);
  return (await res.json()) as { access: string; member: boolean };
}

/** Room routes, mounted at /v1/rooms. */
export const rooms = createApi();

rooms.openapi(socket, async (c) => {
  const { roomId } = c.req.valid("param");
  const { game } = c.req.valid("query");
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "this endpoint takes a WebSocket upgrade");
  }
  // An unknown game is refused whether or not the room exists: the client asked for it.
  const made = registeredGame(c.var.games, game);
  // Only a public game's room is made by a socket: nobody could join a ticket room made here.
  const creates = !isReservedRoomId(roomId) && made.access === "public";
  const create: Record<string, string> = creates ? { [ROOM_CREATE_HEADER]: made.name } : {};
  create[ADDRESS_HEADER] = clientIp(c);
  const res = await forward(c.env, c.req.raw, roomId, ROOM_PATH.SOCKET, create);
  if (res.status === 404 && !creates && made.access === "ticket")
    throw new ApiError(
      404,
      "room_not_found",
      `no room ${roomId}; rooms of ${made.name} come from matchmaking, lobbies and join-or-create`,
    );
  return res.status === 101 ? res : refused(res);
});

rooms.openapi(info, async (c) => {
  const { roomId } = c.req.valid("param");
  // Always a GET to the room (a HEAD here would come back without the body read below); the
  // answer to a HEAD is this route's own, stripped of its body by the runtime.
  const get = new Request(c.req.raw, { method: "GET" });
  const res = await forward(c.env, get, roomId, ROOM_PATH.INFO);
  if (!res.ok) return refused(res);
  return c.json((await res.json()) as z.infer<typeof RoomInfo>, 200);
});

rooms.openapi(ticket, async (c) => {
  const { roomId } = c.req.valid("param");
  const { accountId, roles } = c.var.credential;
  const now = Date.now();
  // Refuse now rather than at the room: the caller learns why over HTTP.
  await refuseIfBanned(c.env.DB, accountId, now);
  const room = await roomAccess(c.env, roomId, accountId);
  if (room.access === "ticket" && !room.member)
    throw new ApiError(403, "not_invited", `room ${roomId} was made for other players`);
  const ring = await signingKeys(c.env);
  const ttlS = TOKEN_LIFETIMES.JOIN_TICKET_S;
  const token = await signJoinTicket(ring, { accountId, roles }, roomId, { now, ttlS });
  return c.json({ ticket: token, roomId, expiresAt: (Math.floor(now / 1000) + ttlS) * 1000 }, 200);
});

rooms.openapi(spectatorTicket, async (c) => {
  const { roomId } = c.req.valid("param");
  const { accountId, roles } = c.var.credential;
  const now = Date.now();
  await refuseIfBanned(c.env.DB, accountId, now);
  const room = await roomAccess(c.env, roomId, accountId);
  // A private match is watched by its own players and by staff, never by strangers.
  if (room.access === "ticket" && !room.member && !can(roles, PERMISSION.ROOM_WATCH))
    throw new ApiError(
      403,
      "not_invited",
      `room ${roomId} is private: its spectators are its players, moderators and admins`,
    );
  const ring = await signingKeys(c.env);
  const ttlS = TOKEN_LIFETIMES.SPECTATOR_TICKET_S;
  const token = await signSpectatorTicket(ring, { accountId, roles }, roomId, { now, ttlS });
  return c.json({ ticket: token, roomId, expiresAt: (Math.floor(now / 1000) + ttlS) * 1000 }, 200);
});
