// Matchmaking: POST /v1/matchmaking/tickets queues the caller (and their party) in a mode;
// GET /v1/matchmaking/tickets/:ticketId answers the status (with `?wait=` it long-polls
// until the status changes) and, once matched, a join ticket for the room; DELETE cancels.
// One Matchmaker Durable Object per mode holds the queue.

import { createRoute, z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PERMISSION } from "../../server/auth/index.js";
import type {
  MatchmakerAnswer,
  MatchmakerFailure,
} from "../../durable-objects/matchmaker/matchmaker.js";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import { DEFAULT_MATCH_MODES } from "../../shared/matchmaking/mode-options.js";
import { ApiError } from "../api-error.js";
import type { Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import {
  CrossRegionWarning,
  IssuedTicket,
  Latencies,
  RegionIdSchema,
} from "../openapi/placement-schemas.js";
import { AccountId, AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { completeLatencies, requestRegion } from "../regions/request-region.js";

const TICKET_ID = /^mt_([a-z0-9-]{1,32})_([0-9a-f]{24})$/;
const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const Criteria = z
  .object({
    strings: z.record(z.string().max(32), z.string().max(64)).optional(),
    numbers: z
      .record(
        z.string().max(32),
        z.object({ value: z.number(), min: z.number().optional(), max: z.number().optional() }),
      )
      .optional(),
    tags: z.array(z.string().max(32)).max(16).optional(),
    requireTags: z.array(z.string().max(32)).max(16).optional(),
  })
  .openapi("MatchCriteria", {
    example: {
      strings: { map: "dust" },
      numbers: { level: { value: 12, min: 5, max: 20 } },
      tags: ["voice"],
    },
  });

const NewTicket = z
  .object({
    mode: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .openapi({ example: "ffa" }),
    rating: z.number().min(-100_000).max(100_000).openapi({ example: 1500 }),
    latencies: Latencies.optional().openapi({
      description:
        "Measured round trips (measureRegions() in the client); the rest are estimated from request.cf.",
    }),
    party: z
      .array(AccountId)
      .max(7)
      .optional()
      .openapi({ description: "Other accounts to keep in the same team." }),
    criteria: Criteria.optional(),
    region: RegionIdSchema.optional().openapi({
      description: "Override the detected region (used for estimates).",
    }),
  })
  .openapi("NewMatchTicket");

const MatchTicket = z
  .object({
    ticketId: z.string(),
    mode: z.string(),
    status: z.enum(["waiting", "matched", "cancelled", "timed_out"]),
    members: z.array(z.string()),
    rating: z.number(),
    createdAt: z.number().int(),
    finishedAt: z.number().int().nullable(),
    match: z
      .object({
        roomId: z.string(),
        regionId: z.string(),
        teams: z.array(z.array(z.string())),
        team: z.number().int(),
        worstLatencyMs: z.number(),
        backfill: z.boolean(),
        warnings: z.array(CrossRegionWarning),
      })
      .nullable(),
    joinTicket: IssuedTicket.nullable(),
  })
  .openapi("MatchTicket", {
    example: {
      ticketId: "mt_ffa_3f2a9c1e5b7d4f60a8e2c4b6",
      mode: "ffa",
      status: "matched",
      members: ["acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3"],
      rating: 1500,
      createdAt: 1767225000000,
      finishedAt: 1767225004000,
      match: {
        roomId: "mm-ffa-3f2a9c1e5b7d4f60",
        regionId: "weur",
        teams: [["acc_3f2a…"], ["acc_0c1d…"], ["acc_9b1c…"], ["acc_5d0c…"]],
        team: 0,
        worstLatencyMs: 38,
        backfill: false,
        warnings: [],
      },
      joinTicket: {
        ticket: "eyJhbGciOiJFUzI1NiIs…",
        roomId: "mm-ffa-3f2a9c1e5b7d4f60",
        expiresAt: 1767225064000,
      },
    },
  });

const TicketParams = z.object({
  ticketId: z
    .string()
    .regex(TICKET_ID, "ticket id must be mt_<mode>_<24 hex digits>")
    .openapi({
      param: { name: "ticketId", in: "path" },
      example: "mt_ffa_3f2a9c1e5b7d4f60a8e2c4b6",
    }),
});

const ticketBody = { content: { "application/json": { schema: MatchTicket } } };

const create = createRoute({
  method: "post",
  path: "/tickets",
  tags: ["matchmaking"],
  summary: "Queue for a match",
  security: BEARER,
  middleware: guard,
  request: { body: { content: { "application/json": { schema: NewTicket } }, required: true } },
  responses: {
    201: { description: "Queued (or matched at once)", ...ticketBody },
    400: errorResponse("invalid_request, unknown_mode, party_too_large"),
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
    query: z.object({
      wait: z.coerce
        .number()
        .int()
        .min(0)
        .max(25)
        .optional()
        .openapi({ description: "Seconds to wait for a change (long-poll), 0–25." }),
    }),
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

function queue(env: Env, mode: string) {
  return env.MATCHMAKER.get(env.MATCHMAKER.idFromName(`mode:${mode}`));
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
  if (!(body.mode in DEFAULT_MATCH_MODES))
    throw new ApiError(
      400,
      "unknown_mode",
      `modes: ${Object.keys(DEFAULT_MATCH_MODES).join(", ")}`,
    );
  const party = (body.party ?? []).filter((a) => a !== accountId);
  const detected = requestRegion(c, body.region);
  const latencies = completeLatencies(configuredRegions(c.env), detected, body.latencies);
  const id = `mt_${body.mode}_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const answer = await queue(c.env, body.mode).submit(
    {
      id,
      mode: body.mode,
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
  const mode = TICKET_ID.exec(ticketId)![1]!;
  const answer = await queue(c.env, mode).status(
    ticketId,
    c.var.credential.accountId,
    (wait ?? 0) * 1000,
  );
  return c.json(unwrap(answer), 200);
});

matchmaking.openapi(cancel, async (c) => {
  const { ticketId } = c.req.valid("param");
  const mode = TICKET_ID.exec(ticketId)![1]!;
  return c.json(unwrap(await queue(c.env, mode).cancel(ticketId, c.var.credential.accountId)), 200);
});
