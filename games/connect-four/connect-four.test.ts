import { World } from "@edgetick/game";
import { describe, expect, it } from "vitest";
import { readBoard, readMatch } from "./connect-four-board.js";
import { connectFourGame as game } from "./connect-four-game.js";
import { type DropResult, dropDisc } from "./connect-four-rules.js";
import {
  CONNECT_FOUR_SCHEMA,
  CONNECT_FOUR_TICK_RATE,
  NO_PLAYER,
  ROUND_PAUSE_TICKS,
} from "./connect-four-state.js";

// Player ids as a room hands them out: from 1, in the order of joining.
const RED = 1;
const YELLOW = 2;

/** The seat a room without teams passes: colours follow the order of joining anyway. */
const NO_TEAM = { team: undefined };

/** A fresh server world with `players` joined in order, driven through the definition. */
function room(...players: number[]): World {
  const world = new World({ capacity: CONNECT_FOUR_SCHEMA.maxEntities });
  game.setup?.(world);
  for (const p of players) game.addPlayer(world, p, `player ${p}`, NO_TEAM);
  return world;
}

/** `n` room ticks: the step, then what the room's replication commit does to the world. */
function tick(world: World, n = 1): void {
  const inputs = new Map([
    [RED, null],
    [YELLOW, null],
  ]);
  for (let i = 0; i < n; i++) {
    game.step(world, inputs, 1 / CONNECT_FOUR_TICK_RATE);
    world.tick++;
    world.flushEvents();
  }
}

/** Drops in `columns` in turn, each by the player whose turn it is; returns the answers. */
function play(world: World, columns: readonly number[]): DropResult[] {
  return columns.map((c) => dropDisc(world, readMatch(world)!.turn, c));
}

/** Everything a client could see: the board and the match. */
function seen(world: World) {
  return { board: readBoard(world), match: readMatch(world), alive: world.alive.count() };
}

/** The board drawn as text, top row first: r red, y yellow, . empty. */
function drawn(world: World): string[] {
  return readBoard(world)
    .cells.toReversed()
    .map((row) => row.map((s) => (s === null ? "." : "ry"[s])).join(""));
}

describe("seats and turns", () => {
  it("seats players in the order they join, red opening the first round", () => {
    const world = room(RED, YELLOW);
    expect(readMatch(world)).toMatchObject({
      phase: "playing",
      seats: [RED, YELLOW],
      turn: RED,
      round: 1,
      moves: 0,
    });
    expect(readBoard(world).turnSeat).toBe(0);
  });

  it("waits for a second player before the first round starts", () => {
    const world = room(RED);
    expect(readMatch(world)).toMatchObject({ phase: "waiting", turn: NO_PLAYER, round: 0 });
    expect(dropDisc(world, RED, 3)).toBe("not-playing");
    game.addPlayer(world, YELLOW, "late", NO_TEAM);
    expect(readMatch(world)).toMatchObject({ phase: "playing", turn: RED });
  });

  it("passes the turn after every drop, and discs stack from the bottom", () => {
    const world = room(RED, YELLOW);
    expect(dropDisc(world, RED, 3)).toBe("ok");
    expect(readMatch(world)!.turn).toBe(YELLOW);
    expect(dropDisc(world, YELLOW, 3)).toBe("ok");
    expect(readMatch(world)!.turn).toBe(RED);
    expect(dropDisc(world, RED, 4)).toBe("ok");
    expect(readMatch(world)).toMatchObject({ turn: YELLOW, moves: 3 });
    expect(drawn(world).slice(-2)).toEqual(["...y...", "...rr.."]);
  });
});

describe("winning", () => {
  it("wins with four in a row", () => {
    const world = room(RED, YELLOW);
    expect(play(world, [0, 0, 1, 1, 2, 2, 3])).toEqual(Array(7).fill("ok"));
    expect(readMatch(world)).toMatchObject({
      phase: "over",
      outcome: "four",
      winner: RED,
      turn: NO_PLAYER,
    });
    expect(readBoard(world).winningLine).toEqual([0, 1, 2, 3].map((c) => ({ column: c, row: 0 })));
  });

  it("wins with four in a column", () => {
    const world = room(RED, YELLOW);
    play(world, [0, 1, 0, 1, 0, 1, 0]);
    expect(readMatch(world)).toMatchObject({ outcome: "four", winner: RED });
    expect(readBoard(world).winningLine).toEqual([0, 1, 2, 3].map((r) => ({ column: 0, row: r })));
  });

  it("wins with four on a rising diagonal", () => {
    const world = room(RED, YELLOW);
    play(world, [0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3]);
    expect(drawn(world).slice(-4)).toEqual(["...r...", "..rr...", ".rry...", "ryyy..y"]);
    expect(readMatch(world)).toMatchObject({ outcome: "four", winner: RED, moves: 11 });
    expect(readBoard(world).winningLine).toEqual([0, 1, 2, 3].map((k) => ({ column: k, row: k })));
  });

  it("wins with four on a falling diagonal, for the second player too", () => {
    const world = room(RED, YELLOW);
    // Red wastes a move in column 0 at the start; from there yellow plays red's diagonal.
    play(world, [0, 6, 5, 5, 4, 4, 3, 4, 3, 3, 1, 3]);
    expect(drawn(world).slice(-4)).toEqual(["...y...", "...yy..", "...ryy.", "rr.rrry"]);
    expect(readMatch(world)).toMatchObject({ outcome: "four", winner: YELLOW });
    expect(readBoard(world).winningLine).toEqual(
      [3, 4, 5, 6].map((c) => ({ column: c, row: 6 - c })),
    );
  });

  it("draws when the board fills with no four", () => {
    // Found by a search for a full board without a line; every drop is legal.
    const moves = [
      5, 4, 5, 0, 6, 2, 4, 5, 5, 0, 4, 1, 1, 0, 4, 5, 6, 5, 3, 1, 1, 2, 2, 6, 2, 6, 6, 3, 6, 2, 0,
      3, 0, 3, 3, 4, 3, 1, 4, 2, 1, 0,
    ];
    const world = room(RED, YELLOW);
    expect(play(world, moves)).toEqual(Array(42).fill("ok"));
    expect(readMatch(world)).toMatchObject({
      phase: "over",
      outcome: "draw",
      winner: NO_PLAYER,
      moves: 42,
    });
    expect(readBoard(world).winningLine).toBeNull();
    expect(drawn(world).join("")).not.toContain(".");
  });
});

describe("illegal moves are refused and change nothing", () => {
  it("refuses a drop out of turn", () => {
    const world = room(RED, YELLOW);
    dropDisc(world, RED, 3);
    const before = seen(world);
    expect(dropDisc(world, RED, 3)).toBe("not-your-turn");
    expect(seen(world)).toEqual(before);
  });

  it("refuses a drop into a full column, and takes one beside it", () => {
    const world = room(RED, YELLOW);
    play(world, [2, 2, 2, 2, 2, 2]);
    const before = seen(world);
    expect(dropDisc(world, RED, 2)).toBe("column-full");
    expect(seen(world)).toEqual(before);
    expect(dropDisc(world, RED, 1)).toBe("ok");
  });

  it("refuses columns off the board, and takes the edge columns", () => {
    const world = room(RED, YELLOW);
    const before = seen(world);
    for (const column of [7, 8, 255, -1, 2.5, Number.NaN])
      expect(dropDisc(world, RED, column)).toBe("no-such-column");
    expect(seen(world)).toEqual(before);
    expect(play(world, [0, 6])).toEqual(["ok", "ok"]);
  });

  it("refuses every drop once the round is won", () => {
    const world = room(RED, YELLOW);
    play(world, [0, 0, 1, 1, 2, 2, 3]);
    const before = seen(world);
    expect(dropDisc(world, YELLOW, 4)).toBe("not-playing");
    expect(dropDisc(world, RED, 4)).toBe("not-playing");
    tick(world, ROUND_PAUSE_TICKS - 1);
    expect(dropDisc(world, YELLOW, 4)).toBe("not-playing");
    expect(seen(world).board).toEqual(before.board);
  });

  it("refuses a player without a seat", () => {
    const world = room(RED, YELLOW, 3);
    expect(readMatch(world)!.seats).toEqual([RED, YELLOW]);
    const before = seen(world);
    expect(dropDisc(world, 3, 0)).toBe("not-seated");
    expect(seen(world)).toEqual(before);
  });
});

describe("rounds", () => {
  it("starts the next round after the pause, the loser opening on a cleared board", () => {
    const world = room(RED, YELLOW);
    play(world, [0, 0, 1, 1, 2, 2, 3]); // red wins
    tick(world, ROUND_PAUSE_TICKS - 1);
    expect(readMatch(world)).toMatchObject({ phase: "over", pause: 1 });
    tick(world);
    expect(readMatch(world)).toMatchObject({
      phase: "playing",
      round: 2,
      moves: 0,
      turn: YELLOW,
      outcome: "none",
      winner: NO_PLAYER,
    });
    expect(drawn(world).join("")).toBe(".".repeat(42));
    expect(world.alive.count()).toBe(1); // only the match: every disc despawned
  });

  it("after a draw hands the opening move to the player who moved second", () => {
    const world = room(RED, YELLOW);
    // Round 1: yellow wins with a column, so red (the loser) opens round 2.
    play(world, [6, 0, 6, 0, 5, 0, 4, 0]);
    expect(readMatch(world)).toMatchObject({ winner: YELLOW, opener: 0 });
    tick(world, ROUND_PAUSE_TICKS);
    expect(readMatch(world)!.turn).toBe(RED);
    // Round 2: red opened; a draw gives round 3 to yellow.
    const draw = [
      5, 4, 5, 0, 6, 2, 4, 5, 5, 0, 4, 1, 1, 0, 4, 5, 6, 5, 3, 1, 1, 2, 2, 6, 2, 6, 6, 3, 6, 2, 0,
      3, 0, 3, 3, 4, 3, 1, 4, 2, 1, 0,
    ];
    play(world, draw);
    expect(readMatch(world)).toMatchObject({ outcome: "draw", opener: 1 });
    tick(world, ROUND_PAUSE_TICKS);
    expect(readMatch(world)).toMatchObject({ round: 3, turn: YELLOW });
  });

  it("forfeits the round of a player who leaves, then waits for a new one in that seat", () => {
    const world = room(RED, YELLOW);
    play(world, [3, 3, 4]);
    game.removePlayer(world, RED);
    expect(readMatch(world)).toMatchObject({
      phase: "over",
      outcome: "forfeit",
      winner: YELLOW,
      seats: [NO_PLAYER, YELLOW],
    });
    expect(dropDisc(world, YELLOW, 0)).toBe("not-playing");
    tick(world, ROUND_PAUSE_TICKS);
    expect(readMatch(world)).toMatchObject({ phase: "waiting", turn: NO_PLAYER, winner: YELLOW });
    expect(world.alive.count()).toBe(1);
    // The newcomer takes the empty seat (red) and, as the forfeiting seat, opens.
    game.addPlayer(world, 3, "newcomer", NO_TEAM);
    expect(readMatch(world)).toMatchObject({ phase: "playing", seats: [3, YELLOW], turn: 3 });
  });

  it("lets a player leave between rounds without a forfeit", () => {
    const world = room(RED, YELLOW);
    play(world, [0, 0, 1, 1, 2, 2, 3]); // red wins
    game.removePlayer(world, YELLOW);
    expect(readMatch(world)).toMatchObject({ outcome: "four", winner: RED, seats: [RED, 0] });
    tick(world, ROUND_PAUSE_TICKS);
    expect(readMatch(world)!.phase).toBe("waiting");
  });

  it("starts a new pair afresh, red opening, once both seats empty", () => {
    const world = room(RED, YELLOW);
    play(world, [0, 0, 1, 1, 2, 2, 3]); // red wins: yellow would open round 2
    game.removePlayer(world, RED);
    game.removePlayer(world, YELLOW);
    tick(world, ROUND_PAUSE_TICKS);
    game.addPlayer(world, 3, "c", NO_TEAM);
    game.addPlayer(world, 4, "d", NO_TEAM);
    expect(readMatch(world)).toMatchObject({ phase: "playing", seats: [3, 4], turn: 3 });
  });
});
