// Placement vocabulary shared by the lobby, matchmaking, session and region resources:
// region ids, measured latencies, custom properties, cross-region warnings and the join
// ticket a placement hands out.

import { z } from "zod";

/** A region id: 1–32 of a-z, 0-9 and -. */
export const RegionId = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, "region id must be 1-32 characters of a-z, 0-9 and -");

/** Measured round trips by region id, ms (at most 32 regions, each 0–60000). */
export const Latencies = z
  .record(RegionId, z.number().min(0).max(60_000))
  .refine((r) => Object.keys(r).length <= 32, "at most 32 regions")
  .meta({ example: { weur: 24, enam: 98, apac: 210 } });

/** A custom property value: a string of at most 64 characters, a number or a boolean. */
export const PropertyValue = z.union([z.string().max(64), z.number(), z.boolean()]);

/** Custom properties: up to 16 keys of 1–32 A-Z a-z 0-9 _ -. */
export const Properties = z
  .record(
    z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "property keys are 1-32 of A-Z a-z 0-9 _ -"),
    PropertyValue,
  )
  .refine((p) => Object.keys(p).length <= 16, "at most 16 properties")
  .meta({ example: { map: "dust", ranked: true } });

/** A member whose expected latency in the chosen region is over the threshold. */
export const CrossRegionWarning = z
  .object({
    accountId: z.string(),
    regionId: z.string(),
    expectedMs: z.number(),
    thresholdMs: z.number(),
  })
  .meta({
    id: "CrossRegionWarning",
    example: {
      accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
      regionId: "weur",
      expectedMs: 182,
      thresholdMs: 150,
    },
  });

/** A join ticket for one room, as matchmaking, lobbies and session placement hand it out. */
export const IssuedJoinTicket = z
  .object({ ticket: z.string(), roomId: z.string(), expiresAt: z.number().int() })
  .meta({
    id: "IssuedJoinTicket",
    example: {
      ticket: "eyJhbGciOiJFUzI1NiIs…",
      roomId: "mm-ffa-3f2a9c1e5b7d4f60",
      expiresAt: 1767225660000,
    },
  });

/** A placement's join ticket (expiresAt is Unix ms). */
export type IssuedJoinTicket = z.infer<typeof IssuedJoinTicket>;
