import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntitySet } from "../world/entity-set.js";
import { InterestGrid } from "./interest-grid.js";

const CAPACITY = 64;

/** One step of a random history: put an entity somewhere (in or out of bounds) or drop it. */
const op = fc.oneof(
  fc.record({
    kind: fc.constant("move" as const),
    e: fc.integer({ min: 0, max: CAPACITY - 1 }),
    x: fc.double({ min: -200, max: 1200, noNaN: true }),
    y: fc.double({ min: -200, max: 1200, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("remove" as const), e: fc.integer({ min: 0, max: CAPACITY - 1 }) }),
);

const query = fc.record({
  x: fc.double({ min: -300, max: 1300, noNaN: true }),
  y: fc.double({ min: -300, max: 1300, noNaN: true }),
  r: fc.double({ min: 0, max: 700, noNaN: true }),
});

function ids(set: EntitySet): number[] {
  const out: number[] = [];
  set.forEach((e) => {
    out.push(e);
  });
  return out;
}

describe("InterestGrid", () => {
  it("answers every radius query exactly as a brute-force scan, whatever moved before, with or without a predicate", () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 200 }),
        fc.array(query, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 10, max: 400 }),
        (ops, queries, cellSize) => {
          const grid = new InterestGrid({
            capacity: CAPACITY,
            width: 1000,
            height: 1000,
            cellSize,
          });
          const truth = new Map<number, { x: number; y: number }>();
          for (const o of ops) {
            if (o.kind === "move") {
              grid.move(o.e, o.x, o.y);
              truth.set(o.e, { x: o.x, y: o.y });
            } else {
              grid.remove(o.e);
              truth.delete(o.e);
            }
          }
          expect(grid.size).toBe(truth.size);
          for (const q of queries) {
            const got = new EntitySet(CAPACITY);
            grid.query(q.x, q.y, q.r, got);
            const want = [...truth]
              .filter(([, p]) => (p.x - q.x) ** 2 + (p.y - q.y) ** 2 <= q.r * q.r)
              .map(([e]) => e)
              .sort((a, b) => a - b);
            expect(ids(got)).toEqual(want);
            // The game's predicate takes the other path (asked per entity in range).
            const accepted = new EntitySet(CAPACITY);
            grid.query(q.x, q.y, q.r, accepted, (e) => e % 3 !== 0);
            expect(ids(accepted)).toEqual(want.filter((e) => e % 3 !== 0));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("examines only the entities in the cells around the query, not the whole grid", () => {
    const grid = new InterestGrid({
      capacity: 10_000,
      width: 10_000,
      height: 10_000,
      cellSize: 100,
    });
    // 100 × 100 entities, one per cell centre.
    for (let i = 0; i < 10_000; i++)
      grid.move(i, (i % 100) * 100 + 50, Math.floor(i / 100) * 100 + 50);
    const out = new EntitySet(10_000);
    const examined = grid.query(5_050, 5_050, 100, out);
    // The box [4950, 5150]² spans cells 49..51 on each axis: 3 × 3 = 9 entities examined,
    // of which the centre and its 4 neighbours at distance 100 are in range.
    expect(examined).toBe(9);
    expect(out.count()).toBe(5);
  });

  it("drops a predicate's refusals from the answer", () => {
    const grid = new InterestGrid({ capacity: 8, width: 100, height: 100, cellSize: 10 });
    for (let e = 0; e < 8; e++) grid.move(e, 50, 50);
    const out = new EntitySet(8);
    grid.query(50, 50, 1, out, (e) => e % 2 === 0);
    expect(ids(out)).toEqual([0, 2, 4, 6]);
  });

  it("refuses a grid without cells or capacity, naming the field", () => {
    expect(() => new InterestGrid({ capacity: 0, width: 1, height: 1, cellSize: 1 })).toThrow(
      "interestGrid.capacity",
    );
    expect(() => new InterestGrid({ capacity: 1, width: 1, height: 1, cellSize: 0 })).toThrow(
      "interestGrid.cellSize",
    );
  });
});
