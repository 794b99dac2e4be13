import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZoneGrid } from "./zone-grid.js";

const grid = new ZoneGrid({
  originX: -200,
  originY: 0,
  zoneWidth: 100,
  zoneHeight: 50,
  columns: 4,
  rows: 4,
});

describe("ZoneGrid", () => {
  it("names zones column.row, row by row", () => {
    expect(grid.ids.slice(0, 5)).toEqual(["0.0", "1.0", "2.0", "3.0", "0.1"]);
    expect(grid.ids).toHaveLength(16);
  });

  it("puts a point in the zone whose half-open area holds it", () => {
    // x = -100 is the left edge of column 1 (-200 + 1 × 100); y = 49.999 is still row 0.
    expect(grid.zoneAt(-100, 49.999)).toBe("1.0");
    expect(grid.zoneAt(-100.001, 50)).toBe("0.1");
    expect(grid.bounds("1.0")).toEqual({ minX: -100, minY: 0, maxX: 0, maxY: 50 });
  });

  it("clamps points outside the grid to the nearest edge zone", () => {
    expect(grid.zoneAt(-1e9, -1e9)).toBe("0.0");
    expect(grid.zoneAt(1e9, 1e9)).toBe("3.3");
  });

  it("lists a corner zone's 3 neighbours and an inner zone's 8", () => {
    expect(grid.neighbours("0.0").sort()).toEqual(["0.1", "1.0", "1.1"]);
    expect(grid.neighbours("1.1")).toHaveLength(8);
    expect(grid.neighbours("9.9")).toEqual([]);
  });

  it("refuses ids outside the grid and names a bad field", () => {
    expect(grid.has("4.0")).toBe(false);
    expect(grid.has("1.1/0")).toBe(false);
    expect(() => grid.bounds("4.0")).toThrow(RangeError);
    expect(() => new ZoneGrid({ ...grid.options, columns: 0 })).toThrow("zones.grid.columns");
  });

  it("gives every point one zone, whose area holds it (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -200, max: 199.999, noNaN: true }),
        fc.double({ min: 0, max: 199.999, noNaN: true }),
        (x, y) => {
          const id = grid.zoneAt(x, y);
          const b = grid.bounds(id);
          expect(x >= b.minX && x < b.maxX && y >= b.minY && y < b.maxY).toBe(true);
          expect(grid.near(id, x, y, 0)).toBe(true);
          // A point within d of a neighbour's area is within d of the shared edge: the
          // neighbour relation is symmetric.
          for (const n of grid.neighbours(id)) expect(grid.neighbours(n)).toContain(id);
        },
      ),
    );
  });
});
