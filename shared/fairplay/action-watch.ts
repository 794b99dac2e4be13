// One player's declared action (fairPlay.actions) as the room's `actionRate` detector sees it:
// a token bucket at the declared rate, and the player's latest attempts, so a refusal's
// evidence can say how many came in the last second.

import { RateLimiter } from "../room/rate-limiter.js";
import type { ActionLimit } from "./fair-play-rules.js";

/** Attempts of an action remembered for the evidence's rate (more in a second reads as this). */
export const ACTION_ATTEMPTS_KEPT = 64;

/** A declared action's bucket and its latest attempts. */
export class ActionWatch {
  readonly #limiter: RateLimiter;
  /** When the latest attempts were, ms (a ring; #next is the oldest slot). */
  readonly #attempts = new Float64Array(ACTION_ATTEMPTS_KEPT).fill(Number.NEGATIVE_INFINITY);
  #next = 0;

  /**
   * @param jitterMs how late an honest link's attempts may bunch up (fairPlay.actionJitterMs)
   * @param now the first attempt's time, ms
   */
  constructor(limit: Required<ActionLimit>, jitterMs: number, now: number) {
    // The bucket holds the declared burst and the jitter an honest link can bunch up.
    const depth = limit.burst + (limit.perSecond * jitterMs) / 1000;
    this.#limiter = new RateLimiter(limit.perSecond, depth, now);
  }

  /** Records an attempt at `now`; whether the declared rate allows it. */
  attempt(now: number): boolean {
    this.#attempts[this.#next] = now;
    this.#next = (this.#next + 1) % ACTION_ATTEMPTS_KEPT;
    return this.#limiter.take(now);
  }

  /** The evidence of a refusal: attempts over the second before `now`. */
  attemptsInLastSecond(now: number): number {
    let lastSecond = 0;
    for (const at of this.#attempts) if (now - at < 1000) lastSecond++;
    return lastSecond;
  }
}
