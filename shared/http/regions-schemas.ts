// Regions: GET /v1/regions (the configured regions and the caller's detected one) and the
// answer of GET /v1/regions/:regionId/ping.

import { z } from "zod";
import { RegionId } from "./placement-schemas.js";

/** The query of GET /v1/regions: `region` overrides detection. */
export const RegionsQuery = z.object({ region: RegionId.optional() });

/** GET /v1/regions: the regions, with the ping path of each, and the detected one. */
export const Regions = z
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
  .meta({
    id: "Regions",
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

/** The region list. */
export type Regions = z.infer<typeof Regions>;

/** GET /v1/regions/:regionId/ping: answered by a Durable Object in the region. */
export const RegionPong = z
  .object({ region: z.string(), at: z.number().int() })
  .meta({ id: "RegionPong", example: { region: "weur", at: 1767225000000 } });

/** A region's pong (`at` is Unix ms). */
export type RegionPong = z.infer<typeof RegionPong>;
