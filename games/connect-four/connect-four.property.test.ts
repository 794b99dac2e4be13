import { type ComponentDef, World } from "@edgetick/game";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gridOf, readBoard, readMatch } from "./connect-four-board.js";
import { connectFourGame as game } from "./connect-four-game.js";
import { dropDisc } from "./connect-four-rules.js";
import {
  COLUMNS,
  CONNECT_FOUR_SCHEMA,
  CONNECT_FOUR_TICK_RATE,
  Disc,
  Match,
  ROWS,
} from "./connect-four-state.js";

/** The seat a room without teams passes: colours follow the order of joining anyway. */
const NO_TEAM = { team: undefined };

/** One thing that can happen to a room. */
type Action =
  /** A drop by `player`, or by the player to move ("turn"). */
  | { readonly kind: "drop"; readonly player: number | "turn"; readonly column: number }
  | { readonly kind: "tick"; readonly ticks: number }
  | { readonly kind: "leave"; readonly player: number }
  | { readonly kind: "join"; readonly player: number };

/**
 * Mostly drops — half by the player to move (so rounds get played to a four or a full board),
 * half by any of four players — in any column, now and then one off the board; ticks to run
 * out pauses; and now and then a player leaving or joining.
 */
const anyAction: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant("drop" as const),
      player: fc.oneof(fc.constant("turn" as const), fc.integer({ min: 1, max: 4 })),
      column: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: COLUMNS - 1 }) },
        { weight: 1, arbitrary: fc.constantFrom(-1, COLUMNS, 255) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      ticks: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("leave" as const),
      player: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("join" as const),
      player: fc.integer({ min: 1, max: 4 }),
    }),
  },
);

/**
 * A room: a world driven through the definition, as the room drives it. Joins past two
 * players and leaves of absent ones are skipped (the room admits two and removes only
 * present players); each tick is the step, then what the replication commit does.
 */
class Room {
  readonly world = new World({ capacity: CONNECT_FOUR_SCHEMA.maxEntities });
  readonly present = new Set<number>();

  constructor() {
    game.setup?.(this.world);
  }

  apply(action: Action): string {
    const { world, present } = this;
    switch (action.kind) {
      case "drop": {
        const player = action.player === "turn" ? readMatch(world)!.turn : action.player;
        return dropDisc(world, player, action.column);
      }
      case "tick": {
        const inputs = new Map([...present].map((p) => [p, null] as const));
        for (let i = 0; i < action.ticks; i++) {
          game.step(world, inputs, 1 / CONNECT_FOUR_TICK_RATE);
          world.tick++;
          world.flushEvents();
        }
        return "ticked";
      }
      case "leave":
        if (!present.delete(action.player)) return "absent";
        game.removePlayer(world, action.player);
        return "left";
      case "join":
        if (present.has(action.player) || present.size >= 2) return "refused";
        present.add(action.player);
        game.addPlayer(world, action.player, `p${action.player}`, NO_TEAM);
        return "joined";
    }
  }

  /** Every replicated value of every alive entity, by entity id. */
  dump(): unknown[] {
    const { world } = this;
    const out: unknown[] = [];
    world.alive.forEach((e) => {
      const row: number[] = [e];
      for (const c of [Match, Disc] as ComponentDef[]) {
        if (!world.has(e, c)) continue;
        // Both components hold only integer fields: one Float64Array per field.
        const store = world.store(c) as unknown as Record<string, Float64Array>;
        for (const f of c.fields) row.push(store[f.name]![e]!);
      }
      out.push(row);
    });
    return out;
  }
}

/** The four-or-more lines on the board of `world`, counted once per cell that starts one. */
function hasFour(world: World): boolean {
  const b = readBoard(world);
  const at = (c: number, r: number) =>
    c >= 0 && c < COLUMNS && r >= 0 && r < ROWS ? b.cells[r]![c] : null;
  for (let r = 0; r < ROWS; r++)
    for (let c = 0; c < COLUMNS; c++) {
      const s = at(c, r);
      if (s === null) continue;
      for (const [dc, dr] of [
        [1, 0],
        [0, 1],
        [1, 1],
        [1, -1],
      ] as const)
        if ([1, 2, 3].every((k) => at(c + k * dc, r + k * dr) === s)) return true;
    }
  return false;
}

/** Checks the invariants of a board; returns what is wrong, or null. */
function invalid(world: World): string | null {
  const grid = gridOf(world);
  const match = readMatch(world)!;
  let discs = 0;
  const counts = [0, 0];
  for (let c = 0; c < COLUMNS; c++) {
    let height = 0;
    while (height < ROWS && grid[height * COLUMNS + c] !== -1) height++;
    for (let r = height; r < ROWS; r++)
      if (grid[r * COLUMNS + c] !== -1) return `a gap under the disc at column ${c} row ${r}`;
    for (let r = 0; r < height; r++) counts[grid[r * COLUMNS + c]!]!++;
    discs += height;
  }
  // Two discs on one cell would leave the grid one short of the entities.
  const q = world.query([Disc]);
  if (q.collect() !== discs) return `${q.count} disc entities for ${discs} cells`;
  if (Math.abs(counts[0]! - counts[1]!) > 1) return `counts ${counts} differ by more than 1`;
  if (discs > 0 && discs !== match.moves) return `${discs} discs after ${match.moves} moves`;
  if (hasFour(world) && !(match.phase === "over" && match.outcome === "four"))
    return `a four on the board while ${match.phase}`;
  if (match.phase === "playing" && !match.seats.includes(match.turn))
    return `the turn is ${match.turn}'s, who has no seat`;
  return null;
}

describe("Connect Four properties", () => {
  it("never yields an invalid board, whatever moves are attempted", () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 300, size: "max" }), (actions) => {
        const room = new Room();
        room.apply({ kind: "join", player: 1 });
        room.apply({ kind: "join", player: 2 });
        for (const action of actions) {
          const phase = readMatch(room.world)!.phase;
          const discs = room.world.query([Disc]).collect();
          const answer = room.apply(action);
          // No move lands outside a round being played: after a win, nothing more is dropped.
          if (answer === "ok") expect(phase).toBe("playing");
          if (phase !== "playing" && action.kind === "drop")
            expect(room.world.query([Disc]).collect()).toBe(discs);
          const problem = invalid(room.world);
          if (problem !== null) throw new Error(`${problem} after ${JSON.stringify(action)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same actions give the same world and the same answers", () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 200, size: "max" }), (actions) => {
        const run = () => {
          const room = new Room();
          room.apply({ kind: "join", player: 1 });
          room.apply({ kind: "join", player: 2 });
          const answers = actions.map((a) => room.apply(a));
          return { answers, world: room.dump(), tick: room.world.tick };
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100 },
    );
  });

  it("plays whole rounds when both players only make legal moves", () => {
    // Each player drops in the leftmost column that is not full: rounds must keep ending and
    // restarting, never stalling.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: COLUMNS - 1 }), { maxLength: 400, size: "max" }),
        (picks) => {
          const room = new Room();
          room.apply({ kind: "join", player: 1 });
          room.apply({ kind: "join", player: 2 });
          let rounds = 0;
          for (const pick of picks) {
            const m = readMatch(room.world)!;
            if (m.phase !== "playing") {
              room.apply({ kind: "tick", ticks: m.pause });
              rounds++;
              continue;
            }
            const grid = gridOf(room.world);
            let column = pick;
            while (grid[(ROWS - 1) * COLUMNS + column] !== -1) column = (column + 1) % COLUMNS;
            expect(room.apply({ kind: "drop", player: m.turn, column })).toBe("ok");
          }
          expect(readMatch(room.world)!.round).toBe(rounds + 1);
        },
      ),
      { numRuns: 100 },
    );
  });
});
