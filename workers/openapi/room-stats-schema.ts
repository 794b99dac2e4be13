// The response of GET /v1/admin/rooms/{roomId}/stats (durable-objects/game-room/room-stats.ts),
// with the example the OpenAPI document shows.

import { z } from "@hono/zod-openapi";

const Durations = z
  .object({
    p50: z.number(),
    p99: z.number(),
    max: z.number(),
    mean: z.number(),
  })
  .nullable()
  .openapi({
    description:
      "Milliseconds; percentiles are within 3.2% (log-linear buckets). Null when the room is not timed.",
  });

const Span = z.object({
  ms: z.number().openapi({ description: "How long the span covers, ms." }),
  ticks: z.number().int(),
  tickMs: Durations.openapi({ description: "Whole ticks, ms." }),
  stepMs: Durations.openapi({ description: "The game's step, ms." }),
  encodeMs: Durations.openapi({
    description: "Quantization and the shared encoding of what changed, ms.",
  }),
  sendMs: Durations.openapi({
    description: "Interest, each player's SNAPSHOT and the broadcast stream, ms.",
  }),
  bytesOutPerSecond: z.number(),
  messagesOutPerSecond: z.number(),
  bytesInPerSecond: z.number(),
  messagesInPerSecond: z.number(),
});

const exampleSpan = (ms: number, ticks: number) => ({
  ms,
  ticks,
  tickMs: { p50: 1.008, p99: 3.04, max: 4, mean: 1.21 },
  stepMs: { p50: 0.0005, p99: 1.008, max: 1, mean: 0.12 },
  encodeMs: { p50: 0.0005, p99: 1.008, max: 2, mean: 0.3 },
  sendMs: { p50: 1.008, p99: 2.016, max: 3, mean: 0.79 },
  bytesOutPerSecond: 412_000,
  messagesOutPerSecond: 6_000,
  bytesInPerSecond: 30_500,
  messagesInPerSecond: 4_100,
});

export const RoomStatsBody = z
  .object({
    roomId: z.string(),
    game: z.string(),
    mode: z.string().optional(),
    at: z.number().int().openapi({ description: "When the figures were read (Unix ms)." }),
    tickRate: z.number().int(),
    budgetMs: z.number().openapi({ description: "The time one tick may take: 1000 / tickRate." }),
    running: z.boolean(),
    tick: z.number().int(),
    players: z.number().int().openapi({ description: "Seated, connected or in grace." }),
    connectedPlayers: z.number().int(),
    spectators: z.number().int(),
    connections: z.number().int().openapi({ description: "Open sockets, joined or not." }),
    stalledMs: z.number().openapi({
      description: "Time the room fell behind its schedule beyond catching up, ms in total.",
    }),
    timed: z.boolean().openapi({
      description:
        "Whether durations were measured. Deployed, a Durable Object's clock does not advance during a tick, so its durations read 0: use them on a local server (wrangler dev) or in a Node bench.",
    }),
    poseHistoryBytes: z.number().int().openapi({
      description:
        "Bytes the lag-compensation pose history holds: fixed when the room is built (docs/fair-play.md); 0 for a game without lagCompensation.",
    }),
    fairPlayStrikes: z.number().int().openapi({
      description:
        "Cheat-detector strikes recorded in the room since its object started (docs/fair-play.md); 0 for a game without fairPlay rules.",
    }),
    voice: z
      .object({
        framesIn: z.number().int().openapi({ description: "VOICE frames accepted from speakers." }),
        framesOut: z.number().int().openapi({
          description: "Copies relayed to listeners (a frame heard by three counts three).",
        }),
        bytesOut: z
          .number()
          .int()
          .openapi({ description: "Bytes of those copies, headers included." }),
        droppedMuted: z
          .number()
          .int()
          .openapi({ description: "Frames of muted speakers, dropped." }),
        droppedBudget: z.number().int().openapi({
          description:
            "Copies not sent: the room's voice byte budget (voice.roomBytesPerSecond) was spent.",
        }),
        droppedBacklog: z.number().int().openapi({
          description:
            "Copies not sent: the listener's link held more than voice.listenerBacklogBytes unsent.",
        }),
      })
      .openapi({
        description:
          "The voice relay since the room's object started (docs/voice.md); all 0 for a game without voice.",
      }),
    window: Span.openapi({ description: "The last 10 seconds." }),
    total: Span.openapi({ description: "Since the room's object last started." }),
  })
  .openapi("RoomStats", {
    example: {
      roomId: "bots",
      game: "arena",
      at: 1767225000000,
      tickRate: 30,
      budgetMs: 33.333,
      running: true,
      tick: 9000,
      players: 200,
      connectedPlayers: 200,
      spectators: 0,
      connections: 200,
      stalledMs: 0,
      timed: true,
      poseHistoryBytes: 229760,
      fairPlayStrikes: 0,
      voice: {
        framesIn: 12000,
        framesOut: 36000,
        bytesOut: 2376000,
        droppedMuted: 0,
        droppedBudget: 0,
        droppedBacklog: 0,
      },
      window: exampleSpan(10_000, 300),
      total: exampleSpan(300_000, 9000),
    },
  });
