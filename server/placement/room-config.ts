// How a room was made, as the room keeps it: its game and mode, who may join, how many
// seats and which teams. The matchmaker and lobbies send it when they place a room
// (placeRoom); a public room opened by id gets its game's. The room stores it beside its
// snapshot, so a restarted room runs the same game with the same guest list.

import { z } from "zod";

/** Where a room came from. */
export const ROOM_ORIGINS = ["request", "matchmaker", "lobby", "world"] as const;

/** The longest guest list a room keeps (the largest lobby or match, with room to backfill). */
export const MAX_ROOM_MEMBERS = 256;

const name = z.string().regex(/^[a-z0-9-]{1,32}$/);
const accountId = z.string().min(1).max(128);

/** A room's configuration, validated wherever it crosses a boundary. */
export const RoomConfigSchema = z
  .object({
    /** The registered game the room runs. */
    game: name,
    /** The matchmaking mode or lobby mode it was made for (session search shows it). */
    mode: name.optional(),
    /** "public": anyone signed in; "ticket": only holders of a join ticket who are members. */
    access: z.enum(["public", "ticket"]),
    /** Seats: players at once (the mode's team size × count, the lobby's maximum). */
    capacity: z.number().int().min(1).max(1024),
    /** The accounts a ticket room admits (its match or lobby); grows by backfill. */
    members: z.array(accountId).max(MAX_ROOM_MEMBERS).optional(),
    /** Accounts by team, for games with teams (index = team number). */
    teams: z.array(z.array(accountId).max(MAX_ROOM_MEMBERS)).max(64).optional(),
    origin: z.enum(ROOM_ORIGINS),
    /**
     * Set for a zone of a zoned world (server/worlds): the room runs the game's zone core for
     * that zone's area, and admits any holder of a join ticket for it or a zone ticket from a
     * neighbour (docs/zones.md).
     */
    zone: z
      .object({
        worldId: name,
        /** The grid cell "column.row" (a split zone's child adds "/n"). */
        zoneId: z.string().regex(/^[0-9]{1,3}\.[0-9]{1,3}(\/[0-9]{1,3})*$/),
      })
      .strict()
      .optional(),
    /** The region it was placed in (a configured region's id), for its replays' listing. */
    region: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .optional(),
  })
  .strict();

/** A room's configuration. */
export type RoomConfig = z.infer<typeof RoomConfigSchema>;

/** The room's internal endpoints (reached only through the namespace, never from outside). */
export const ROOM_PATH = {
  /** POST a RoomConfig: the room takes it if it has none (409 if it has another). */
  CONFIGURE: "/configure",
  /** POST { accountIds }: more members for a ticket room (backfill). */
  MEMBERS: "/members",
  /** GET ?account=: whether that account may ask for a ticket to the room. */
  ACCESS: "/access",
  /** GET: the room's description (404 for a room never made). */
  INFO: "/info",
  /** GET with a WebSocket upgrade. */
  SOCKET: "/ws",
} as const;

/** Header of a socket request from the Worker for a room that may be made on first use. */
export const ROOM_CREATE_HEADER = "X-Edgetick-Create-Game";

/** The team of `accountId` in `config`, or undefined. */
export function teamOf(config: RoomConfig, accountId: string | undefined): number | undefined {
  if (accountId === undefined || !config.teams) return undefined;
  const t = config.teams.findIndex((team) => team.includes(accountId));
  return t < 0 ? undefined : t;
}
