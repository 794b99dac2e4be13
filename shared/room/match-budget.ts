// A match's budget (GameDefinition.budget, docs/costs.md#match-budgets): how much a room may
// send and receive over its life, the two figures that drive what it costs and what it costs
// its players (incoming WebSocket messages are Cloudflare's requests; bytes out are players'
// data). Crossing the soft limit tells the game once (its `onSoft`: shorten the match, warn
// the players); crossing the hard limit applies the game's policy — lower every player's
// state rate, or end the match — and both are reported to the host, which logs them.
//
// Checked once per update from the room's own running totals (RoomTimings): nothing is
// counted twice and the tick does no more work.

import type { World } from "../world/world.js";
import type { RoomTotals } from "./room-timings.js";

/** A soft and a hard limit of one figure. */
export interface BudgetLimit {
  /** Crossing it raises the game's `onSoft` once. */
  readonly soft?: number;
  /** Crossing it applies `onHard`. */
  readonly hard: number;
}

/** What a match may use, and what happens when it has. */
export interface MatchBudget {
  /** Bytes the room sends over the match, to every player together. */
  readonly bytesOut?: BudgetLimit;
  /** Frames the room receives over the match (billed as requests, 20 to one). */
  readonly messagesIn?: BudgetLimit;
  /**
   * At a hard limit: "throttle" lowers every player's state rate (now and for players who
   * join later) to `throttleBytesPerSecond`; "end" closes every connection with 4012.
   * @default "throttle"
   */
  readonly onHard?: "throttle" | "end";
  /** @default 2048 */
  readonly throttleBytesPerSecond?: number;
  /** The game's event at a soft limit (once per figure). */
  onSoft?(world: World, crossed: BudgetCrossing): void;
}

/** A limit a match crossed. */
export interface BudgetCrossing {
  readonly figure: "bytesOut" | "messagesIn";
  readonly level: "soft" | "hard";
  /** The figure when it was noticed, and the limit. */
  readonly measured: number;
  readonly limit: number;
  /** What the room did: nothing more than telling the game (soft), or the policy (hard). */
  readonly action: "event" | "throttle" | "end";
  /** The room's tick. */
  readonly tick: number;
}

const FIGURES = ["bytesOut", "messagesIn"] as const;

/** Watches one room's totals against its game's budget. */
export class MatchBudgetWatch {
  readonly budget: MatchBudget;
  readonly #crossed = new Set<string>();
  #hard = false;

  constructor(budget: MatchBudget) {
    for (const f of FIGURES) {
      const l = budget[f];
      if (!l) continue;
      if (!(l.hard > 0) || (l.soft !== undefined && !(l.soft > 0 && l.soft <= l.hard)))
        throw new RangeError(`budget.${f}: 0 < soft ≤ hard required`);
    }
    this.budget = budget;
  }

  /** True once a hard limit was crossed (the policy is in force). */
  get exhausted(): boolean {
    return this.#hard;
  }

  /** The limits crossed since the last call, soft before hard, each once. */
  check(totals: RoomTotals, tick: number): BudgetCrossing[] {
    const out: BudgetCrossing[] = [];
    for (const figure of FIGURES) {
      const limit = this.budget[figure];
      if (!limit) continue;
      const measured = totals[figure];
      for (const level of ["soft", "hard"] as const) {
        const at = limit[level];
        if (at === undefined || measured < at || this.#crossed.has(`${figure}:${level}`)) continue;
        this.#crossed.add(`${figure}:${level}`);
        const action = level === "soft" ? "event" : (this.budget.onHard ?? "throttle");
        if (level === "hard") this.#hard = true;
        out.push({ figure, level, measured, limit: at, action, tick });
      }
    }
    return out;
  }
}
