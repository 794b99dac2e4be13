// Request and response schemas of the admin routes (workers/routes/admin.ts), with the
// examples the OpenAPI document shows.

import { z } from "@hono/zod-openapi";
import { ROLES } from "../../server/auth/index.js";
import { AccountId } from "../../shared/http/players-schemas.js";
import { RoomId } from "../../shared/http/rooms-schemas.js";
import { errorResponse } from "./schemas.js";

export const RunningRooms = z
  .object({
    rooms: z.array(
      z.object({
        roomId: z.string(),
        game: z.string(),
        startedAt: z.number().int(),
        peakPlayers: z.number().int(),
      }),
    ),
  })
  .openapi("RunningRooms", {
    example: {
      rooms: [{ roomId: "lobby", game: "arena", startedAt: 1767225000000, peakPlayers: 2 }],
    },
  });

export const Inspection = z
  .object({
    roomId: z.string(),
    game: z.string(),
    mode: z.string().optional(),
    access: z.enum(["public", "ticket"]),
    capacity: z.number().int(),
    tick: z.number().int(),
    tickRate: z.number().int(),
    running: z.boolean(),
    spectators: z.number().int(),
    pendingConnections: z.number().int().openapi({
      description: "Sockets open but not yet admitted as a player or a spectator.",
    }),
    players: z.array(
      z.object({
        playerId: z.number().int(),
        name: z.string(),
        accountId: z.string(),
        roles: z.array(z.string()),
        muted: z.boolean(),
        dataLoaded: z.boolean(),
        bytesPerSecond: z.number().openapi({
          description:
            "The player's state rate in force, bytes per second: the room's budget, capped by the client's RATE, lowered while its link backs up (at least 1024).",
        }),
      }),
    ),
  })
  .openapi("RoomInspection", {
    example: {
      roomId: "lobby",
      game: "arena",
      access: "public",
      capacity: 32,
      tick: 1234,
      tickRate: 30,
      running: true,
      spectators: 0,
      pendingConnections: 0,
      players: [
        {
          playerId: 1,
          name: "ada",
          accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
          roles: ["player"],
          muted: false,
          dataLoaded: true,
          bytesPerSecond: 65536,
        },
      ],
    },
  });

export const AccountRow = z.object({
  accountId: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.string()),
  createdAt: z.number().int(),
  lastSignInAt: z.number().int(),
  banned: z.boolean(),
});

export const Accounts = z
  .object({ players: z.array(AccountRow), next: z.number().int().nullable() })
  .openapi("AccountPage", {
    example: {
      players: [
        {
          accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
          displayName: "ada",
          roles: ["player"],
          createdAt: 1767225000000,
          lastSignInAt: 1767225000000,
          banned: false,
        },
      ],
      next: null,
    },
  });

export const BanRequest = z
  .object({
    reason: z.string().min(1).max(200).openapi({ example: "cheating" }),
    durationS: z.number().int().min(1).optional().openapi({
      description: "Seconds until the ban lifts; permanent when absent.",
      example: 86400,
    }),
  })
  .openapi("BanRequest");

export const BanBody = z
  .object({
    accountId: z.string(),
    reason: z.string(),
    bannedBy: z.string().nullable(),
    createdAt: z.number().int(),
    expiresAt: z.number().int().nullable(),
  })
  .openapi("Ban", {
    example: {
      accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
      reason: "cheating",
      bannedBy: "acc_0c1d2e3f405162738495a6b7c8d9e0f1",
      createdAt: 1767225000000,
      expiresAt: 1767311400000,
    },
  });

export const RolesBody = z
  .object({
    roles: z
      .array(z.enum(ROLES))
      .min(1)
      .openapi({ example: ["player", "moderator"] }),
  })
  .openapi("Roles");

export const KickAccount = z
  .object({
    accountId: AccountId,
    reason: z.string().min(1).max(200).openapi({ example: "ban evasion" }),
  })
  .openapi("KickAccountRequest");

export const RoomParams = z.object({ roomId: RoomId });
export const AccountParams = z.object({
  accountId: AccountId.openapi({ param: { name: "accountId", in: "path" } }),
});

export const NOT_FOUND = errorResponse("not_found: no such account");
