// Lobbies: POST /v1/lobbies creates one (the caller hosts; its code is its id), GET reads
// it, POST .../members joins and DELETE .../members/me leaves; GET .../ws opens the member
// WebSocket (docs/protocol.md#lobby-protocol) for ready, chat, settings, kick, mute and start.
// One Lobby Durable Object per code; the Worker verifies the caller and locates them.

import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { LobbyAnswer, LobbyFailure } from "../../durable-objects/lobby/lobby.js";
import { PERMISSION } from "../../server/auth/index.js";
import {
  CreateLobby,
  LOBBY_CODE_ALPHABET,
  LobbyAnswer as LobbyBody,
  LobbyCode,
  LobbySettings as Settings,
} from "../../shared/http/lobbies-schemas.js";
import type { JoiningMember } from "../../shared/lobby/lobby-core.js";
import { ApiError } from "../api-error.js";
import type { AppEnv, Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { requestRegion } from "../regions/request-region.js";
import { registeredGame } from "../registered-game.js";
import { findAccount } from "../repositories/accounts.js";

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const CodeParams = z.object({ code: LobbyCode });

const body = { content: { "application/json": { schema: LobbyBody } } };
const LOBBY_ERRORS = {
  400: errorResponse(
    "invalid_code, invalid_request, unknown_game: settings.game is not registered",
  ),
  404: errorResponse("not_found: no such lobby (or not a member)"),
  409: errorResponse("lobby_full, lobby_started, lobby_closed, lobby_starting"),
  ...AUTH_ERRORS,
} as const;

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["lobbies"],
  summary: "Create a lobby hosted by the caller",
  security: BEARER,
  middleware: guard,
  request: {
    body: {
      content: { "application/json": { schema: CreateLobby } },
    },
  },
  responses: { 201: { description: "The new lobby", ...body }, ...LOBBY_ERRORS },
});

const read = createRoute({
  method: "get",
  path: "/{code}",
  tags: ["lobbies"],
  summary: "Read a lobby (members get a join ticket once it has started)",
  security: BEARER,
  middleware: guard,
  request: { params: CodeParams },
  responses: { 200: { description: "The lobby", ...body }, ...LOBBY_ERRORS },
});

const join = createRoute({
  method: "post",
  path: "/{code}/members",
  tags: ["lobbies"],
  summary: "Join a lobby by its code",
  security: BEARER,
  middleware: guard,
  request: { params: CodeParams },
  responses: {
    200: { description: "Joined", ...body },
    ...LOBBY_ERRORS,
    403: errorResponse("kicked: removed from this lobby; forbidden: the token lacks play"),
  },
});

const leave = createRoute({
  method: "delete",
  path: "/{code}/members/me",
  tags: ["lobbies"],
  summary: "Leave a lobby",
  security: BEARER,
  middleware: guard,
  request: { params: CodeParams },
  responses: { 200: { description: "Left; the lobby as it is now", ...body }, ...LOBBY_ERRORS },
});

const socket = createRoute({
  method: "get",
  path: "/{code}/ws",
  tags: ["lobbies"],
  summary: "Open the member WebSocket",
  description:
    'JSON text frames (docs/protocol.md#lobby-protocol). The first message is `{"type":"hello","token":<access token>}` of a member.',
  request: { params: CodeParams },
  responses: {
    101: { description: "Switching protocols" },
    400: errorResponse("invalid_code"),
    426: errorResponse("upgrade_required"),
  },
});

const STATUS: Record<string, ContentfulStatusCode> = {
  not_found: 404,
  not_a_member: 404,
  kicked: 403,
  invalid_request: 400,
  unknown_game: 400,
};

function lobbyStub(env: Env, code: string) {
  return env.LOBBY.get(env.LOBBY.idFromName(code));
}

function unwrap(answer: LobbyAnswer | LobbyFailure) {
  if (!answer.ok) throw new ApiError(STATUS[answer.code] ?? 409, answer.code, answer.message);
  return { lobby: answer.lobby, ...(answer.ticket ? { ticket: answer.ticket } : {}) } as z.infer<
    typeof LobbyBody
  >;
}

/** The caller as a lobby member: display name from D1, region from the request. */
async function joiningMember(c: Context<AppEnv>): Promise<JoiningMember> {
  const { accountId, roles } = c.var.credential;
  const account = await findAccount(c.env.DB, accountId);
  const detected = requestRegion(c);
  return {
    accountId,
    name: account?.displayName ?? "player",
    roles,
    regionId: detected.region.id,
    point: detected.point ?? { lat: detected.region.lat, lon: detected.region.lon },
  };
}

function newCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return [...bytes].map((b) => LOBBY_CODE_ALPHABET[b % LOBBY_CODE_ALPHABET.length]).join("");
}

/** Lobby routes, mounted at /v1/lobbies. */
export const lobbies = createApi();

lobbies.openapi(create, async (c) => {
  const settings =
    ((await c.req.json().catch(() => ({}))) as { settings?: z.infer<typeof Settings> }).settings ??
    {};
  const parsed = Settings.safeParse(settings);
  if (!parsed.success)
    throw new ApiError(
      400,
      "invalid_request",
      parsed.error.issues[0]?.message ?? "invalid settings",
    );
  // The lobby's rooms run a registered game: named, or the deployment's first.
  const game = registeredGame(c.var.games, parsed.data.game || undefined);
  const chosen = { ...parsed.data, game: game.name };
  const host = await joiningMember(c);
  // 31^6 ≈ 887 million codes: a collision is rare, and a few retries make it vanishing.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newCode();
    const answer = await lobbyStub(c.env, code).create(code, host, chosen);
    if (!answer.ok && answer.code === "code_taken") continue;
    return c.json(unwrap(answer), 201);
  }
  throw new ApiError(503, "internal", "no free lobby code; try again");
});

lobbies.openapi(read, async (c) => {
  const { code } = c.req.valid("param");
  const answer = await lobbyStub(c.env, code).describe(c.var.credential.accountId);
  return c.json(unwrap(answer), 200);
});

lobbies.openapi(join, async (c) => {
  const { code } = c.req.valid("param");
  return c.json(unwrap(await lobbyStub(c.env, code).join(await joiningMember(c))), 200);
});

lobbies.openapi(leave, async (c) => {
  const { code } = c.req.valid("param");
  return c.json(unwrap(await lobbyStub(c.env, code).leave(c.var.credential.accountId)), 200);
});

lobbies.openapi(socket, (c) => {
  const { code } = c.req.valid("param");
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError(426, "upgrade_required", "this endpoint takes a WebSocket upgrade");
  return lobbyStub(c.env, code).fetch(c.req.raw);
});
