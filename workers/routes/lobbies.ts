// Lobbies: POST /v1/lobbies creates one (the caller hosts; its code is its id), GET reads
// it, POST .../members joins and DELETE .../members/me leaves; GET .../ws opens the member
// WebSocket (docs/protocol.md#lobby-protocol) for ready, chat, settings, kick, mute and start.
// One Lobby Durable Object per code; the Worker verifies the caller and locates them.

import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PERMISSION } from "../../server/auth/index.js";
import type { LobbyAnswer, LobbyFailure } from "../../durable-objects/lobby/lobby.js";
import type { JoiningMember } from "../../shared/lobby/lobby-core.js";
import { ApiError } from "../api-error.js";
import type { AppEnv, Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { CrossRegionWarning, IssuedTicket, Properties } from "../openapi/placement-schemas.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { requestRegion } from "../regions/request-region.js";
import { findAccount } from "../repositories/accounts.js";

/** Lobby codes: 6 characters without look-alikes (no 0/O, 1/I/L). */
export const LOBBY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;
const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const Settings = z
  .object({
    maxPlayers: z.number().int().min(2).max(64).optional(),
    minPlayers: z.number().int().min(1).max(64).optional(),
    countdownMs: z.number().int().min(0).max(30_000).optional(),
    mode: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .optional(),
    properties: Properties.optional(),
  })
  .openapi("LobbySettings", {
    example: {
      maxPlayers: 4,
      minPlayers: 2,
      countdownMs: 3000,
      mode: "ffa",
      properties: { map: "dust" },
    },
  });

const Lobby = z
  .object({
    code: z.string(),
    phase: z.enum(["open", "countdown", "starting", "started", "closed"]),
    hostId: z.string(),
    settings: z.object({
      maxPlayers: z.number().int(),
      minPlayers: z.number().int(),
      countdownMs: z.number().int(),
      mode: z.string(),
      properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
    members: z.array(
      z.object({
        accountId: z.string(),
        name: z.string(),
        roles: z.array(z.string()),
        host: z.boolean(),
        ready: z.boolean(),
        muted: z.boolean(),
        connected: z.boolean(),
        regionId: z.string().optional(),
      }),
    ),
    countdownEndsAt: z.number().int().optional(),
    game: z
      .object({
        roomId: z.string(),
        regionId: z.string(),
        startedAt: z.number().int(),
        warnings: z.array(CrossRegionWarning),
      })
      .optional(),
  })
  .openapi("Lobby");

const LobbyBody = z
  .object({
    lobby: Lobby,
    ticket: IssuedTicket.optional().openapi({
      description: "When the lobby's game has started: a fresh join ticket for it.",
    }),
  })
  .openapi("LobbyAnswer", {
    example: {
      lobby: {
        code: "K7QX2M",
        phase: "open",
        hostId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
        settings: { maxPlayers: 4, minPlayers: 2, countdownMs: 3000, mode: "ffa", properties: {} },
        members: [
          {
            accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
            name: "ada",
            roles: ["player"],
            host: true,
            ready: false,
            muted: false,
            connected: false,
            regionId: "weur",
          },
        ],
      },
    },
  });

const CodeParams = z.object({
  code: z
    .string()
    .regex(CODE_PATTERN, "code must be 6 characters of A-Z (no I, L, O) and 2-9")
    .openapi({ param: { name: "code", in: "path" }, example: "K7QX2M" }),
});

const body = { content: { "application/json": { schema: LobbyBody } } };
const LOBBY_ERRORS = {
  400: errorResponse("invalid_code, invalid_request"),
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
      content: { "application/json": { schema: z.object({ settings: Settings.optional() }) } },
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
  const host = await joiningMember(c);
  // 31^6 ≈ 887 million codes: a collision is rare, and a few retries make it vanishing.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newCode();
    const answer = await lobbyStub(c.env, code).create(code, host, parsed.data);
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
