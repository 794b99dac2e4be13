// One account's strikes and offences in one room. A detector strikes at most once a second
// (a cheat sustained over a second is one strike, not thirty), strikes older than the
// detector's window are forgotten, and enough of them within it make an offence; the count of
// offences picks the escalation step. The log outlives the player's link, so a cheater who
// reconnects (or is kicked and comes back) continues where it was.

import type { Evidence } from "./fair-play-evidence.js";
import type {
  DetectorName,
  DetectorThreshold,
  EscalationRules,
  EscalationStep,
} from "./fair-play-rules.js";

/** Strikes of one detector closer than this are one strike, ms. */
export const STRIKE_SPACING_MS = 1000;

/** An offence: the strikes that made it and the account's count. */
export interface Offence {
  readonly evidence: Evidence;
  readonly strikes: number;
  readonly offences: number;
}

/** The escalation step of an account's `offences`-th offence. */
export function escalationStep(offences: number, rules: Required<EscalationRules>): EscalationStep {
  if (offences >= rules.banAt) return "ban";
  if (offences >= rules.kickAt) return "kick";
  if (offences >= rules.flagAt) return "flag";
  return "log";
}

/** The strikes and offences of one account. */
export class StrikeLog {
  readonly #strikes = new Map<DetectorName, number[]>();
  /** The latest strike of each detector, ms (spacing survives an offence's reset). */
  readonly #lastAt = new Map<DetectorName, number>();
  #offences = 0;
  #total = 0;

  /** Strikes recorded so far (after spacing). */
  get strikes(): number {
    return this.#total;
  }

  /** Offences so far. */
  get offences(): number {
    return this.#offences;
  }

  /**
   * Records a strike of `evidence.detector` at `now` (ms); returns the offence when it
   * completes one (the detector's strikes then start over).
   */
  strike(evidence: Evidence, threshold: DetectorThreshold, now: number): Offence | undefined {
    let times = this.#strikes.get(evidence.detector);
    if (!times) {
      times = [];
      this.#strikes.set(evidence.detector, times);
    }
    const last = this.#lastAt.get(evidence.detector);
    if (last !== undefined && now - last < STRIKE_SPACING_MS) return undefined;
    this.#lastAt.set(evidence.detector, now);
    while (times.length > 0 && now - times[0]! >= threshold.windowMs) times.shift();
    times.push(now);
    this.#total++;
    if (times.length < threshold.strikes) return undefined;
    times.length = 0;
    this.#offences++;
    return { evidence, strikes: threshold.strikes, offences: this.#offences };
  }
}
