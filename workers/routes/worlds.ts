// Zoned worlds (docs/zones.md): POST /v1/worlds/:worldId/join places the caller in the zone
// its avatar spawns in (the game decides, by name: spawn-zone.ts), made in the caller's
// region if nobody made it yet, refused at the zone's cap — and issues the zone's join ticket; GET /v1/worlds/:worldId/zones/:zoneId/ws
// is the zone's room socket; GET /v1/worlds/:worldId describes the world (grid, zones' load,
// clock, leaderboard) from its WorldState object; the chat routes read and add world chat.

import { createRoute, z } from "@hono/zod-openapi";
import { PERMISSION, signJoinTicket } from "../../server/auth/index.js";
import type { RegisteredGame } from "../../server/games/game-registry.js";
import { ADDRESS_HEADER, ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import { ROOM_PATH } from "../../server/placement/room-config.js";
import { spawnZone } from "../../server/worlds/spawn-zone.js";
import { openZone, zoneRoomName } from "../../server/worlds/world-zones.js";
import { chooseZone } from "../../server/worlds/zone-choice.js";
import {
  ChatLine as ChatLineSchema,
  ChatPage,
  JoinWorldRequest,
  PostChat,
  WorldId,
  WorldInfo,
  WorldPlacement,
  ZoneIdParam,
} from "../../shared/http/worlds-schemas.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import { ZoneGrid } from "../../shared/zones/zone-grid.js";
import type { ZonedGame } from "../../shared/zones/zoned-game.js";
import { ApiError } from "../api-error.js";
import { refuseIfBanned } from "../auth/issue-session.js";
import { signingKeys } from "../auth/signing-keys.js";
import { TOKEN_LIFETIMES } from "../auth/token-lifetimes.js";
import type { Env } from "../env.js";
import { clientIp, limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { requestRegion } from "../regions/request-region.js";

/** World milliseconds per real millisecond of a world made here: a real minute is a world hour. */
export const WORLD_CLOCK_RATE = 60;

/** The world's state object; 503 where the deployment binds none. */
function worldStub(env: Env, worldId: string) {
  const ns = env.WORLD_STATE;
  if (!ns) throw new ApiError(503, "worlds_not_configured", "this deployment binds no WORLD_STATE");
  return ns.get(ns.idFromName(worldId));
}

/** The zoned game named `name`, or the deployment's first zoned game. */
function zonedGame(games: readonly RegisteredGame[], name?: string): RegisteredGame {
  const zoned = games.filter((g) => (g.definition as Partial<ZonedGame<unknown>>).zones);
  const game = name === undefined ? zoned[0] : zoned.find((g) => g.name === name);
  if (!game)
    throw new ApiError(
      400,
      "unknown_game",
      name === undefined ? "this deployment serves no zoned game" : `no zoned game "${name}"`,
    );
  return game;
}

function zonesOf(game: RegisteredGame) {
  const decl = (game.definition as ZonedGame<unknown>).zones;
  return { grid: new ZoneGrid(decl.grid), options: decl.grid };
}

const Params = z.object({ worldId: WorldId });
const ZoneParams = z.object({ worldId: WorldId, zoneId: ZoneIdParam });
const WORLD_ERRORS = {
  503: errorResponse("worlds_not_configured: the deployment binds no WORLD_STATE"),
} as const;

const info = createRoute({
  method: "get",
  path: "/{worldId}",
  tags: ["worlds"],
  summary: "Describe a world: grid, zones' load, clock, leaderboard",
  description:
    "Read from the world's state object: zones' loads are their last reports (every few seconds), the clock is exact, the leaderboard counts zones entered per account.",
  request: { params: Params },
  responses: {
    200: { description: "The world", content: { "application/json": { schema: WorldInfo } } },
    404: errorResponse("world_not_found: nobody joined this world yet"),
    410: errorResponse("game_not_served: the world's game left this deployment"),
    ...WORLD_ERRORS,
  },
});

const join = createRoute({
  method: "post",
  path: "/{worldId}/join",
  tags: ["worlds"],
  summary: "Join a world: the zone to enter and its join ticket",
  description:
    "Makes the world on first use (its game: `game`, default the deployment's first zoned game). Places the caller in the zone where the game spawns a player named `name` (say HELLO with that same name); a zone nobody made yet is made in the caller's region. Connect to `socketPath` with HELLO carrying `ticket` (60 s). From there the zones hand the player on as it walks (docs/zones.md).",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.PLAY), limitByAccount],
  request: {
    params: Params,
    body: { content: { "application/json": { schema: JoinWorldRequest } }, required: true },
  },
  responses: {
    200: {
      description: "The zone and its ticket",
      content: { "application/json": { schema: WorldPlacement } },
    },
    400: errorResponse("unknown_game, invalid_body"),
    ...AUTH_ERRORS,
    409: errorResponse(
      "zone_full: the player's spawn zone is at its player cap (retry later or with another name); world_exists: the world runs another game",
    ),
    ...WORLD_ERRORS,
  },
});

const socket = createRoute({
  method: "get",
  path: "/{worldId}/zones/{zoneId}/ws",
  tags: ["worlds"],
  summary: "Open a zone's room WebSocket",
  description:
    "The room protocol (docs/protocol.md) of one zone. HELLO carries the zone's join ticket from /join or a zone ticket from the neighbour the player is leaving; 4005 when the zone is full.",
  request: { params: ZoneParams },
  responses: {
    101: { description: "Switching protocols: the zone socket" },
    404: errorResponse("room_not_found: a zone nobody made"),
    426: errorResponse("upgrade_required: a plain request to the socket endpoint"),
  },
});

const chat = createRoute({
  method: "get",
  path: "/{worldId}/chat",
  tags: ["worlds"],
  summary: "World chat lines after a seq",
  request: {
    params: Params,
    query: z.object({ after: z.coerce.number().int().min(0).default(0) }),
  },
  responses: {
    200: { description: "Lines", content: { "application/json": { schema: ChatPage } } },
    404: errorResponse("world_not_found"),
    ...WORLD_ERRORS,
  },
});

const post = createRoute({
  method: "post",
  path: "/{worldId}/chat",
  tags: ["worlds"],
  summary: "Say something to the whole world",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.PLAY), limitByAccount],
  request: {
    params: Params,
    body: { content: { "application/json": { schema: PostChat } }, required: true },
  },
  responses: {
    200: {
      description: "The line, numbered",
      content: { "application/json": { schema: ChatLineSchema } },
    },
    ...AUTH_ERRORS,
    404: errorResponse("world_not_found"),
    ...WORLD_ERRORS,
  },
});

/** World routes, mounted at /v1/worlds. */
export const worlds = createApi();

worlds.openapi(info, async (c) => {
  const { worldId } = c.req.valid("param");
  const read = await worldStub(c.env, worldId).read(0);
  if (!read) throw new ApiError(404, "world_not_found", `nobody joined world ${worldId} yet`);
  const game = c.var.games.get(read.view.game);
  if (!game) throw new ApiError(410, "game_not_served", `world ${worldId} runs ${read.view.game}`);
  const { view } = read;
  return c.json(
    {
      worldId,
      game: view.game,
      grid: zonesOf(game).options,
      capacityPerZone: resolveRoomOptions(game.definition.roomOptions).maxPlayers,
      version: view.version,
      worldTimeMs: view.worldTimeMs,
      clock: view.clock,
      zones: view.zones.map(({ zoneId, players, tickP99Ms, region, at }) => ({
        zoneId,
        players,
        tickP99Ms,
        region,
        at,
      })),
      leaderboard: [...view.leaderboard],
      chatSeq: view.chatSeq,
    },
    200,
  );
});

worlds.openapi(join, async (c) => {
  const { worldId } = c.req.valid("param");
  const body = c.req.valid("json");
  const { accountId, roles } = c.var.credential;
  const now = Date.now();
  await refuseIfBanned(c.env.DB, accountId, now);
  const asked = zonedGame(c.var.games.list(), body.game);
  const view = await worldStub(c.env, worldId).open({
    game: asked.name,
    clockRate: WORLD_CLOCK_RATE,
  });
  if (view.game !== asked.name && body.game !== undefined)
    throw new ApiError(409, "world_exists", `world ${worldId} runs ${view.game}`);
  const game = c.var.games.get(view.game);
  if (!game) throw new ApiError(410, "game_not_served", `world ${worldId} runs ${view.game}`);
  const { grid } = zonesOf(game);
  const capacity = resolveRoomOptions(game.definition.roomOptions).maxPlayers;
  const loads = new Map(view.zones.map((z) => [z.zoneId, z.players]));
  const spawn = spawnZone(game.definition as ZonedGame<unknown>, grid, body.name);
  const choice = chooseZone(grid.ids, loads, capacity, spawn);
  if (!choice.ok)
    throw new ApiError(
      409,
      "zone_full",
      `zone ${spawn} of ${worldId} holds its ${capacity} players: retry later`,
    );
  const region = requestRegion(c, body.region).region;
  await openZone(c.env.GAME_ROOM, {
    worldId,
    zoneId: choice.zoneId,
    game: game.name,
    capacity,
    region: { id: region.id, locationHint: region.locationHint },
  });
  const ring = await signingKeys(c.env);
  const ttlS = TOKEN_LIFETIMES.JOIN_TICKET_S;
  const room = zoneRoomName(worldId, choice.zoneId);
  const ticket = await signJoinTicket(ring, { accountId, roles }, room, { now, ttlS });
  return c.json(
    {
      worldId,
      zoneId: choice.zoneId,
      game: game.name,
      ticket,
      expiresAt: (Math.floor(now / 1000) + ttlS) * 1000,
      socketPath: `/v1/worlds/${worldId}/zones/${choice.zoneId}/ws`,
      region: region.id,
    },
    200,
  );
});

worlds.openapi(socket, async (c) => {
  const { worldId, zoneId } = c.req.valid("param");
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError(426, "upgrade_required", "this endpoint takes a WebSocket upgrade");
  const room = zoneRoomName(worldId, zoneId);
  const url = new URL(c.req.url);
  url.pathname = ROOM_PATH.SOCKET;
  const headers = new Headers(c.req.raw.headers);
  headers.set(ROOM_ID_HEADER, room);
  headers.set(ADDRESS_HEADER, clientIp(c));
  const stub = c.env.GAME_ROOM.get(c.env.GAME_ROOM.idFromName(room));
  const res = await stub.fetch(new Request(url, { method: "GET", headers }));
  if (res.status === 101) return res;
  const err = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string } }
    | undefined;
  throw new ApiError(404, err?.error?.code ?? "room_not_found", `no zone ${zoneId} in ${worldId}`);
});

worlds.openapi(chat, async (c) => {
  const { worldId } = c.req.valid("param");
  const { after } = c.req.valid("query");
  const read = await worldStub(c.env, worldId).read(after);
  if (!read) throw new ApiError(404, "world_not_found", `nobody joined world ${worldId} yet`);
  return c.json({ lines: [...read.chat], chatSeq: read.view.chatSeq }, 200);
});

worlds.openapi(post, async (c) => {
  const { worldId } = c.req.valid("param");
  const { name, text } = c.req.valid("json");
  const stub = worldStub(c.env, worldId);
  if (!(await stub.read(Number.MAX_SAFE_INTEGER)))
    throw new ApiError(404, "world_not_found", `nobody joined world ${worldId} yet`);
  const line = await stub.post({ accountId: c.var.credential.accountId, name, text });
  return c.json(line, 200);
});
