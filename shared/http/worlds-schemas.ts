// Zoned worlds (docs/zones.md, docs/api.md#worlds): the world id of /v1/worlds/:worldId, what
// GET describes (grid, zones' load, clock, leaderboard), the join answer (the zone a player
// is placed in and its ticket) and the world chat.

import { z } from "zod";

/** World ids: 1–32 of a-z, 0-9 and `-`. */
export const WorldId = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, "world id must be 1-32 characters of a-z, 0-9 and -")
  .meta({ example: "overworld" });

/** A zone id: the grid cell "column.row". */
export const ZoneIdParam = z
  .string()
  .regex(/^[0-9]{1,3}\.[0-9]{1,3}$/, "zone id must be column.row, e.g. 2.3")
  .meta({ example: "2.3" });

const ZoneLoad = z
  .object({
    zoneId: z.string().meta({ example: "1.2" }),
    players: z.number().int().meta({ example: 12 }),
    tickP99Ms: z.number().nullable().meta({ example: 1.8 }),
    region: z.string().meta({ example: "weur" }),
    at: z.number().int().meta({ description: "When the zone measured it (Unix ms)." }),
  })
  .meta({ id: "ZoneLoad" });

/** GET /v1/worlds/:worldId. */
export const WorldInfo = z
  .object({
    worldId: z.string().meta({ example: "overworld" }),
    game: z.string().meta({ example: "world" }),
    grid: z.object({
      originX: z.number(),
      originY: z.number(),
      zoneWidth: z.number(),
      zoneHeight: z.number(),
      columns: z.number().int(),
      rows: z.number().int(),
    }),
    capacityPerZone: z.number().int().meta({ example: 64 }),
    version: z.number().int().meta({ description: "The world state's version this reflects." }),
    worldTimeMs: z.number().int().meta({ description: "The world clock now, world ms." }),
    clock: z.object({ epochMs: z.number(), rate: z.number() }),
    zones: z.array(ZoneLoad).meta({ description: "Zones that reported load (others are empty)." }),
    leaderboard: z.array(
      z.object({ accountId: z.string(), name: z.string(), visits: z.number().int() }),
    ),
    chatSeq: z.number().int(),
  })
  .meta({ id: "WorldInfo" });

/** POST /v1/worlds/:worldId/join body. */
export const JoinWorldRequest = z
  .object({
    game: z.string().optional().meta({
      description: "The zoned game of a world made by this call; default the first zoned one.",
    }),
    name: z.string().min(1).max(32).meta({
      description:
        "The name the player will say HELLO with: the game spawns its avatar by it, and the player enters that zone.",
    }),
    region: z.string().optional().meta({
      description: "Place a zone made by this call here; default the caller's detected region.",
    }),
  })
  .strict();

/** The zone a player was placed in, with the join ticket for its socket. */
export const WorldPlacement = z
  .object({
    worldId: z.string(),
    zoneId: z.string(),
    game: z.string(),
    ticket: z.string(),
    expiresAt: z.number().int(),
    socketPath: z.string().meta({ example: "/v1/worlds/overworld/zones/1.2/ws" }),
    region: z.string().meta({ example: "weur" }),
  })
  .meta({ id: "WorldPlacement" });

/** A world chat line. */
export const ChatLine = z
  .object({
    seq: z.number().int(),
    at: z.number().int(),
    accountId: z.string(),
    name: z.string(),
    text: z.string(),
  })
  .meta({ id: "ChatLine" });

/** POST /v1/worlds/:worldId/chat body. */
export const PostChat = z
  .object({
    name: z.string().min(1).max(32),
    text: z.string().min(1).max(280),
  })
  .strict();

/** GET /v1/worlds/:worldId/chat answer. */
export const ChatPage = z
  .object({ lines: z.array(ChatLine), chatSeq: z.number().int() })
  .meta({ id: "ChatPage" });

/** GET /v1/admin/worlds/:worldId/zones/:zoneId. */
export const ZoneFigures = z
  .object({
    zoneId: z.string(),
    tick: z.number().int(),
    players: z.number().int(),
    arriving: z.number().int(),
    departing: z.number().int(),
    ghosts: z.number().int(),
    ghostBytesSent: z.number().int(),
    links: z.object({
      calls: z.number().int(),
      failures: z.number().int(),
      staleGhosts: z.number().int(),
      ghostBytes: z.number().int(),
    }),
    stints: z
      .array(
        z.object({
          accountId: z.string(),
          first: z.number().int(),
          last: z.number().int(),
          count: z.number().int(),
          repeats: z.number().int(),
        }),
      )
      .meta({ description: "Per stay of an account's avatar: world inputs applied." }),
    handoffMs: z.array(z.number()).meta({
      description:
        "Handoffs out of the zone, newest last: commit sent to the next zone until its adoption arrived, ms.",
    }),
  })
  .meta({ id: "ZoneFigures" });
