// Regions: GET /v1/regions lists the configured regions with the caller's detected one;
// GET /v1/regions/:regionId/ping is answered by a tiny Durable Object placed in that region,
// so timing it measures the real round trip (the client's measureRegions() does).

import { createRoute, z } from "@hono/zod-openapi";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import { ApiError } from "../api-error.js";
import { createApi } from "../openapi/create-api.js";
import { RegionIdSchema } from "../openapi/placement-schemas.js";
import { errorResponse } from "../openapi/schemas.js";
import { requestRegion } from "../regions/request-region.js";

const RegionList = z
  .object({
    regions: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        locationHint: z.string(),
        pingPath: z.string(),
      }),
    ),
    detected: z.object({
      regionId: z.string(),
      method: z.enum(["override", "coordinates", "continent", "default"]),
      country: z.string().nullable(),
    }),
  })
  .openapi("Regions", {
    example: {
      regions: [
        {
          id: "weur",
          name: "Western Europe",
          locationHint: "weur",
          pingPath: "/v1/regions/weur/ping",
        },
      ],
      detected: { regionId: "weur", method: "coordinates", country: "FR" },
    },
  });

const Pong = z
  .object({ region: z.string(), at: z.number().int() })
  .openapi("RegionPong", { example: { region: "weur", at: 1767225000000 } });

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["regions"],
  summary: "The regions and the caller's detected one",
  description:
    "Detection uses request.cf: the nearest region by coordinates, else the continent's, else the first. `?region=` or the X-Edgetick-Region header overrides it.",
  request: { query: z.object({ region: RegionIdSchema.optional() }) },
  responses: {
    200: { description: "Regions", content: { "application/json": { schema: RegionList } } },
  },
});

const ping = createRoute({
  method: "get",
  path: "/{regionId}/ping",
  tags: ["regions"],
  summary: "Answered by a Durable Object in the region: time it to measure latency",
  request: {
    params: z.object({
      regionId: RegionIdSchema.openapi({
        param: { name: "regionId", in: "path" },
        example: "weur",
      }),
    }),
  },
  responses: {
    200: { description: "Pong", content: { "application/json": { schema: Pong } } },
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
