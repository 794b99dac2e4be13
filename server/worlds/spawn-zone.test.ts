import { describe, expect, it } from "vitest";
import { spawnPoint, walkerTag, worldGame } from "../../games/world/index.js";
import { ZoneGrid } from "../../shared/zones/zone-grid.js";
import { spawnZone } from "./spawn-zone.js";

describe("spawnZone", () => {
  it("is the zone holding the point where the game spawns a player of that name", () => {
    const grid = new ZoneGrid(worldGame.zones.grid);
    for (const name of ["ada", "bob", "walker-7", "zoë"]) {
      const at = spawnPoint(walkerTag(name));
      expect(spawnZone(worldGame, grid, name)).toBe(grid.zoneAt(at.x, at.y));
    }
    // Names spread players over the grid, not all into one zone.
    const zones = ["ada", "bob", "walker-7", "zoë"].map((n) => spawnZone(worldGame, grid, n));
    expect(new Set(zones).size).toBeGreaterThan(1);
  });
});
