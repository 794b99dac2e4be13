// Cost estimates: GET /v1/costs/estimate prices a game's settings for a 30-day month with
// Cloudflare's list prices (server/costs). Public: it reads nothing but its query, so a studio
// can ask before it has an account. Rate limited per client address on API_LIMITER (keys
// `ip:…`, apart from the accounts' `account:…`), not on AUTH_LIMITER, so a busy calculator
// never spends a player's sign-ins.

import { createRoute } from "@hono/zod-openapi";
import { estimateMonthly } from "../../server/costs/estimate.js";
import { PRICES } from "../../server/costs/price-table.js";
import { clientIp, rateLimit } from "../middleware/rate-limit.js";
import { CostEstimate, EstimateQuery } from "../openapi/cost-schemas.js";
import { createApi } from "../openapi/create-api.js";
import { errorResponse } from "../openapi/schemas.js";

const estimate = createRoute({
  method: "get",
  path: "/estimate",
  tags: ["costs"],
  summary: "The expected monthly Cloudflare cost of a game's settings, item by item",
  description:
    "Usage per match (HTTP calls, incoming socket messages, object time, D1 and storage rows; docs/costs.md) times the matches of a 30-day month, each priced after its monthly included amount, plus the Workers Paid base fee. Every setting is optional; the defaults are the 10-player, 30 Hz, 15-minute example.",
  request: { query: EstimateQuery },
  responses: {
    200: {
      description: "The estimate",
      content: { "application/json": { schema: CostEstimate } },
    },
    400: errorResponse("invalid_request: a setting out of range, named in the message"),
    429: errorResponse("rate_limited: too many calls from this address"),
  },
});

/** Cost routes, mounted at /v1/costs. */
export const costs = createApi();

costs.use(
  "*",
  rateLimit("API_LIMITER", (c) => `ip:${clientIp(c)}`),
);

costs.openapi(estimate, (c) => {
  const { voice, ...numbers } = c.req.valid("query");
  const e = estimateMonthly({
    ...numbers,
    ...(voice === undefined ? {} : { voice: voice === "true" }),
  });
  return c.json(
    {
      settings: e.settings,
      monthlyUsd: e.monthlyUsd,
      items: [...e.items],
      warnings: [...e.warnings],
      prices: { version: PRICES.version, currency: PRICES.currency },
    },
    200,
  );
});
