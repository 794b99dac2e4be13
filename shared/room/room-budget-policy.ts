// A room's match budget applied (match-budget.ts watches the totals): the host hears of every
// crossing and the game of a soft one; past a hard limit every player's state rate is lowered
// (players who join later too) or every connection is closed with 4012 (and any that opens
// after). Run once per update by the core, never on the tick.

import { CLOSE } from "../protocol/close-codes.js";
import type { World } from "../world/world.js";
import type { MatchBudgetWatch } from "./match-budget.js";
import type { RoomParts } from "./room-parts.js";
import type { RoomSink } from "./room-sink.js";
import type { RoomTotals } from "./room-timings.js";

/** What the policy acts on. */
export type BudgetParts<Input> = Pick<
  RoomParts<Input>,
  "conns" | "close" | "rates" | "presence"
> & {
  readonly world: World;
};

/** Applies one room's match budget. */
export class RoomBudgetPolicy<Input> {
  readonly #watch: MatchBudgetWatch;
  readonly #room: BudgetParts<Input>;
  readonly #sink: RoomSink;
  /** Players whose state rate the throttle lowered. */
  readonly #throttled = new Set<number>();

  constructor(watch: MatchBudgetWatch, room: BudgetParts<Input>, sink: RoomSink) {
    this.#watch = watch;
    this.#room = room;
    this.#sink = sink;
  }

  /** Compares the room's `totals` at `tick` with the budget and applies what it crossed. */
  apply(totals: RoomTotals, tick: number): void {
    const watch = this.#watch;
    for (const crossed of watch.check(totals, tick)) {
      this.#sink.budget?.(crossed);
      // Game code, trusted as its step is.
      if (crossed.level === "soft") watch.budget.onSoft?.(this.#room.world, crossed);
    }
    if (!watch.exhausted) return;
    const { conns, close, rates, presence } = this.#room;
    if ((watch.budget.onHard ?? "throttle") === "end") {
      for (const c of [...conns.values()]) close(c, CLOSE.MATCH_BUDGET);
      return;
    }
    const bytesPerSecond = watch.budget.throttleBytesPerSecond ?? 2048;
    for (const c of conns.values()) {
      const p = c.player;
      if (!p || this.#throttled.has(p.id)) continue;
      this.#throttled.add(p.id);
      rates.setBudget(p.id, bytesPerSecond, presence.connected(p.id));
    }
  }
}
