// The room's interest queries allocate nothing once optimized: a room runs one grid query per
// player per tick (1,000 a tick in bench:capacity's large room), so anything a query boxes is
// garbage at that rate. Doubles passed to a call V8 does not inline, stored into an object's
// fields in its lower tiers, or handed to builtins such as Math.max are boxed; the grid keeps
// its per-query doubles in a Float64Array instead (shared/room/grid-rows.ts).
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { InterestGrid } from "../../shared/room/interest-grid.js";
import { EntitySet } from "../../shared/world/entity-set.js";
import { settledAllocation } from "./heap-meter-steady.js";

const ENTITIES = 2_000;
const SIZE = 1_000;
const RADIUS = 150;
const QUERIES = 20;

describe("the interest grid's queries", () => {
  it("allocate nothing once optimized, with and without a predicate", async () => {
    const random = mulberry32(21);
    const grid = new InterestGrid({ capacity: 2_048, width: SIZE, height: SIZE, cellSize: 37.5 });
    for (let e = 0; e < ENTITIES; e++) grid.move(e, random() * SIZE, random() * SIZE);
    // Fractional viewpoints, as players' positions are.
    const points = Array.from({ length: QUERIES }, () => ({
      x: random() * SIZE,
      y: random() * SIZE,
    }));
    const visible = new EntitySet(2_048);
    const accept = (e: number) => (e & 1) === 0;
    let moved = 0;
    // Between stretches some entities move (the grid repacks at the next query), as a tick's.
    const prepare = () => {
      for (let i = 0; i < 50; i++) {
        const e = (moved++ * 7) % ENTITIES;
        grid.move(e, (grid.x(e) + 1.5) % SIZE, grid.y(e));
      }
    };
    const queries = () => {
      for (let i = 0; i < QUERIES; i++) {
        visible.clear();
        grid.queryAround(points[i]!, RADIUS, visible);
        grid.queryAround(points[i]!, RADIUS, visible, accept);
      }
    };
    const meter = await settledAllocation(queries, { prepare });
    expect(meter.allocating).toBeLessThanOrEqual(2);
    // The queries still answer: a view of this radius and density holds entities.
    expect(visible.count()).toBeGreaterThan(0);
  });
});
