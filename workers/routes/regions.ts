// Regions: GET /v1/regions lists the configured regions with the caller's detected one;
// GET /v1/regions/:regionId/ping is answered by a tiny Durable Object placed in that region,
// so timing it measures the real round trip (the client's measureRegions() does).

import { createRoute, z } from "@hono/zod-openapi";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import { RegionId } from "../../shared/http/placement-schemas.js";
import { RegionPong, Regions, RegionsQuery } from "../../shared/http/regions-schemas.js";
import { ApiError } from "../api-error.js";
import { createApi } from "../openapi/create-api.js";
import { errorResponse } from "../openapi/schemas.js";
import { requestRegion } from "../regions/request-region.js";

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["regions"],
  summary: "The regions and the caller's detected one",
  description:
    "Detection uses request.cf: the nearest region by coordinates, else the continent's, else the first. `?region=` or the X-Edgetick-Region header overrides it.",
  request: { query: RegionsQuery },
  responses: {
    200: { description: "Regions", content: { "application/json": { schema: Regions } } },
  },
});

const ping = createRoute({
  method: "get",
  path: "/{regionId}/ping",
  tags: ["regions"],
  summary: "Answered by a Durable Object in the region: time it to measure latency",
  request: {
    params: z.object({
      regionId: RegionId.openapi({
        param: { name: "regionId", in: "path" },
        example: "weur",
      }),
    }),
  },
  responses: {
    200: { description: "Pong", content: { "application/json": { schema: RegionPong } } },
    400: errorResponse("invalid_region_id"),
    404: errorResponse("not_found: no such region"),
  },
});

/** Region routes, mounted at /v1/regions. */
export const regions = createApi();

regions.openapi(list, (c) => {
  const detected = requestRegion(c);
  return c.json(
    {
      regions: configuredRegions(c.env).map((r) => ({
        id: r.id,
        name: r.name,
        locationHint: r.locationHint,
        pingPath: `/v1/regions/${r.id}/ping`,
      })),
      detected: {
        regionId: detected.region.id,
        method: detected.method,
        country: detected.country ?? null,
      },
    },
    200,
  );
});

regions.openapi(ping, async (c) => {
  const { regionId } = c.req.valid("param");
  const region = configuredRegions(c.env).find((r) => r.id === regionId);
  if (!region) throw new ApiError(404, "not_found", `no region ${regionId}`);
  const ns = c.env.REGION_PING;
  const stub = ns.get(ns.idFromName(region.id), {
    locationHint: region.locationHint as DurableObjectLocationHint,
  });
  const pong = await stub.ping(region.id);
  c.header("Cache-Control", "no-store");
  return c.json({ region: pong.region, at: pong.at }, 200);
});
