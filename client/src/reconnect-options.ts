// Automatic reconnection: when a room link drops with a retryable close code (or goes
// silent), the connection reconnects with exponential backoff and jitter and resumes its
// player with the WELCOME's resume token. Options, defaults and the backoff schedule.

/** How a RoomConnection reconnects; `reconnect: false` in connect() turns it off. */
export interface ReconnectOptions {
  /**
   * Delay before the first attempt, ms; attempt k waits `initialDelayMs × 2^k`, capped.
   * @default 250
   */
  initialDelayMs?: number;
  /**
   * Largest delay between attempts, ms.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * Attempts before giving up (disconnected, "reconnect attempts exhausted").
   * @default 10
   */
  maxAttempts?: number;
  /**
   * Fraction (0–1) of each delay drawn at random, so clients dropped together do not
   * reconnect together: the delay is `d × (1 − jitter + jitter × u)`, u uniform in [0, 1).
   * @default 0.5
   */
  jitter?: number;
  /**
   * Silence from the room after which the client counts its link as dead, closes it and
   * reconnects, ms. The room sends a SNAPSHOT every tick and answers every PING.
   * @default 5000
   */
  idleTimeoutMs?: number;
  /**
   * Uniform random numbers in [0, 1) for the jitter (inject a seeded one in tests).
   * @default Math.random
   */
  random?: () => number;
}

/** ReconnectOptions with every field present. */
export type ResolvedReconnectOptions = Required<ReconnectOptions>;

/** Defaults of ReconnectOptions. */
export const DEFAULT_RECONNECT_OPTIONS: ResolvedReconnectOptions = {
  initialDelayMs: 250,
  maxDelayMs: 5000,
  maxAttempts: 10,
  jitter: 0.5,
  idleTimeoutMs: 5000,
  random: Math.random,
};

/** Fills defaults and validates; `false` (reconnection off) resolves to undefined. */
export function resolveReconnectOptions(
  options: ReconnectOptions | false | undefined,
): ResolvedReconnectOptions | undefined {
  if (options === false) return undefined;
  const o: ResolvedReconnectOptions = { ...DEFAULT_RECONNECT_OPTIONS };
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v !== undefined) Object.assign(o, { [k]: v });
  }
  if (!(o.initialDelayMs > 0)) throw new RangeError("reconnect.initialDelayMs must be > 0");
  if (!(o.maxDelayMs >= o.initialDelayMs))
    throw new RangeError("reconnect.maxDelayMs must be ≥ initialDelayMs");
  if (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1)
    throw new RangeError("reconnect.maxAttempts must be an integer ≥ 1");
  if (!(o.jitter >= 0 && o.jitter <= 1)) throw new RangeError("reconnect.jitter must be in [0, 1]");
  if (!(o.idleTimeoutMs > 0)) throw new RangeError("reconnect.idleTimeoutMs must be > 0");
  return o;
}

/** The wait before attempt `attempt` (0 first), ms: exponential, capped, jittered. */
export function backoffDelay(attempt: number, o: ResolvedReconnectOptions): number {
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** Math.min(attempt, 30));
  return base * (1 - o.jitter + o.jitter * o.random());
}
