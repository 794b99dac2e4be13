// The scripted session of `npm run bench:cost`: `bots` arena bots join one room, play for
// `seconds` once all have joined, and leave together, counting their own traffic.
//
// Why not runBots: its bots play in worker threads the bench cannot reach into, and its report
// holds bytes as per-second rates × sample intervals (estimates) and no frame counts. The
// session runs the same BotFleet a runBots thread runs (the same sign-in, join, arena bot
// policy and close), here in the bench's own thread, with globalThis.WebSocket — which the
// client's connect() uses — swapped for FrameCounter's counting subclass while it plays.

import { arena } from "../../games/arena/index.js";
import { BotFleet } from "../../packages/bots/bot-fleet.js";
import type { AnyGame } from "../../packages/bots/bot-games.js";
import { resolveBotsOptions } from "../../packages/bots/index.js";
import { FrameCounter } from "./counting-websocket.js";

/** What to play. */
export interface CostSessionOptions {
  /** The server, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The room's id (a public arena room opened by id). */
  readonly room: string;
  readonly bots: number;
  /** Seconds of play once every bot has joined. */
  readonly seconds: number;
  readonly seed: number;
}

/** What the session measured. */
export interface CostSession {
  /** The bots' frames and payload bytes each way. */
  readonly frames: FrameCounter;
  /** The harness's active time: seconds at least one bot's socket was open. */
  readonly activeSeconds: number;
  /** Bots whose socket opened (reconnections count again). */
  readonly socketsOpened: number;
  readonly joined: number;
  readonly unexpectedDisconnects: number;
  readonly errors: readonly string[];
  /** Unix ms when the first bot began to join and when the last socket closed. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Seconds the bots took to join, and seconds from the stop to the last close. */
  readonly joinSeconds: number;
  readonly leaveSeconds: number;
}

/** How long the bots' sockets may take to close after the stop, ms. */
const CLOSE_WAIT_MS = 15_000;

/** Plays the session; the global WebSocket is restored whatever happens. */
export async function playCostSession(options: CostSessionOptions): Promise<CostSession> {
  const frames = new FrameCounter();
  const original = globalThis.WebSocket;
  if (!original) throw new Error("no global WebSocket: run on Node ≥ 22 (npm run bench:cost)");
  const resolved = resolveBotsOptions({
    url: options.url,
    game: "arena",
    room: options.room,
    bots: options.bots,
    seconds: options.seconds,
    seed: options.seed,
    threads: 1,
  });
  const fleet = new BotFleet(arena.game as AnyGame, resolved, {
    first: 0,
    count: options.bots,
    handshakes: resolved.handshakeConcurrency,
  });
  globalThis.WebSocket = frames.socketClass(original);
  const startedAt = Date.now();
  const started = performance.now();
  try {
    await fleet.start();
    const joined = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const stopping = performance.now();
    fleet.stop();
    const closed = await frames.whenIdle(CLOSE_WAIT_MS);
    const tally = fleet.tally();
    const errors = [...tally.errors];
    if (!closed)
      errors.push(`${frames.openSockets} sockets still open ${CLOSE_WAIT_MS} ms after the stop`);
    return {
      frames,
      activeSeconds: frames.activeSeconds(),
      socketsOpened: frames.opened,
      joined: tally.joined,
      unexpectedDisconnects: tally.unexpectedDisconnects,
      errors,
      startedAt,
      endedAt: Date.now(),
      joinSeconds: (joined - started) / 1000,
      leaveSeconds: (performance.now() - stopping) / 1000,
    };
  } finally {
    globalThis.WebSocket = original;
  }
}
