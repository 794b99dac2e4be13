import { describe, expect, it } from "vitest";
import { worldGame } from "../../../games/world/index.js";
import { ZoneGrid } from "../../../shared/zones/zone-grid.js";
import { minimapState } from "./minimap-model.js";
import type { SeenAvatar } from "./seen-avatars.js";

const grid = new ZoneGrid(worldGame.zones.grid);
const me: SeenAvatar = { tag: 7, x: 410, y: 200, me: true, ghost: false, zone: "1.0" };
const across: SeenAvatar = { tag: 9, x: 390, y: 210, me: false, ghost: true, zone: "0.0" };

describe("minimapState", () => {
  it("lays out the world's 16 zones as 400-unit cells, row by row", () => {
    const state = minimapState(grid, "1.0", undefined, [], new Map());
    expect(state.zones.map((z) => z.id)).toEqual(grid.ids);
    expect(state.zones).toHaveLength(16);
    expect(state.zones.find((z) => z.id === "2.3")).toMatchObject({
      minX: 800,
      minY: 1200,
      maxX: 1200,
      maxY: 1600,
    });
  });

  it("highlights exactly the zone the client is in and names it", () => {
    const state = minimapState(grid, "1.0", undefined, [me], new Map());
    expect(state.zones.filter((z) => z.current).map((z) => z.id)).toEqual(["1.0"]);
    expect(state.zones.some((z) => z.next)).toBe(false);
    expect(state.caption).toBe("zone 1.0");
  });

  it("marks the zone connected ahead of a crossing as a hand-off in progress", () => {
    const state = minimapState(grid, "0.0", "1.0", [me], new Map());
    expect(state.zones.filter((z) => z.next).map((z) => z.id)).toEqual(["1.0"]);
    expect(state.zones.filter((z) => z.current).map((z) => z.id)).toEqual(["0.0"]);
    expect(state.caption).toBe("zone 0.0 → 1.0 (handing off)");
  });

  it("highlights nothing while the client is still connecting", () => {
    const state = minimapState(grid, undefined, undefined, [], new Map());
    expect(state.zones.some((z) => z.current || z.next)).toBe(false);
    expect(state.caption).toBe("entering the world…");
  });

  it("draws every avatar seen as a dot (own, and across the border) and the zones' player counts", () => {
    const state = minimapState(grid, "1.0", undefined, [me, across], new Map([["1.0", 2]]));
    expect(state.dots).toEqual([
      { x: 410, y: 200, me: true, ghost: false },
      { x: 390, y: 210, me: false, ghost: true },
    ]);
    expect(state.zones.find((z) => z.id === "1.0")!.players).toBe(2);
    expect(state.zones.find((z) => z.id === "0.0")!.players).toBeUndefined();
  });
});
