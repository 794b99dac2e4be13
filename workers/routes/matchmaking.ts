// Matchmaking: POST /v1/matchmaking/tickets queues the caller in a mode of a game (with their
// party, whose leader they must be: only accounts that joined the party are queued);
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
import { PartyRepository } from "../../server/parties/party-repository.js";
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
    400: errorResponse(
      "invalid_request, unknown_game, unknown_mode, party_too_large (the party outnumbers a team of the mode)",
    ),
    409: errorResponse(
      "already_queued: an account of the ticket waits in another ticket; party_changed: a member left while queueing",
    ),
    422: errorResponse("no_region_within_latency: no region is within the mode's latency limit"),
    ...AUTH_ERRORS,
    403: errorResponse(
      "not_party_leader: a party's leader queues it; forbidden: the token's roles lack the permission",
    ),
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

/**
 * Cancels `ticketId` for `accountId`, one of its members, if it still waits (a finished or
 * unknown ticket is left as it is): a party member who leaves withdraws from its ticket.
 */
export async function cancelMatchTicket(env: Env, ticketId: string, accountId: string) {
  const parts = TICKET_ID.exec(ticketId);
  if (!parts) return;
  await queue(env, queueKey(parts[1]!, parts[2]!)).cancel(ticketId, accountId);
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
  // The ticket's members are the caller's party, as its members joined it: nobody else can
  // be named, so no one is queued (or locked out of a mode) without consent.
  const parties = new PartyRepository(c.env.DB);
  const party = await parties.ofAccount(accountId, Date.now());
  if (party && party.leaderId !== accountId)
    throw new ApiError(403, "not_party_leader", "your party's leader queues the party");
  const members = party ? party.members.map((m) => m.accountId) : [accountId];
  const detected = requestRegion(c, body.region);
  const latencies = completeLatencies(configuredRegions(c.env), detected, body.latencies);
  const id = `mt_${game.name}_${body.mode}_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const answer = await queue(c.env, key).submit(
    {
      id,
      mode: key,
      rating: body.rating,
      latencies,
      // The leader first: the ticket's owner (members[0]) carries the caller's roles.
      members: [accountId, ...members.filter((a) => a !== accountId)],
      ...(body.criteria ? { criteria: body.criteria } : {}),
    },
    roles,
  );
  const ticket = unwrap(answer);
  if (party && party.members.length > 1) {
    await parties.setTicket(party.partyId, ticket.ticketId);
    // A member who left between the read above and the record just written found no ticket
    // to cancel: check again, and withdraw the ticket if it holds anyone no longer in it.
    const after = await parties.ofAccount(accountId, Date.now());
    const still = new Set(after?.members.map((m) => m.accountId));
    if (ticket.members.some((a) => !still.has(a))) {
      await cancelMatchTicket(c.env, ticket.ticketId, accountId);
      throw new ApiError(409, "party_changed", "a member left while queueing; queue again");
    }
  }
  return c.json(ticket, 201);
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
