// Session search: GET /v1/sessions filters live sessions (game rooms register themselves;
// listen-server and P2P hosts register through POST /v1/sessions, which creates the
// session's PeerSession object in its region and answers the host's session ticket, and keep
// them alive with heartbeats); POST /v1/sessions/join-or-create answers a join ticket for a
// room with space, creating one in the caller's region when none matches. Joining a peer
// session and its signaling socket are in peer-sessions.ts.

import { createRoute, z } from "@hono/zod-openapi";
import { PERMISSION } from "../../server/auth/index.js";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import { addRoomMembers, placeRoom, RoomFullError } from "../../server/placement/place-room.js";
import { mintRoomTicket } from "../../server/placement/room-tickets.js";
import {
  HOSTED_SESSION_TTL_MS,
  PROPERTY_KEY_PATTERN,
  type SessionPropertyValue,
  SessionRepository,
} from "../../server/sessions/session-repository.js";
import { RegisteredSession } from "../../shared/http/peer-sessions-schemas.js";
import {
  JoinOrCreate,
  JoinOrCreateRequest,
  RegisterSession,
  LiveSession as Session,
  SessionHeartbeat,
  SessionId,
  SessionPage,
  SessionSearchQuery,
} from "../../shared/http/sessions-schemas.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import {
  issueSessionTicket,
  openPeerSession,
  peerName,
  peerSessionStub,
} from "../peer/peer-sessions.js";
import { requestRegion } from "../regions/request-region.js";
import { registeredGame } from "../registered-game.js";

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const search = createRoute({
  method: "get",
  path: "/",
  tags: ["sessions"],
  summary: "Search live sessions",
  description:
    "Filters: game, mode, region, kind, hasSpace, and up to 16 `prop.<key>=<value>` for custom properties (true/false compare as booleans, numerals as numbers). Sorted by players (default, descending) or created.",
  security: BEARER,
  middleware: guard,
  request: { query: SessionSearchQuery },
  responses: {
    200: {
      description: "One page of sessions",
      content: {
        "application/json": {
          schema: SessionPage,
        },
      },
    },
    400: errorResponse("invalid_request"),
    ...AUTH_ERRORS,
  },
});

const register = createRoute({
  method: "post",
  path: "/",
  tags: ["sessions"],
  summary: "Register a listen-server or P2P session hosted by the caller",
  description:
    "Creates the session's signaling and relay object (a PeerSession) in its region and answers the row with the host's session ticket: open `signalUrl?ticket=<ticket>` to host it (docs/api.md#peer-sessions).",
  security: BEARER,
  middleware: guard,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: RegisterSession,
        },
      },
    },
  },
  responses: {
    201: {
      description: "Registered",
      content: { "application/json": { schema: RegisteredSession } },
    },
    400: errorResponse("invalid_request, unknown_region"),
    ...AUTH_ERRORS,
  },
});

const SessionParams = z.object({ sessionId: SessionId });

const heartbeat = createRoute({
  method: "post",
  path: "/{sessionId}/heartbeat",
  tags: ["sessions"],
  summary: "Keep a hosted session alive (and update its player count)",
  security: BEARER,
  middleware: guard,
  request: {
    params: SessionParams,
    body: {
      content: {
        "application/json": {
          schema: SessionHeartbeat,
        },
      },
    },
  },
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: Session } } },
    404: errorResponse("not_found: no such live session of yours"),
    ...AUTH_ERRORS,
  },
});

const remove = createRoute({
  method: "delete",
  path: "/{sessionId}",
  tags: ["sessions"],
  summary: "Remove a hosted session",
  description: "Ends it as well: every peer on its signaling socket is closed with 4401.",
  security: BEARER,
  middleware: guard,
  request: { params: SessionParams },
  responses: { 204: { description: "Removed" }, 404: errorResponse("not_found"), ...AUTH_ERRORS },
});

const joinOrCreate = createRoute({
  method: "post",
  path: "/join-or-create",
  tags: ["sessions"],
  summary: "A join ticket for a room with space, created in the caller's region if none matches",
  security: BEARER,
  middleware: guard,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: JoinOrCreateRequest,
        },
      },
    },
  },
  responses: {
    200: {
      description: "Where to go",
      content: {
        "application/json": {
          schema: JoinOrCreate,
        },
      },
    },
    400: errorResponse("invalid_request"),
    ...AUTH_ERRORS,
  },
});

function parseValue(v: string): SessionPropertyValue {
  if (v === "true" || v === "false") return v === "true";
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** The session property that marks a room join-or-create made (the search finds only these). */
export const JOIN_OR_CREATE_PROPERTY = "joinOrCreate";

/** Most `prop.<key>` filters one search takes: as many as a session may have properties. */
export const MAX_PROPERTY_FILTERS = 16;

/** Session routes, mounted at /v1/sessions. */
export const sessions = createApi();

sessions.openapi(search, async (c) => {
  const q = c.req.valid("query");
  const properties: Record<string, SessionPropertyValue> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!name.startsWith("prop.")) continue;
    const key = name.slice(5);
    if (!PROPERTY_KEY_PATTERN.test(key))
      throw new ApiError(400, "invalid_request", `query ${name}: invalid property key`);
    properties[key] = parseValue(values[0] ?? "");
    // A session has at most 16 properties: more filters match nothing, and each one is two
    // bound SQL variables (D1 allows 100 in a statement).
    if (Object.keys(properties).length > MAX_PROPERTY_FILTERS)
      throw new ApiError(
        400,
        "invalid_request",
        `at most ${MAX_PROPERTY_FILTERS} prop.<key> filters`,
      );
  }
  const limit = q.limit ?? 20;
  const offset = Number(q.cursor ?? 0);
  // Each caller sees public sessions and the private ones made for it (docs/api.md#sessions).
  const viewer = c.var.credential.accountId;
  const found = await new SessionRepository(c.env.DB).search(
    { ...q, viewer, hasSpace: q.hasSpace === "true", properties, limit, offset },
    Date.now(),
  );
  return c.json(
    {
      sessions: found as z.infer<typeof Session>[],
      next: found.length === limit ? String(offset + limit) : null,
    },
    200,
  );
});

sessions.openapi(register, async (c) => {
  const body = c.req.valid("json");
  const region =
    body.region === undefined
      ? requestRegion(c).region
      : configuredRegions(c.env).find((r) => r.id === body.region);
  if (!region)
    throw new ApiError(400, "unknown_region", `no region ${body.region} (GET /v1/regions)`);
  const now = Date.now();
  const { accountId } = c.var.credential;
  const sessionId = `ls_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const name = await peerName(c.env.DB, accountId, body.name);
  // The object first, in the session's region: a row in search nobody could join is worse
  // than a failed registration.
  const { kind, capacity } = body;
  const config = { sessionId, kind, capacity, hostAccount: accountId, region: region.id };
  await openPeerSession(c.env, config, region);
  const record = await new SessionRepository(c.env.DB).register(
    {
      sessionId,
      kind,
      game: body.game ?? null,
      mode: body.mode,
      access: body.access ?? "public",
      // The host is a member, so it finds its own ticket session in search.
      members: [...new Set([accountId, ...(body.members ?? [])])],
      region: region.id,
      players: body.players,
      capacity,
      properties: body.properties ?? {},
      hostAccount: accountId,
      connectInfo: body.connectInfo ?? null,
    },
    now,
    HOSTED_SESSION_TTL_MS,
  );
  const issued = await issueSessionTicket(c.env, c.var.credential, sessionId, "host", name, now);
  const { ticket, signalUrl, expiresAt: ticketExpiresAt } = issued;
  return c.json(
    { ...(record as z.infer<typeof Session>), ticket, signalUrl, ticketExpiresAt },
    201,
  );
});

sessions.openapi(heartbeat, async (c) => {
  const { sessionId } = c.req.valid("param");
  const body = (await c.req.json().catch(() => ({}))) as { players?: number };
  const repo = new SessionRepository(c.env.DB);
  const now = Date.now();
  const found = await repo.find(sessionId, now);
  if (!found || found.hostAccount !== c.var.credential.accountId)
    throw new ApiError(404, "not_found", "no such live session of yours");
  const players = typeof body.players === "number" ? body.players : undefined;
  await repo.heartbeat(sessionId, players, now, HOSTED_SESSION_TTL_MS);
  return c.json((await repo.find(sessionId, now)) as z.infer<typeof Session>, 200);
});

sessions.openapi(remove, async (c) => {
  const { sessionId } = c.req.valid("param");
  const repo = new SessionRepository(c.env.DB);
  const found = await repo.find(sessionId, Date.now());
  if (!found || found.hostAccount !== c.var.credential.accountId)
    throw new ApiError(404, "not_found", "no such live session of yours");
  await repo.remove(sessionId);
  await peerSessionStub(c.env, sessionId).end();
  return c.body(null, 204);
});

sessions.openapi(joinOrCreate, async (c) => {
  const body = c.req.valid("json");
  const game = registeredGame(c.var.games, body.game);
  const detected = requestRegion(c, body.region);
  const now = Date.now();
  const { accountId } = c.var.credential;
  // Join-or-create rooms are marked, so a ticket game's (private to their members) are found
  // for everyone who asks here, and only they: never a matchmaker's or a lobby's room.
  const properties = { ...body.properties, [JOIN_OR_CREATE_PROPERTY]: true };
  const repo = new SessionRepository(c.env.DB);
  const ticketGame = game.access === "ticket";
  const [room] = await repo.search(
    {
      viewer: "*",
      game: game.name,
      mode: body.mode,
      region: detected.region.id,
      kind: "room",
      hasSpace: true,
      // A ticket game's seats are handed out as members, before their players connect.
      spaceBy: ticketGame ? "members" : "players",
      properties,
      limit: 1,
    },
    now,
  );
  let roomId: string | undefined = room?.sessionId;
  if (room && ticketGame) {
    try {
      await addRoomMembers(c.env, room.sessionId, [accountId], room.capacity);
      await repo.addMember(room.sessionId, accountId);
    } catch (e) {
      // Someone took the last seat meanwhile: make a room instead.
      if (!(e instanceof RoomFullError)) throw e;
      roomId = undefined;
    }
  }
  if (!roomId) {
    roomId = `s-${body.mode}-${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
    // Seats: the request's, else the mode's teams, else the game's; never more than the game's.
    const mode = game.modes.get(body.mode);
    const gameSeats = resolveRoomOptions(game.definition.roomOptions).maxPlayers;
    const seats = mode ? mode.teamSize * mode.teamCount : gameSeats;
    // Join-or-create rooms follow the game's access policy: a public game's are public; a
    // ticket game's admit the accounts that join-or-create brought to them.
    await placeRoom(
      c.env,
      {
        roomId,
        region: detected.region,
        game: game.name,
        mode: body.mode,
        capacity: Math.min(body.capacity ?? seats, gameSeats),
        teams: [[accountId]],
        origin: "request",
        access: game.access,
        properties,
      },
      now,
    );
  }
  const created = roomId !== room?.sessionId;
  const regionId = created ? detected.region.id : (room?.region ?? detected.region.id);
  const joinTicket = await mintRoomTicket(c.env, c.var.credential, roomId, now);
  return c.json({ created, regionId, joinTicket }, 200);
});
