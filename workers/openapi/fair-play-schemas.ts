// Schemas of the fair-play admin routes (workers/routes/admin-flagged.ts).

import { z } from "@hono/zod-openapi";
import { DETECTORS } from "../../shared/fairplay/fair-play-rules.js";

export const EvidenceBody = z
  .object({
    detector: z.enum(DETECTORS),
    measured: z.number(),
    limit: z.number(),
    unit: z.string(),
    detail: z.string().optional(),
  })
  .openapi("FairPlayEvidence", {
    description: "What a detector measured, against what limit (tolerance included).",
    example: { detector: "speed", measured: 612.4, limit: 462, unit: "units/s" },
  });

const FlagRow = z.object({
  accountId: z.string(),
  displayName: z.string().nullable(),
  game: z.string(),
  roomId: z.string().openapi({ description: "The room of the latest offence." }),
  offences: z.number().int(),
  step: z.enum(["flag", "kick", "ban"]).openapi({ description: "The latest escalation step." }),
  detector: z.enum(DETECTORS),
  evidence: EvidenceBody,
  flaggedAt: z.number().int(),
  lastAt: z.number().int(),
});

const example = {
  accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
  displayName: "ada",
  game: "arena",
  roomId: "duel-7",
  offences: 2,
  step: "flag" as const,
  detector: "actionRate" as const,
  evidence: { detector: "actionRate" as const, measured: 19, limit: 4, unit: "fire/s" },
  flaggedAt: 1767225000000,
  lastAt: 1767225000000,
};

export const FlagPage = z
  .object({ flagged: z.array(FlagRow), next: z.number().int().nullable() })
  .openapi("FairPlayFlagPage", { example: { flagged: [example], next: null } });

export const FlagDetail = FlagRow.extend({
  history: z
    .array(
      z.object({
        at: z.number().int(),
        roomId: z.string(),
        step: z.enum(["log", "flag", "kick", "ban"]),
        offences: z.number().int(),
        evidence: EvidenceBody,
      }),
    )
    .openapi({ description: "Every escalation step of the account, newest first (up to 100)." }),
}).openapi("FairPlayFlag", { example: { ...example, history: [] } });

export const FlagQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  before: z.coerce.number().int().optional().openapi({
    description: "Page cursor: the `next` of the previous page.",
    example: 1767225000000,
  }),
  game: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional()
    .openapi({ description: "Only this game's flags.", example: "arena" }),
});
