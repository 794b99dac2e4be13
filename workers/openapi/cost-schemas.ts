// The query and response of GET /v1/costs/estimate (server/costs/estimate.ts), with the
// examples the OpenAPI document shows. The bounds are the model's own (ESTIMATE_LIMITS).

import { z } from "@hono/zod-openapi";
import {
  DEFAULT_ESTIMATE_SETTINGS,
  ESTIMATE_LIMITS,
  estimateMonthly,
} from "../../server/costs/estimate.js";

type Limited = keyof typeof ESTIMATE_LIMITS;

/** A numeric query parameter within the model's bounds for `name`. */
function bounded(name: Limited, description: string) {
  const { min, max, integer } = ESTIMATE_LIMITS[name];
  const n = integer ? z.coerce.number().int() : z.coerce.number();
  return n
    .min(min)
    .max(max)
    .optional()
    .openapi({ description, example: DEFAULT_ESTIMATE_SETTINGS[name] });
}

export const EstimateQuery = z.object({
  players: bounded("players", "Players per match (default 10)."),
  tickRate: bounded(
    "tickRate",
    "The room's tick rate, Hz (default 30): changes outgoing messages only, which are free.",
  ),
  matchMinutes: bounded("matchMinutes", "Match length, minutes (default 15)."),
  matchesPerDay: bounded("matchesPerDay", "Matches started a day (default 1000)."),
  voice: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "Voice chat through the room (default false)." }),
  inputRate: bounded(
    "inputRate",
    "INPUT frames each client sends a second (default 30): incoming, billed 20 to a request.",
  ),
  voiceTalkFraction: bounded(
    "voiceTalkFraction",
    "Share of a match each player talks, 0–1 (default 0.2, an assumption).",
  ),
  workerCpuMsPerRequest: bounded(
    "workerCpuMsPerRequest",
    "Worker CPU per HTTP request, ms (default 5, an assumption).",
  ),
});

const Settings = z.object({
  players: z.number().int(),
  tickRate: z.number(),
  matchMinutes: z.number(),
  matchesPerDay: z.number(),
  voice: z.boolean(),
  inputRate: z.number(),
  voiceTalkFraction: z.number(),
  workerCpuMsPerRequest: z.number(),
});

const Item = z.object({
  item: z.string().openapi({ example: "Durable Objects requests" }),
  quantity: z.number().openapi({ description: "A month's quantity, before included amounts." }),
  unit: z.string().openapi({ example: "requests" }),
  usd: z
    .number()
    .openapi({ description: "US dollars, after the included amount; 0 when not billed." }),
  formula: z.string(),
});

const example = estimateMonthly();

export const CostEstimate = z
  .object({
    settings: Settings,
    monthlyUsd: z.number().openapi({ description: "The items' sum, US dollars, a 30-day month." }),
    items: z.array(Item),
    warnings: z
      .array(z.string())
      .openapi({ description: "Settings one room cannot sustain (messages a second)." }),
    prices: z.object({
      version: z.string().openapi({ description: "The date the price table was checked." }),
      currency: z.literal("USD"),
    }),
  })
  .openapi("CostEstimate", {
    example: {
      settings: example.settings,
      monthlyUsd: example.monthlyUsd,
      items: [...example.items],
      warnings: [],
      prices: { version: "2026-12-06", currency: "USD" },
    },
  });
