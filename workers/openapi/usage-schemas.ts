// Schemas of the usage routes for admins (workers/routes/admin-usage.ts).

import { z } from "@hono/zod-openapi";

const Item = z.object({
  item: z.string(),
  quantity: z.number(),
  unit: z.string(),
  usd: z.number(),
  formula: z.string(),
});

const Usage = z.object({
  activeMs: z.number(),
  httpRequests: z.number(),
  wsMessagesIn: z.number(),
  wsMessagesOut: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  d1RowsRead: z.number(),
  d1RowsWritten: z.number(),
  storageWrites: z.number(),
  relayBytes: z.number(),
  voiceBytes: z.number(),
});

export const CostsQuery = z.object({
  from: z.coerce.number().int().min(0).optional().openapi({
    description: "Unix ms; default 24 hours before `to`.",
    example: 1767225000000,
  }),
  to: z.coerce.number().int().min(0).optional().openapi({ description: "Unix ms; default now." }),
  groupBy: z.enum(["match", "game", "mode", "region", "day"]).default("match"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const CostsBody = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    groupBy: z.enum(["match", "game", "mode", "region", "day"]),
    totalUsd: z.number(),
    groups: z.array(
      z.object({
        key: z.string().openapi({
          description: "The match (room id), game, game:mode, region (or 'unplaced') or day (UTC).",
        }),
        minutes: z.number().int(),
        totalUsd: z.number(),
        usage: Usage,
        workerUsage: Usage,
        items: z.array(Item),
      }),
    ),
  })
  .openapi("MeasuredCosts", {
    description:
      "Marginal cost: metered counters × the price table (server/costs), no base fee or included amounts.",
  });

export const MetricsQuery = z.object({
  minutes: z.coerce.number().int().min(1).max(1440).default(60),
});

const series = z.array(z.number());
const optionalSeries = z.array(z.number().nullable());

export const MetricsBody = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    stepMs: z.number().int(),
    minutes: z.array(z.number().int()),
    series: z.object({
      rooms: series,
      players: series,
      tickMsP99: optionalSeries,
      bytesInPerSecond: series,
      bytesOutPerSecond: series,
      queueLength: series,
      timeToMatchMs: optionalSeries,
      signInFailures: series,
      cheatFlags: series,
      costUsdPerHour: series,
    }),
  })
  .openapi("Metrics", {
    description: "One value per minute of the range, oldest first (the operator dashboard's data).",
  });
