// Peer sessions (listen servers and P2P meshes) over HTTP: what registering one answers (the
// row, plus the host's session ticket), joining one (a session ticket and where to signal),
// the signaling socket's query, and the session's relay usage.

import { z } from "zod";
import { CrossRegionWarning } from "./placement-schemas.js";
import { LiveSession } from "./sessions-schemas.js";

/** A display name other peers see: 1–64 characters. */
export const PeerName = z.string().min(1).max(64).meta({ example: "ada" });

const ticketFields = {
  ticket: z.string().meta({
    description:
      "A session ticket (60 s): open `signalUrl?ticket=<ticket>` with it, once. Ask POST /v1/sessions/{sessionId}/join for another to reconnect.",
    example: "eyJhbGciOiJFUzI1NiIsImtpZCI6ImRldi0yMDI2LTExIn0.eyJzZXNzaW9uIjoibHNf…",
  }),
  signalUrl: z.string().meta({
    description: "The signaling WebSocket's path on this API.",
    example: "/v1/sessions/ls_3f2a9c1e5b7d4f60a8e2c4b6/signal",
  }),
};

/** POST /v1/sessions: the registered session, and the host's ticket to its signaling socket. */
export const RegisteredSession = LiveSession.extend({
  ...ticketFields,
  ticketExpiresAt: z.number().int().meta({ example: 1767225060000 }),
}).meta({
  id: "RegisteredSession",
  example: {
    sessionId: "ls_3f2a9c1e5b7d4f60a8e2c4b6",
    kind: "listen",
    game: "caves",
    mode: "coop",
    access: "public",
    region: "weur",
    players: 1,
    capacity: 4,
    properties: { map: "caves" },
    hostAccount: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
    connectInfo: null,
    createdAt: 1767225000000,
    heartbeatAt: 1767225000000,
    expiresAt: 1767225060000,
    ticket: "eyJhbGciOiJFUzI1NiIs…",
    signalUrl: "/v1/sessions/ls_3f2a9c1e5b7d4f60a8e2c4b6/signal",
    ticketExpiresAt: 1767225060000,
  },
});

/** A registered peer session with its host's ticket (times are Unix ms). */
export type RegisteredSession = z.infer<typeof RegisteredSession>;

/** The body of POST /v1/sessions/:sessionId/join (optional). */
export const JoinSessionRequest = z.object({
  name: PeerName.optional().meta({
    description: 'The name other peers see. @default the account\'s display name, else "player"',
  }),
});

/** What a join asks for. */
export type JoinSessionRequest = z.input<typeof JoinSessionRequest>;

/** POST /v1/sessions/:sessionId/join: a ticket to the session's signaling socket. */
export const JoinedSession = z
  .object({
    sessionId: z.string(),
    kind: z.enum(["listen", "p2p"]),
    ...ticketFields,
    expiresAt: z.number().int().meta({ description: "When the ticket expires, Unix ms." }),
    regionId: z.string().nullable().meta({
      description: "The region the session's signaling and relay object runs in.",
    }),
    warnings: z.array(CrossRegionWarning).meta({
      description:
        "The caller, when its expected round trip to the session's region is over the cross-region threshold.",
    }),
  })
  .meta({
    id: "JoinedSession",
    example: {
      sessionId: "ls_3f2a9c1e5b7d4f60a8e2c4b6",
      kind: "listen",
      ticket: "eyJhbGciOiJFUzI1NiIs…",
      signalUrl: "/v1/sessions/ls_3f2a9c1e5b7d4f60a8e2c4b6/signal",
      expiresAt: 1767225060000,
      regionId: "weur",
      warnings: [],
    },
  });

/** A joined session's ticket (expiresAt is Unix ms). */
export type JoinedSession = z.infer<typeof JoinedSession>;

/** The query of GET /v1/sessions/:sessionId/signal. */
export const SignalQuery = z.object({
  ticket: z.string().max(4096).meta({
    description: "The session ticket from POST /v1/sessions or POST /v1/sessions/{sessionId}/join.",
  }),
});

/** GET /v1/sessions/:sessionId/usage: what the session's signaling object carried. */
export const PeerSessionUsage = z
  .object({
    sessionId: z.string(),
    kind: z.enum(["listen", "p2p"]),
    hostAccount: z.string(),
    ended: z.boolean(),
    peers: z.number().int().meta({ description: "Peers connected now." }),
    peersJoined: z.number().int().meta({ description: "Peer ids handed out so far." }),
    relayFrames: z.number().int().meta({ description: "Relayed binary frames forwarded." }),
    relayBytes: z.number().int().meta({ description: "Their bytes, 3-byte headers included." }),
    relayDroppedFrames: z.number().int().meta({
      description: "Unreliable relayed frames dropped for receivers that read too slowly.",
    }),
    signalMessages: z.number().int().meta({ description: "Signal and roster messages accepted." }),
  })
  .meta({
    id: "PeerSessionUsage",
    example: {
      sessionId: "ls_3f2a9c1e5b7d4f60a8e2c4b6",
      kind: "listen",
      hostAccount: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
      ended: false,
      peers: 3,
      peersJoined: 4,
      relayFrames: 18250,
      relayBytes: 2190000,
      relayDroppedFrames: 12,
      signalMessages: 41,
    },
  });

/** A peer session's usage. */
export type PeerSessionUsage = z.infer<typeof PeerSessionUsage>;
