// Peer sessions (listen servers and P2P meshes): POST /v1/sessions/:sessionId/join answers a
// session ticket, GET /v1/sessions/:sessionId/signal opens the signaling WebSocket with it
// (the ticket is verified here, before the session's PeerSession object sees the request),
// GET /v1/sessions/:sessionId/usage reports the session's relay traffic. Mounted at
// /v1/sessions beside sessions.ts, which registers peer sessions (docs/api.md#peer-sessions).

import { createRoute, z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { can, PERMISSION, verifySessionTicket } from "../../server/auth/index.js";
import { configuredIce, IceConfigError, iceServersFor } from "../../server/peer/ice-servers.js";
import {
  encodeSignalIdentity,
  PEER_SESSION_SOCKET_PATH,
  SIGNAL_IDENTITY_HEADER,
} from "../../server/peer/peer-session-address.js";
import {
  configuredRegions,
  crossRegionThresholdMs,
} from "../../server/placement/configured-regions.js";
import { SessionRepository } from "../../server/sessions/session-repository.js";
import {
  JoinedSession,
  JoinSessionRequest,
  PeerSessionUsage,
  SignalQuery,
} from "../../shared/http/peer-sessions-schemas.js";
import { ROOM_ID_PATTERN } from "../../shared/http/rooms-schemas.js";
import { SessionId } from "../../shared/http/sessions-schemas.js";
import type { IceServer } from "../../shared/peer/signal-messages.js";
import { expectedLatencyMs } from "../../shared/regions/group-region.js";
import { ApiError } from "../api-error.js";
import { refuseIfBanned } from "../auth/issue-session.js";
import { signingKeys } from "../auth/signing-keys.js";
import type { Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { API_CODE_FOR_FAILURE, requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { issueSessionTicket, peerName, peerSessionStub } from "../peer/peer-sessions.js";
import { requestRegion } from "../regions/request-region.js";

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

/**
 * Join takes any session id search shows (a room's too, to say where rooms are joined);
 * the signaling socket and usage exist for peer sessions only.
 */
const AnySessionParams = z.object({
  sessionId: z
    .string()
    .regex(ROOM_ID_PATTERN, "session id must be 1-64 characters of A-Z, a-z, 0-9, - and _")
    .meta({ example: "ls_3f2a9c1e5b7d4f60a8e2c4b6" }),
});
const PeerSessionParams = z.object({ sessionId: SessionId });

const join = createRoute({
  method: "post",
  path: "/{sessionId}/join",
  tags: ["sessions"],
  summary: "Get a ticket to a listen-server or P2P session's signaling socket",
  description:
    "A 60 s session ticket for the caller (role host for the session's own host, else peer) and the signaling socket's path. Rooms are joined with POST /v1/rooms/{roomId}/tickets instead.",
  security: BEARER,
  middleware: guard,
  request: {
    params: AnySessionParams,
    body: { required: false, content: { "application/json": { schema: JoinSessionRequest } } },
  },
  responses: {
    200: { description: "A ticket", content: { "application/json": { schema: JoinedSession } } },
    400: errorResponse(
      "invalid_session_id, invalid_request, room_session: rooms take join tickets",
    ),
    ...AUTH_ERRORS,
    403: errorResponse("forbidden, banned, not_invited: a ticket session made for others"),
    404: errorResponse("session_not_found: unknown, expired or ended"),
    409: errorResponse("session_full: as many peers connected as the session's capacity"),
  },
});

const signal = createRoute({
  method: "get",
  path: "/{sessionId}/signal",
  tags: ["sessions"],
  summary: "Open a peer session's signaling WebSocket",
  description:
    "Upgrades to the session's signaling socket (JSON signaling messages and binary relay frames, docs/api.md#signaling-protocol). The ticket is checked before the upgrade; the session's own refusals close the socket: 4401 ended, 4005 full, 4400 the host has not connected yet, 4007 too many sockets of one account.",
  request: { params: PeerSessionParams, query: SignalQuery },
  responses: {
    101: { description: "Switching protocols: the signaling socket" },
    400: errorResponse("invalid_session_id, invalid_request"),
    401: errorResponse(
      "missing_credentials, malformed_token, invalid_token, token_expired, wrong_audience, wrong_session: the ticket does not open this session",
    ),
    403: errorResponse("banned"),
    404: errorResponse("session_not_found"),
    426: errorResponse("upgrade_required: a plain request to the socket endpoint"),
    503: errorResponse(
      "ice_not_configured: STUN_URLS, TURN_URLS, TURN_SECRET or TURN_TTL_SECONDS is invalid",
    ),
  },
});

const usage = createRoute({
  method: "get",
  path: "/{sessionId}/usage",
  tags: ["sessions"],
  summary: "A peer session's relay and signaling traffic, for its host or an admin",
  security: BEARER,
  middleware: guard,
  request: { params: PeerSessionParams },
  responses: {
    200: { description: "Usage", content: { "application/json": { schema: PeerSessionUsage } } },
    400: errorResponse("invalid_session_id"),
    ...AUTH_ERRORS,
    403: errorResponse("not_session_host: neither the session's host nor an admin"),
    404: errorResponse("session_not_found"),
  },
});

/** Peer-session routes, mounted at /v1/sessions. */
export const peerSessionRoutes = createApi();

peerSessionRoutes.openapi(join, async (c) => {
  const { sessionId } = c.req.valid("param");
  const body = JoinSessionRequest.safeParse(await c.req.json().catch(() => ({})));
  if (!body.success) throw new ApiError(400, "invalid_request", body.error.issues[0]!.message);
  const credential = c.var.credential;
  const { accountId } = credential;
  const now = Date.now();
  await refuseIfBanned(c.env.DB, accountId, now);
  const repo = new SessionRepository(c.env.DB);
  const found = await repo.find(sessionId, now);
  if (!found) throw new ApiError(404, "session_not_found", `no live session ${sessionId}`);
  if (found.kind === "room")
    throw new ApiError(
      400,
      "room_session",
      `${sessionId} is a room: get a join ticket with POST /v1/rooms/${sessionId}/tickets`,
    );
  const host = found.hostAccount === accountId;
  if (found.access === "ticket" && !host && !(await repo.hasMember(sessionId, accountId)))
    throw new ApiError(403, "not_invited", `session ${sessionId} was made for other players`);
  const info = await peerSessionStub(c.env, sessionId).info();
  if (!info || info.ended)
    throw new ApiError(404, "session_not_found", `session ${sessionId} ended`);
  if (info.peers >= info.capacity)
    throw new ApiError(409, "session_full", `session ${sessionId} has ${info.capacity} peers`);
  const name = await peerName(c.env.DB, accountId, body.data.name);
  const role = host ? "host" : "peer";
  const issued = await issueSessionTicket(c.env, credential, sessionId, role, name, now);
  // Warned as a room's players are: the session runs where its host registered it.
  const region = configuredRegions(c.env).find((r) => r.id === found.region);
  const detected = requestRegion(c);
  const thresholdMs = crossRegionThresholdMs(c.env);
  // Where the caller is: its coordinates, else its region's centre; nothing when the edge
  // said nothing at all (no warning is better than one from a guess).
  const point = detected.point ?? (detected.method === "default" ? undefined : detected.region);
  const expectedMs = region ? expectedLatencyMs({ accountId, point }, region) : 0;
  const warnings =
    region && expectedMs > thresholdMs
      ? [{ accountId, regionId: region.id, expectedMs, thresholdMs }]
      : [];
  return c.json({ sessionId, kind: found.kind, ...issued, regionId: found.region, warnings }, 200);
});

peerSessionRoutes.openapi(signal, async (c) => {
  const { sessionId } = c.req.valid("param");
  const { ticket } = c.req.valid("query");
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError(426, "upgrade_required", "this endpoint takes a WebSocket upgrade");
  const now = Date.now();
  const verified = await verifySessionTicket(await signingKeys(c.env), ticket, sessionId, now);
  if (!verified.ok) {
    const code =
      verified.failure === "wrong_room" ? "wrong_session" : API_CODE_FOR_FAILURE[verified.failure];
    throw new ApiError(401, code, verified.detail);
  }
  const { accountId, name, role } = verified.ticket;
  await refuseIfBanned(c.env.DB, accountId, now);
  const identity = { accountId, name, role, iceServers: await iceServers(c.env, accountId, now) };
  // A request of our own: nothing the client sent (an identity header above all) reaches the
  // object but the upgrade itself.
  const upgrade = new Request(`https://peer-session.internal${PEER_SESSION_SOCKET_PATH}`, {
    headers: { Upgrade: "websocket", [SIGNAL_IDENTITY_HEADER]: encodeSignalIdentity(identity) },
  });
  const res = await peerSessionStub(c.env, sessionId).fetch(upgrade);
  return res.status === 101 ? res : refused(res);
});

peerSessionRoutes.openapi(usage, async (c) => {
  const { sessionId } = c.req.valid("param");
  const { accountId, roles } = c.var.credential;
  const report = await peerSessionStub(c.env, sessionId).usage();
  if (!report) throw new ApiError(404, "session_not_found", `no peer session ${sessionId}`);
  if (report.hostAccount !== accountId && !can(roles, PERMISSION.ADMIN))
    throw new ApiError(
      403,
      "not_session_host",
      "only the session's host or an admin sees its usage",
    );
  return c.json(report, 200);
});

/** The ICE servers for `accountId`; a bad configuration is the operator's, said plainly. */
async function iceServers(env: Env, accountId: string, now: number): Promise<IceServer[]> {
  try {
    return await iceServersFor(configuredIce(env), accountId, now);
  } catch (e) {
    if (!(e instanceof IceConfigError)) throw e;
    console.error("ICE servers are misconfigured:", e.message);
    throw new ApiError(503, "ice_not_configured", e.message);
  }
}

/** The object's refusal (JSON `{ error }` with a 4xx) as the API's error. */
async function refused(res: Response): Promise<never> {
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  const status = res.status as ContentfulStatusCode;
  throw new ApiError(
    status,
    body?.error?.code ?? "session_unavailable",
    body?.error?.message ?? `the session answered ${res.status}`,
  );
}
