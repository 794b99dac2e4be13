import { describe, expect, it } from "vitest";
import { ArenaScene } from "./arena-scene.js";
import { InterestGrid } from "./interest-grid.js";

function bruteForce(scene: ArenaScene, c: number, radius: number): number[] {
  const ids: number[] = [];
  for (let id = 0; id < scene.entityCount; id++) {
    const dx = scene.x[id]! - scene.clientX[c]!;
    const dy = scene.y[id]! - scene.clientY[c]!;
    if (dx * dx + dy * dy <= radius * radius) ids.push(id);
  }
  return ids;
}

const sorted = (ids: Int32Array) => [...ids].sort((a, b) => a - b);

describe("InterestGrid", () => {
  it("finds exactly the entities within the radius of each client", () => {
    const scene = new ArenaScene({ entityCount: 2000, clientCount: 16 });
    const grid = new InterestGrid(scene, 300);
    for (let t = 0; t < 20; t++) {
      scene.step();
      grid.update(scene);
      for (let c = 0; c < 16; c++) {
        const expected = bruteForce(scene, c, 300);
        expect(sorted(grid.visible(c))).toEqual(expected);
        for (const id of expected) expect(grid.isVisible(c, id)).toBe(true);
      }
    }
  });

  it("reports as entered and left exactly the difference between two ticks", () => {
    const scene = new ArenaScene({ entityCount: 2000, clientCount: 16 });
    const grid = new InterestGrid(scene, 300);
    let changes = 0;
    for (let t = 0; t < 60; t++) {
      const before = Array.from({ length: 16 }, (_, c) => new Set(grid.visible(c)));
      scene.step();
      grid.update(scene);
      for (let c = 0; c < 16; c++) {
        const now = new Set(grid.visible(c));
        const entered = [...now].filter((id) => !before[c]!.has(id)).sort((a, b) => a - b);
        const left = [...before[c]!].filter((id) => !now.has(id)).sort((a, b) => a - b);
        expect(sorted(grid.entered(c))).toEqual(entered);
        expect(sorted(grid.left(c))).toEqual(left);
        for (const id of left) expect(grid.isVisible(c, id)).toBe(false);
        changes += entered.length + left.length;
      }
    }
    expect(changes).toBeGreaterThan(0);
  });
});
