// Options of runBots: what to play, against which Worker, how many bots for how long.
// Resolved once; the resolver throws naming the field.

import { availableParallelism } from "node:os";

/** A live view of a run, about once a second. */
export interface BotsProgress {
  /** Seconds since the run started. */
  readonly elapsedSeconds: number;
  readonly bots: number;
  /** Bots playing (joined, or resumed after a drop). */
  readonly connected: number;
  /** Bots signing in, matchmaking or in their first handshake. */
  readonly joining: number;
  /** Bots whose link dropped and that are resuming. */
  readonly reconnecting: number;
  /** Bots that gave up (a refused join, a non-retryable close, reconnection exhausted). */
  readonly failed: number;
  readonly rttMsP50: number;
  readonly rttMsP99: number;
  /** Sum over bots of their latest per-second rates. */
  readonly bytesInPerSecond: number;
  readonly bytesOutPerSecond: number;
  /** Closes seen so far, by close code (a drop without a code counts as 1006). */
  readonly disconnectsByCode: Readonly<Record<string, number>>;
}

/** Options of {@link runBots}. All optional but `url`, `game`, `bots` and `seconds`. */
export interface BotsOptions {
  /** The Worker's origin, e.g. "http://127.0.0.1:8787" or a deployed https URL. */
  url: string;
  /** Name of the game to play (a built-in one, or one that `module` exports). */
  game: string;
  /**
   * A file (path or file: URL) exporting game modules or definitions (named or default
   * exports, or an array of them); loaded by each worker thread.
   * @default the games of this repository (arena, connect-four)
   */
  module?: string;
  /** Number of bots (1–10,000). */
  bots: number;
  /** How long the bots play once started, seconds (> 0). */
  seconds: number;
  /**
   * A named room every bot joins; give this or `mode`.
   * @default "bots" when `mode` is not given
   */
  room?: string;
  /** A matchmaking mode of the game each bot queues in (solo tickets). */
  mode?: string;
  /**
   * Worker threads the bots are spread over.
   * @default one per core, at most one per bot
   */
  threads?: number;
  /**
   * Seed of every random draw (bot policies, reconnection jitter).
   * @default 1
   */
  seed?: number;
  /**
   * Most handshakes (sign-in to welcome) in flight at once over all threads. The room
   * closes sockets beyond 16 unadmitted per address, so keep it below that.
   * @default 12
   */
  handshakeConcurrency?: number;
  /**
   * INPUT frames each bot sends per second (the client's `sendRate`): each frame carries the
   * inputs of the ticks since the last one, so 10 at a 30 Hz room sends three ticks a frame
   * and a third of the messages. A big room needs it: a Durable Object takes about 1,000
   * incoming messages a second (docs/bots.md).
   * @default 30
   */
  sendRate?: number;
  /**
   * Bots that start joining per second over all threads (0: as fast as `handshakeConcurrency`
   * lets them). A room's tick pays for every joiner's first full update, so 200 bots joining
   * together make its slowest ticks while they join; a steady rate spreads that cost out.
   * @default 0
   */
  joinRate?: number;
  /**
   * Access tokens to use instead of guest sign-ins, one per bot (reused round-robin if fewer).
   * @default guest sign-ins
   */
  tokens?: readonly string[];
  /** Called with a live view about once a second. */
  onProgress?(progress: BotsProgress): void;
  /** Aborting it stops the bots early; runBots still resolves with the report so far. */
  signal?: AbortSignal;
}

/** BotsOptions checked, with defaults applied. */
export interface ResolvedBotsOptions {
  readonly url: string;
  readonly game: string;
  readonly module: string | undefined;
  readonly bots: number;
  readonly seconds: number;
  readonly room: string | undefined;
  readonly mode: string | undefined;
  readonly threads: number;
  readonly seed: number;
  readonly handshakeConcurrency: number;
  readonly sendRate: number;
  readonly joinRate: number;
  readonly tokens: readonly string[] | undefined;
}

/** The most bots one run plays. */
export const MAX_BOTS = 10_000;

/**
 * Checks `options` and applies the defaults; throws a RangeError naming the field.
 * @example resolveBotsOptions({ url: "http://127.0.0.1:8787", game: "arena", bots: 4, seconds: 5 }).room; // "bots"
 */
export function resolveBotsOptions(
  options: BotsOptions,
  cores: number = availableParallelism(),
): ResolvedBotsOptions {
  const url = URL.canParse(options.url) ? new URL(options.url) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new RangeError("url must be an absolute http(s) URL");
  if (!/^[a-z0-9-]{1,32}$/.test(options.game))
    throw new RangeError("game must be 1–32 of a-z, 0-9, -");
  integerIn("bots", options.bots, 1, MAX_BOTS);
  if (!(options.seconds > 0) || !Number.isFinite(options.seconds))
    throw new RangeError("seconds must be a finite number > 0");
  if (options.room !== undefined && options.mode !== undefined)
    throw new RangeError("room and mode: give one, not both");
  const threads = options.threads ?? Math.min(cores, options.bots);
  integerIn("threads", threads, 1, 256);
  const seed = options.seed ?? 1;
  integerIn("seed", seed, 0, 0xffffffff);
  const handshakeConcurrency = options.handshakeConcurrency ?? 12;
  integerIn("handshakeConcurrency", handshakeConcurrency, 1, 1000);
  const sendRate = options.sendRate ?? 30;
  if (!(sendRate > 0 && sendRate <= 120))
    throw new RangeError(`sendRate must be in (0, 120], got ${sendRate}`);
  const joinRate = options.joinRate ?? 0;
  if (!(joinRate >= 0 && joinRate <= 10_000))
    throw new RangeError(`joinRate must be in [0, 10000], got ${joinRate}`);
  if (options.tokens !== undefined && options.tokens.length === 0)
    throw new RangeError("tokens must hold at least one token");
  return {
    url: url.origin,
    game: options.game,
    module: options.module,
    bots: options.bots,
    seconds: options.seconds,
    room: options.mode === undefined ? (options.room ?? "bots") : undefined,
    mode: options.mode,
    threads: Math.min(threads, options.bots),
    seed,
    handshakeConcurrency,
    sendRate,
    joinRate,
    tokens: options.tokens,
  };
}

function integerIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${field} must be an integer in ${min}–${max}, got ${value}`);
}
