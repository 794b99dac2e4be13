// A match's budget in the room core with real clients: the game hears of the soft limit once,
// the hard limit lowers every player's state rate (a player joining later too) or ends the
// match with 4012 (a socket opening after is closed as well), and the host hears of each.
import { describe, expect, it } from "vitest";
import type { ArenaInput } from "../../games/arena/arena-input.js";
import { arenaGame } from "../../games/arena/index.js";
import { NetHarness } from "../../test/support/netcode-harness.js";
import type { GameDefinition } from "../game/game-definition.js";
import { CLOSE } from "../protocol/close-codes.js";
import { type BudgetCrossing, MatchBudgetWatch } from "./match-budget.js";

function budgeted(budget: GameDefinition<ArenaInput>["budget"]): GameDefinition<ArenaInput> {
  return { ...arenaGame, budget };
}

describe("MatchBudgetWatch", () => {
  it("reports each limit once, soft before hard, and refuses a soft above its hard", () => {
    const w = new MatchBudgetWatch({ messagesIn: { soft: 10, hard: 20 } });
    const at = (messagesIn: number) => ({
      ticks: 0,
      bytesOut: 0,
      messagesOut: 0,
      bytesIn: 0,
      messagesIn,
    });
    expect(w.check(at(5), 1)).toEqual([]);
    expect(w.check(at(25), 2).map((c) => c.level)).toEqual(["soft", "hard"]);
    expect(w.check(at(30), 3)).toEqual([]);
    expect(w.exhausted).toBe(true);
    expect(() => new MatchBudgetWatch({ bytesOut: { soft: 5, hard: 4 } })).toThrow(RangeError);
  });
});

describe("a match budget in the room", () => {
  it("tells the game at the soft limit and throttles every player at the hard one", () => {
    const soft: BudgetCrossing[] = [];
    const h = new NetHarness(
      budgeted({
        bytesOut: { soft: 4_000, hard: 8_000 },
        throttleBytesPerSecond: 4096,
        onSoft: (_world, crossed) => soft.push(crossed),
      }),
    );
    const a = h.join("a");
    h.join("b");
    for (let i = 0; i < 400 && !h.budgetCrossings.some((c) => c.level === "hard"); i++) {
      a.net.setInput({ buttons: i % 2 ? 1 : 5 });
      h.step(50);
    }
    expect(soft).toHaveLength(1);
    expect(soft[0]).toMatchObject({
      figure: "bytesOut",
      level: "soft",
      limit: 4_000,
      action: "event",
    });
    expect(h.budgetCrossings.map((c) => `${c.level} ${c.action}`)).toEqual([
      "soft event",
      "hard throttle",
    ]);
    h.step(50);
    expect(h.room.rateOf(1)).toBe(4096);
    expect(h.room.rateOf(2)).toBe(4096);
    // A player joining after the hard limit is throttled too.
    h.join("late");
    h.step(500);
    expect(h.room.rateOf(3)).toBe(4096);
  });

  it("ends the match with 4012 at the hard limit, and refuses whoever comes after", () => {
    const h = new NetHarness(budgeted({ messagesIn: { hard: 100 }, onHard: "end" }));
    const a = h.join("a");
    const b = h.join("b");
    for (let i = 0; i < 400 && !a.closed; i++) h.step(50);
    expect(a.closeCode).toBe(CLOSE.MATCH_BUDGET.code);
    expect(b.closeCode).toBe(CLOSE.MATCH_BUDGET.code);
    expect(h.budgetCrossings).toMatchObject([
      { figure: "messagesIn", level: "hard", action: "end" },
    ]);
    const late = h.join("late");
    h.step(200);
    expect(late.closeCode).toBe(CLOSE.MATCH_BUDGET.code);
  });
});
