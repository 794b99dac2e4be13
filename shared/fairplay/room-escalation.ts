// A room's escalation: every strike goes into its account's StrikeLog (strike-log.ts), and an
// offence becomes a verdict (log, flag, kick or ban, by the account's count of offences) that
// waits for the room core to take it. Accounts are remembered after they leave, so a cheater
// who reconnects continues where it was, up to MAX_REMEMBERED_ACCOUNTS per room.

import type { Evidence, FairPlayVerdict } from "./fair-play-evidence.js";
import type { ResolvedFairPlayRules } from "./fair-play-rules.js";
import type { PlayerWatch } from "./player-watch.js";
import { escalationStep, StrikeLog } from "./strike-log.js";

/** Accounts whose strikes a room remembers after they left, at most (the oldest go first). */
export const MAX_REMEMBERED_ACCOUNTS = 1024;

/** The rules escalation reads: each detector's threshold and the ladder. */
type EscalationSettings = Pick<ResolvedFairPlayRules<unknown>, "thresholds" | "escalation">;

/** The strike logs of one room's accounts and the verdicts they reached. */
export class RoomEscalation {
  readonly #rules: EscalationSettings;
  readonly #logs = new Map<string, StrikeLog>();
  #verdicts: FairPlayVerdict[] = [];
  #strikes = 0;

  constructor(rules: EscalationSettings) {
    this.#rules = rules;
  }

  /** A detector measured `evidence` against player `w` at `now`, during tick `tick`. */
  strike(w: PlayerWatch, now: number, evidence: Evidence, tick: number): void {
    const log = this.#logOf(w.key);
    const before = log.strikes;
    const offence = log.strike(evidence, this.#rules.thresholds[evidence.detector], now);
    this.#strikes += log.strikes - before;
    if (!offence) return;
    const { escalation } = this.#rules;
    const step = escalationStep(offence.offences, escalation);
    this.#verdicts.push({
      playerId: w.playerId,
      accountId: w.accountId,
      step,
      offences: offence.offences,
      strikes: offence.strikes,
      evidence,
      tick,
      ...(step === "ban" ? { banMinutes: escalation.banMinutes } : {}),
    });
  }

  /** The verdicts reached since the last call, oldest first. */
  takeVerdicts(): FairPlayVerdict[] {
    if (this.#verdicts.length === 0) return [];
    const out = this.#verdicts;
    this.#verdicts = [];
    return out;
  }

  /** Strikes recorded so far (each detector at most one a second per account). */
  get strikes(): number {
    return this.#strikes;
  }

  /** Whether verdicts wait to be taken. */
  get pending(): boolean {
    return this.#verdicts.length > 0;
  }

  #logOf(key: string): StrikeLog {
    let log = this.#logs.get(key);
    if (log) {
      // Most recently used last: the oldest account goes first when the map is full.
      this.#logs.delete(key);
    } else {
      log = new StrikeLog();
      if (this.#logs.size >= MAX_REMEMBERED_ACCOUNTS)
        this.#logs.delete(this.#logs.keys().next().value!);
    }
    this.#logs.set(key, log);
    return log;
  }
}
