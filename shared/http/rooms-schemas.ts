// Rooms: the room id of /v1/rooms/:roomId, what GET /v1/rooms/:roomId describes, the join
// ticket POST /v1/rooms/:roomId/tickets issues and the spectator ticket of
// POST /v1/rooms/:roomId/spectator-tickets.

import { z } from "zod";

/** Room ids: 1–64 characters of letters, digits, `-` and `_`. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A room id (the `:roomId` path parameter). */
export const RoomId = z
  .string()
  .regex(ROOM_ID_PATTERN, "room id must be 1-64 characters of A-Z, a-z, 0-9, - and _")
  .meta({ example: "lobby" });

/** GET /v1/rooms/:roomId: a room, described without joining it. */
export const RoomInfo = z
  .object({
    roomId: z.string().meta({ example: "lobby" }),
    game: z.string().meta({ example: "arena" }),
    mode: z.string().optional().meta({ example: "duel" }),
    access: z.enum(["public", "ticket"]).meta({ example: "public" }),
    capacity: z.number().int().meta({ example: 32 }),
    tick: z.number().int().meta({ example: 1234 }),
    tickRate: z.number().int().meta({ example: 30 }),
    running: z.boolean().meta({ example: true }),
    players: z
      .array(z.object({ playerId: z.number().int(), name: z.string(), connected: z.boolean() }))
      .meta({
        example: [
          { playerId: 1, name: "ada", connected: true },
          { playerId: 2, name: "bob", connected: false },
        ],
      }),
    spectators: z
      .number()
      .int()
      .meta({ example: 12, description: "Spectators watching now (they hold no seat)." }),
  })
  .meta({ id: "RoomInfo" });

/** A room's public state. */
export type RoomInfo = z.infer<typeof RoomInfo>;

/** POST /v1/rooms/:roomId/tickets: a short-lived token that admits its holder to one room. */
export const JoinTicket = z
  .object({
    ticket: z.string().meta({
      example: "eyJhbGciOiJFUzI1NiIsImtpZCI6ImRldi0yMDI2LTExIn0.eyJyb29tIjoibG9iYnki…",
    }),
    roomId: z.string().meta({ example: "lobby" }),
    expiresAt: z.number().int().meta({ example: 1767225660000 }),
  })
  .meta({ id: "JoinTicket" });

/** A join ticket (expiresAt is Unix ms). */
export type JoinTicket = z.infer<typeof JoinTicket>;

/**
 * POST /v1/rooms/:roomId/spectator-tickets: a short-lived token that lets its holder watch one
 * room (a spectator HELLO) and never play in it.
 */
export const SpectatorTicket = z
  .object({
    ticket: z.string().meta({
      example: "eyJhbGciOiJFUzI1NiIsImtpZCI6ImRldi0yMDI2LTExIn0.eyJyb29tIjoibW0tZHVlbC03ZjNh…",
    }),
    roomId: z.string().meta({ example: "mm-duel-7f3a9c1e" }),
    expiresAt: z.number().int().meta({ example: 1767225660000 }),
  })
  .meta({ id: "SpectatorTicket" });

/** A spectator ticket (expiresAt is Unix ms). */
export type SpectatorTicket = z.infer<typeof SpectatorTicket>;
