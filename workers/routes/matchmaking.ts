// Matchmaking: POST /v1/matchmaking/tickets queues the caller (and their party) in a mode of a game;
// GET /v1/matchmaking/tickets/:ticketId answers the status (with `?wait=` it long-polls
// until the status changes) and, once matched, a join ticket for the room; DELETE cancels.
// One Matchmaker Durable Object per queue (a mode of a registered game) holds it.

import { createRoute, z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type {
  MatchmakerAnswer,
  MatchmakerFailure,
} from "../../durable-objects/matchmaker/matchmaker.js";
import { PERMISSION } from "../../server/auth/index.js";
import { queueKey } from "../../server/games/queue-key.js";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import {
  MatchTicket,
  MatchTicketId,
  MatchTicketQuery,
  NewMatchTicket,
  MATCH_TICKET_ID_PATTERN as TICKET_ID,
} from "../../shared/http/matchmaking-schemas.js";
import { ApiError } from "../api-error.js";
import type { Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { completeLatencies, requestRegion } from "../regions/request-region.js";
import { registeredGame } from "../registered-game.js";

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const TicketParams = z.object({ ticketId: MatchTicketId });

const ticketBody = { content: { "application/json": { schema: MatchTicket } } };

const create = createRoute({
  method: "post",
  path: "/tickets",
  tags: ["matchmaking"],
  summary: "Queue for a match",
  security: BEARER,
  middleware: guard,
  request: {
    body: { content: { "application/json": { schema: NewMatchTicket } }, required: true },
  },
  responses: {
    201: { description: "Queued (or matched at once)", ...ticketBody },
    400: errorResponse("invalid_request, unknown_game, unknown_mode, party_too_large"),
    409: errorResponse("already_queued: an account of the ticket waits in another ticket"),
    422: errorResponse("no_region_within_latency: no region is within the mode's latency limit"),
    ...AUTH_ERRORS,
  },
});

const get = createRoute({
  method: "get",
  path: "/tickets/{ticketId}",
  tags: ["matchmaking"],
  summary: "A ticket's status; `wait` long-polls until it changes",
  security: BEARER,
  middleware: guard,
  request: {
    params: TicketParams,
    query: MatchTicketQuery,
  },
  responses: {
    200: { description: "The ticket", ...ticketBody },
    400: errorResponse("invalid_ticket_id"),
    404: errorResponse("not_found"),
    ...AUTH_ERRORS,
  },
});

const cancel = createRoute({
  method: "delete",
  path: "/tickets/{ticketId}",
  tags: ["matchmaking"],
  summary: "Cancel a waiting ticket",
  security: BEARER,
  middleware: guard,
  request: { params: TicketParams },
  responses: {
    200: { description: "The ticket's final state", ...ticketBody },
    400: errorResponse("invalid_ticket_id"),
    404: errorResponse("not_found"),
    ...AUTH_ERRORS,
  },
});

const STATUS: Record<MatchmakerFailure["code"], ContentfulStatusCode> = {
  unknown_mode: 400,
  party_too_large: 400,
  duplicate_ticket: 409,
  already_queued: 409,
  no_region_within_latency: 422,
  not_found: 404,
};

/** The Matchmaker object of one queue: a mode of a game. */
function queue(env: Env, key: string) {
  return env.MATCHMAKER.get(env.MATCHMAKER.idFromName(`queue:${key}`));
}

function unwrap(answer: MatchmakerAnswer | MatchmakerFailure) {
  if (!answer.ok) throw new ApiError(STATUS[answer.code], answer.code, answer.message);
  // The view is built of readonly arrays; the schema's inferred type has mutable ones.
  return answer.ticket as z.infer<typeof MatchTicket>;
}

/** Matchmaking routes, mounted at /v1/matchmaking. */
export const matchmaking = createApi();

matchmaking.openapi(create, async (c) => {
  const body = c.req.valid("json");
  const { accountId, roles } = c.var.credential;
  const game = registeredGame(c.var.games, body.game);
  if (!game.modes.has(body.mode))
    throw new ApiError(
      400,
      "unknown_mode",
      `${game.name} has modes ${[...game.modes.keys()].join(", ")}`,
    );
  const key = queueKey(game.name, body.mode);
  const party = (body.party ?? []).filter((a) => a !== accountId);
  const detected = requestRegion(c, body.region);
  const latencies = completeLatencies(configuredRegions(c.env), detected, body.latencies);
  const id = `mt_${game.name}_${body.mode}_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const answer = await queue(c.env, key).submit(
    {
      id,
      mode: key,
      rating: body.rating,
      latencies,
      members: [accountId, ...new Set(party)],
      ...(body.criteria ? { criteria: body.criteria } : {}),
    },
    roles,
  );
  return c.json(unwrap(answer), 201);
});

matchmaking.openapi(get, async (c) => {
  const { ticketId } = c.req.valid("param");
  const { wait } = c.req.valid("query");
  const [, game, mode] = TICKET_ID.exec(ticketId)!;
  const answer = await queue(c.env, queueKey(game!, mode!)).status(
    ticketId,
    c.var.credential.accountId,
    (wait ?? 0) * 1000,
  );
  return c.json(unwrap(answer), 200);
});

matchmaking.openapi(cancel, async (c) => {
  const { ticketId } = c.req.valid("param");
  const [, game, mode] = TICKET_ID.exec(ticketId)!;
  return c.json(
    unwrap(await queue(c.env, queueKey(game!, mode!)).cancel(ticketId, c.var.credential.accountId)),
    200,
  );
});
