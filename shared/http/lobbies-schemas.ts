// Lobbies: the code of /v1/lobbies/:code, the settings a host sets on POST /v1/lobbies, and
// the lobby every lobby route answers (with a join ticket once its game has started). Ready,
// chat, settings changes, kicks and the start go over the member WebSocket instead.

import { z } from "zod";
import { CrossRegionWarning, IssuedJoinTicket, Properties } from "./placement-schemas.js";

/** Lobby codes: 6 characters without look-alikes (no 0/O, 1/I/L). */
export const LOBBY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A lobby code (the `:code` path parameter). */
export const LobbyCode = z
  .string()
  .regex(
    new RegExp(`^[${LOBBY_CODE_ALPHABET}]{6}$`),
    "code must be 6 characters of A-Z (no I, L, O) and 2-9",
  )
  .meta({ example: "K7QX2M" });

/** What a host can set; every field optional (shared/lobby/lobby-settings.ts has the defaults). */
export const LobbySettings = z
  .object({
    maxPlayers: z.number().int().min(2).max(64).optional(),
    minPlayers: z.number().int().min(1).max(64).optional(),
    countdownMs: z.number().int().min(0).max(30_000).optional(),
    game: z
      .string()
      .regex(/^[a-z0-9-]{0,32}$/)
      .optional()
      .meta({ description: "A registered game (GET /v1/games); empty or absent: the first." }),
    mode: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .optional(),
    properties: Properties.optional(),
  })
  .meta({
    id: "LobbySettings",
    example: {
      maxPlayers: 4,
      minPlayers: 2,
      countdownMs: 3000,
      game: "arena",
      mode: "ffa",
      properties: { map: "dust" },
    },
  });

/** The body of POST /v1/lobbies. */
export const CreateLobby = z.object({ settings: LobbySettings.optional() });

/** A lobby creation request. */
export type CreateLobby = z.input<typeof CreateLobby>;

/** A lobby as its members see it. */
export const Lobby = z
  .object({
    code: z.string(),
    phase: z.enum(["open", "countdown", "starting", "started", "closed"]),
    hostId: z.string(),
    settings: z.object({
      maxPlayers: z.number().int(),
      minPlayers: z.number().int(),
      countdownMs: z.number().int(),
      game: z.string(),
      mode: z.string(),
      properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
    members: z.array(
      z.object({
        accountId: z.string(),
        name: z.string(),
        roles: z.array(z.string()),
        host: z.boolean(),
        ready: z.boolean(),
        muted: z.boolean(),
        connected: z.boolean(),
        regionId: z.string().optional(),
      }),
    ),
    countdownEndsAt: z.number().int().optional(),
    game: z
      .object({
        roomId: z.string(),
        regionId: z.string(),
        startedAt: z.number().int(),
        warnings: z.array(CrossRegionWarning),
      })
      .optional(),
  })
  .meta({ id: "Lobby" });

/** What every lobby route answers: the lobby, and a fresh join ticket once it has started. */
export const LobbyAnswer = z
  .object({
    lobby: Lobby,
    // register(), not meta(): meta() clones the schema, and zod-to-openapi 9 then loses the
    // IssuedJoinTicket reference of an optional whose own metadata came from a clone.
    ticket: IssuedJoinTicket.optional().register(z.globalRegistry, {
      description: "When the lobby's game has started: a fresh join ticket for it.",
    }),
  })
  .meta({
    id: "LobbyAnswer",
    example: {
      lobby: {
        code: "K7QX2M",
        phase: "open",
        hostId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
        settings: {
          maxPlayers: 4,
          minPlayers: 2,
          countdownMs: 3000,
          game: "arena",
          mode: "ffa",
          properties: {},
        },
        members: [
          {
            accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
            name: "ada",
            roles: ["player"],
            host: true,
            ready: false,
            muted: false,
            connected: false,
            regionId: "weur",
          },
        ],
      },
    },
  });

/** A lobby answer. */
export type LobbyAnswer = z.infer<typeof LobbyAnswer>;
