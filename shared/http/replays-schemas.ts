// Replays: the replay id of /v1/replays/:replayId, what GET /v1/replays lists (its query and
// page) and the chunk index of /v1/replays/:replayId/chunks/:index. The manifest's own
// format is shared/replay's.

import { z } from "zod";
import { GameName } from "./games-schemas.js";
import { AccountId } from "./players-schemas.js";

/** A replay id (the `:replayId` path parameter): "rp_" and 24 hex digits. */
export const ReplayId = z
  .string()
  .regex(/^rp_[0-9a-f]{24}$/, "replay id must be rp_ and 24 hex digits")
  .meta({ example: "rp_019a4b2c3d4e7f3a9c1e5b7d" });

/** A chunk index (the `:index` path parameter): 0 for the first chunk. */
export const ChunkIndex = z.coerce
  .number()
  .int()
  .min(0)
  .max(1_000_000)
  .meta({ example: 0, description: "0 for the first chunk; the manifest lists them." });

/** A recorded match as GET /v1/replays lists it. */
export const ReplaySummary = z
  .object({
    replayId: z.string(),
    roomId: z.string(),
    game: z.string(),
    mode: z.string(),
    region: z.string().nullable(),
    access: z.enum(["public", "ticket"]).meta({
      description:
        "The room's: public replays are for anyone signed in; ticket replays for the match's players and for moderators and admins.",
    }),
    startedAt: z.number().int(),
    endedAt: z.number().int(),
    durationMs: z.number().int(),
    players: z.array(z.object({ playerId: z.number().int(), name: z.string() })),
    chunks: z.number().int().meta({ description: "Chunks 0 … chunks − 1." }),
    sizeBytes: z.number().int().meta({ description: "Chunks and manifest together." }),
  })
  .meta({
    id: "ReplaySummary",
    example: {
      replayId: "rp_019a4b2c3d4e7f3a9c1e5b7d",
      roomId: "mm-duel-7f3a9c1e",
      game: "arena",
      mode: "duel",
      region: "weur",
      access: "ticket",
      startedAt: 1767225000000,
      endedAt: 1767225184000,
      durationMs: 184000,
      players: [
        { playerId: 1, name: "ada" },
        { playerId: 2, name: "bob" },
      ],
      chunks: 19,
      sizeBytes: 412_330,
    },
  });

/** A listed replay (times are Unix ms). */
export type ReplaySummary = z.infer<typeof ReplaySummary>;

/** A date or date-time (ISO 8601, with an offset or Z), as the from/to filters take it. */
const DateFilter = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The query of GET /v1/replays. */
export const ReplaySearchQuery = z.object({
  game: GameName.optional().meta({ description: "Only replays of this game." }),
  player: AccountId.optional().meta({ description: "Only matches this account played in." }),
  mine: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "true: only matches the caller played in (its own matches)." }),
  from: DateFilter.optional().meta({
    description: "Only matches started at or after this (a date is its 00:00 UTC).",
    example: "2026-11-01",
  }),
  to: DateFilter.optional().meta({
    description: "Only matches started before this; a date includes its whole day (UTC).",
    example: "2026-11-30",
  }),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .meta({ description: "`next` of the previous page." }),
});

/** GET /v1/replays: one page of replays, newest first; `next` is the following page's cursor. */
export const ReplayPage = z
  .object({ replays: z.array(ReplaySummary), next: z.string().nullable() })
  .meta({ id: "ReplayPage" });

/** A page of replays. */
export type ReplayPage = z.infer<typeof ReplayPage>;
