// Session search: live sessions (game rooms register themselves; listen-server and P2P hosts
// register through POST /v1/sessions), the search query and page, the bodies of register,
// heartbeat and join-or-create, and what join-or-create answers.

import { z } from "zod";
import { IssuedJoinTicket, Properties, RegionId } from "./placement-schemas.js";

/** A game mode: 1–32 of a-z, 0-9 and -. */
export const SessionMode = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, "mode must be 1-32 characters of a-z, 0-9 and -");

/** The kinds of session: an edgetick room, a listen server, or a peer-to-peer host. */
export const SessionKind = z.enum(["room", "listen", "p2p"]);

/** A hosted session's id (the `:sessionId` path parameter): "ls_" and 24 hex digits. */
export const SessionId = z
  .string()
  .regex(/^ls_[0-9a-f]{24}$/, "session id must be ls_ and 24 hex digits")
  .meta({ example: "ls_3f2a9c1e5b7d4f60a8e2c4b6" });

/**
 * A live session. Its component name is LiveSession because "Session" is the sign-in
 * session (auth-schemas.ts); both used to register as "Session" and the second was lost.
 */
export const LiveSession = z
  .object({
    sessionId: z.string(),
    kind: SessionKind,
    game: z.string().nullable(),
    mode: z.string(),
    access: z.enum(["public", "ticket"]).meta({
      description:
        "public: anyone signed in may join; ticket: only the accounts it was made for, who see it in search.",
    }),
    region: z.string().nullable(),
    players: z.number().int(),
    capacity: z.number().int(),
    spectators: z
      .number()
      .int()
      .meta({ description: "Spectators watching a room now (0 for hosted sessions)." }),
    properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    hostAccount: z.string().nullable(),
    connectInfo: z.string().nullable(),
    createdAt: z.number().int(),
    heartbeatAt: z.number().int(),
    expiresAt: z.number().int(),
  })
  .meta({
    id: "LiveSession",
    example: {
      sessionId: "lobby-K7QX2M-1",
      kind: "room",
      game: "arena",
      mode: "ffa",
      access: "ticket",
      region: "weur",
      players: 3,
      capacity: 4,
      spectators: 5,
      properties: { map: "dust" },
      hostAccount: null,
      connectInfo: null,
      createdAt: 1767225000000,
      heartbeatAt: 1767225015000,
      expiresAt: 1767225060000,
    },
  });

/** A live session (times are Unix ms). */
export type LiveSession = z.infer<typeof LiveSession>;

/**
 * The query of GET /v1/sessions. Custom property filters (`prop.<key>=<value>`) come on top
 * and are read by the route itself.
 */
export const SessionSearchQuery = z.object({
  game: SessionMode.optional().meta({ description: "Only sessions of this game." }),
  mode: SessionMode.optional(),
  region: RegionId.optional(),
  kind: SessionKind.optional(),
  hasSpace: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "Only sessions with players < capacity." }),
  sort: z.enum(["players", "created"]).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .meta({ description: "`next` of the previous page." }),
});

/** GET /v1/sessions: one page of sessions; `next` is the cursor of the following page. */
export const SessionPage = z
  .object({ sessions: z.array(LiveSession), next: z.string().nullable() })
  .meta({ id: "SessionPage" });

/** A page of search results. */
export type SessionPage = z.infer<typeof SessionPage>;

/** The body of POST /v1/sessions: a listen-server or P2P session the caller hosts. */
export const RegisterSession = z.object({
  kind: z.enum(["listen", "p2p"]),
  game: SessionMode.optional().meta({ description: "The game the session plays." }),
  mode: SessionMode,
  region: RegionId.optional().meta({
    description:
      "A configured region (GET /v1/regions): where the session's signaling and relay object runs. @default the caller's detected region",
  }),
  players: z.number().int().min(0).max(1000),
  capacity: z.number().int().min(1).max(1000).meta({
    description: "Peers connected at once, the host included.",
  }),
  properties: Properties.optional(),
  connectInfo: z.string().max(512).optional().meta({ example: "signal:host-7f3a" }),
  name: z.string().min(1).max(64).optional().meta({
    description:
      "The host's name as peers see it. @default the account's display name, else \"player\"",
  }),
  access: z.enum(["public", "ticket"]).optional().meta({
    description:
      'public: anyone signed in may join; ticket: only the host and `members`, who alone see it in search. @default "public"',
  }),
  members: z
    .array(z.string().min(1).max(128))
    .max(256)
    .optional()
    .meta({ description: "The accounts a ticket session admits besides its host." }),
});

/** A hosted session's registration. */
export type RegisterSession = z.input<typeof RegisterSession>;

/** The body of POST /v1/sessions/:sessionId/heartbeat. */
export const SessionHeartbeat = z.object({ players: z.number().int().min(0).max(1000).optional() });

/** A heartbeat, optionally with the current player count. */
export type SessionHeartbeat = z.input<typeof SessionHeartbeat>;

/** The body of POST /v1/sessions/join-or-create. */
export const JoinOrCreateRequest = z.object({
  game: SessionMode.optional().meta({
    description: "A registered game (GET /v1/games); default: the deployment's first.",
  }),
  mode: SessionMode,
  region: RegionId.optional(),
  properties: Properties.optional(),
  capacity: z.number().int().min(2).max(64).optional().meta({
    description:
      "Seats of a created room. @default the mode's team size × count when the game has the mode, else the game's maxPlayers",
  }),
});

/** What join-or-create looks for (and creates). */
export type JoinOrCreateRequest = z.input<typeof JoinOrCreateRequest>;

/** POST /v1/sessions/join-or-create: where to go, and whether the room was created. */
export const JoinOrCreate = z
  .object({ created: z.boolean(), regionId: z.string(), joinTicket: IssuedJoinTicket })
  .meta({ id: "JoinOrCreate" });

/** Where join-or-create sends the caller. */
export type JoinOrCreate = z.infer<typeof JoinOrCreate>;
