// Matchmaking: the ticket POST /v1/matchmaking/tickets queues, the status
// GET /v1/matchmaking/tickets/:ticketId answers (long-polled with `wait`) and DELETE cancels.
// A party queues through its leader's ticket (parties-schemas.ts).

import { z } from "zod";
import { CrossRegionWarning, IssuedJoinTicket, Latencies, RegionId } from "./placement-schemas.js";

/**
 * Ticket ids: "mt_", the game, "_", the mode, "_" and 24 hex digits; group 1 is the game,
 * group 2 the mode (names never hold "_", so the split is unambiguous).
 */
export const MATCH_TICKET_ID_PATTERN = /^mt_([a-z0-9-]{1,32})_([a-z0-9-]{1,32})_([0-9a-f]{24})$/;

/** A ticket id (the `:ticketId` path parameter). */
export const MatchTicketId = z
  .string()
  .regex(MATCH_TICKET_ID_PATTERN, "ticket id must be mt_<game>_<mode>_<24 hex digits>")
  .meta({ example: "mt_arena_ffa_3f2a9c1e5b7d4f60a8e2c4b6" });

/** What a ticket asks of its match: equal strings, numbers in ranges, tags. */
export const MatchCriteria = z
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
  .meta({
    id: "MatchCriteria",
    example: {
      strings: { map: "dust" },
      numbers: { level: { value: 12, min: 5, max: 20 } },
      tags: ["voice"],
    },
  });

/** The body of POST /v1/matchmaking/tickets. */
export const NewMatchTicket = z
  .object({
    game: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .optional()
      .meta({
        example: "arena",
        description: "A registered game (GET /v1/games); default: the first.",
      }),
    mode: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .meta({ example: "ffa" }),
    rating: z.number().min(-100_000).max(100_000).meta({ example: 1500 }),
    latencies: Latencies.optional().meta({
      description:
        "Measured round trips (measureRegions() in the client); the rest are estimated from request.cf.",
    }),
    criteria: MatchCriteria.optional(),
    region: RegionId.optional().meta({
      description: "Override the detected region (used for estimates).",
    }),
  })
  // Strict: the removed `party` list of account ids (queued without their consent, issue 19)
  // is refused with 400 rather than dropped, so an old client learns it queued alone.
  .strict()
  .meta({
    id: "NewMatchTicket",
    description:
      "A caller in a party (POST /v1/parties) must lead it, and queues every member of it.",
  });

/** A request to queue. */
export type NewMatchTicket = z.input<typeof NewMatchTicket>;

/** The query of GET /v1/matchmaking/tickets/:ticketId. */
export const MatchTicketQuery = z.object({
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(25)
    .optional()
    .meta({ description: "Seconds to wait for a change (long-poll), 0–25." }),
});

/** A ticket's state; once matched, its room and a join ticket for it. */
export const MatchTicket = z
  .object({
    ticketId: z.string(),
    game: z.string(),
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
    joinTicket: IssuedJoinTicket.nullable(),
  })
  .meta({
    id: "MatchTicket",
    example: {
      ticketId: "mt_arena_ffa_3f2a9c1e5b7d4f60a8e2c4b6",
      game: "arena",
      mode: "ffa",
      status: "matched",
      members: ["acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3"],
      rating: 1500,
      createdAt: 1767225000000,
      finishedAt: 1767225004000,
      match: {
        roomId: "mm-arena_ffa-3f2a9c1e5b7d4f60",
        regionId: "weur",
        teams: [["acc_3f2a…"], ["acc_0c1d…"], ["acc_9b1c…"], ["acc_5d0c…"]],
        team: 0,
        worstLatencyMs: 38,
        backfill: false,
        warnings: [],
      },
      joinTicket: {
        ticket: "eyJhbGciOiJFUzI1NiIs…",
        roomId: "mm-arena_ffa-3f2a9c1e5b7d4f60",
        expiresAt: 1767225064000,
      },
    },
  });

/** A matchmaking ticket (times are Unix ms). */
export type MatchTicket = z.infer<typeof MatchTicket>;
