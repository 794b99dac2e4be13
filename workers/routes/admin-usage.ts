// What the deployment consumes, for admins: measured cost by match, game or day
// (GET /v1/admin/costs: the metering's counters priced, docs/costs.md) and the per-minute
// series the operator dashboard plots (GET /v1/admin/metrics). Mounted at /v1/admin.

import { createRoute } from "@hono/zod-openapi";
import { PERMISSION } from "../../server/auth/index.js";
import { costOf } from "../../server/costs/metered-cost.js";
import { metricsSeries } from "../../server/metering/metrics-series.js";
import { minuteOf } from "../../server/metering/usage-meter.js";
import { minuteFigures, usageByGroup } from "../../server/metering/usage-queries.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { CostsBody, CostsQuery, MetricsBody, MetricsQuery } from "../openapi/usage-schemas.js";

const guard = [requireAuth(PERMISSION.ADMIN), limitByAccount];
const DAY_MS = 86_400_000;

const routes = {
  costs: createRoute({
    method: "get",
    path: "/costs",
    tags: ["admin"],
    summary: "Measured cost by match, game or day",
    description:
      "The metered usage of rooms, lobbies, matchmakers, relays and the Worker in [from, to), priced with the price table: marginal cost, without the monthly base fee or included amounts (docs/costs.md).",
    security: BEARER,
    middleware: guard,
    request: { query: CostsQuery },
    responses: {
      200: { description: "Costs", content: { "application/json": { schema: CostsBody } } },
      400: errorResponse("invalid_request"),
      ...AUTH_ERRORS,
    },
  }),
  metrics: createRoute({
    method: "get",
    path: "/metrics",
    tags: ["admin"],
    summary: "Per-minute series of the live system (the operator dashboard's data)",
    security: BEARER,
    middleware: guard,
    request: { query: MetricsQuery },
    responses: {
      200: { description: "Series", content: { "application/json": { schema: MetricsBody } } },
      400: errorResponse("invalid_request"),
      ...AUTH_ERRORS,
    },
  }),
};

/** Usage routes, mounted at /v1/admin. */
export const adminUsage = createApi();

adminUsage.openapi(routes.costs, async (c) => {
  const q = c.req.valid("query");
  const to = q.to ?? Date.now();
  const from = q.from ?? to - DAY_MS;
  if (from >= to) throw new ApiError(400, "invalid_request", "from must be before to");
  if (to - from > 31 * DAY_MS)
    throw new ApiError(400, "invalid_request", "at most 31 days at once");
  const groups = (
    await usageByGroup(c.env.DB, { from, to, groupBy: q.groupBy, limit: q.limit })
  ).map((g) => {
    const objects = costOf(g.objects);
    const worker = costOf(g.worker, { as: "worker" });
    return {
      key: g.key,
      minutes: g.minutes,
      totalUsd: objects.totalUsd + worker.totalUsd,
      usage: g.objects,
      workerUsage: g.worker,
      items: [...objects.items, ...worker.items.map((i) => ({ ...i, item: `Worker: ${i.item}` }))],
    };
  });
  const totalUsd = groups.reduce((s, g) => s + g.totalUsd, 0);
  return c.json({ from, to, groupBy: q.groupBy, totalUsd, groups }, 200);
});

adminUsage.openapi(routes.metrics, async (c) => {
  const { minutes } = c.req.valid("query");
  // Up to the current minute, included: it fills as objects flush.
  const to = minuteOf(Date.now()) + 60_000;
  const from = to - minutes * 60_000;
  const figures = await minuteFigures(c.env.DB, { from, to });
  return c.json(metricsSeries(figures, from, to), 200);
});
