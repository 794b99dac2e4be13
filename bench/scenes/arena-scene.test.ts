import { describe, expect, it } from "vitest";
import { ArenaScene } from "./arena-scene.js";
import { ARENA_SIZE, SPEED_MAX, SPEED_MIN } from "./scene-config.js";

const N = 500;

function restingIds(scene: ArenaScene): Set<number> {
  const ids = new Set<number>();
  for (let i = 0; i < scene.entityCount; i++) {
    if (scene.vx[i] === 0 && scene.vy[i] === 0) ids.add(i);
  }
  return ids;
}

describe("ArenaScene", () => {
  it("keeps exactly 20% of the entities at rest on every tick", () => {
    const scene = new ArenaScene({ entityCount: N });
    expect(restingIds(scene).size).toBe(100);
    for (let t = 0; t < 200; t++) {
      scene.step();
      expect(restingIds(scene).size).toBe(100);
    }
  });

  it("stops round(0.5% · N) movers and starts as many resting entities per tick", () => {
    const scene = new ArenaScene({ entityCount: N });
    for (let t = 0; t < 50; t++) {
      const before = restingIds(scene);
      scene.step();
      const after = restingIds(scene);
      const stopped = [...after].filter((id) => !before.has(id));
      const started = [...before].filter((id) => !after.has(id));
      // round(500 · 0.005) = round(2.5) = 3
      expect(stopped).toHaveLength(3);
      expect(started).toHaveLength(3);
    }
  });

  it("changes the hp of round(2% · N) distinct entities per tick, always to a new value", () => {
    const scene = new ArenaScene({ entityCount: 2000 });
    for (let t = 0; t < 50; t++) {
      const before = scene.hp.slice();
      scene.step();
      const changed: number[] = [];
      for (let i = 0; i < scene.entityCount; i++) if (scene.hp[i] !== before[i]) changed.push(i);
      expect(changed).toHaveLength(40);
      const reported = [...scene.hpChanged.subarray(0, scene.hpChangedCount)].sort((a, b) => a - b);
      expect(reported).toEqual(changed);
    }
  });

  it("keeps every entity inside the arena by reflecting off the walls", () => {
    const scene = new ArenaScene({ entityCount: N });
    let reflections = 0;
    let outside = 0;
    for (let t = 0; t < 2000; t++) {
      const vx = scene.vx.slice();
      scene.step();
      for (let i = 0; i < N; i++) {
        const x = scene.x[i]!;
        const y = scene.y[i]!;
        if (x < 0 || x > ARENA_SIZE || y < 0 || y > ARENA_SIZE) outside++;
        if (vx[i] !== 0 && scene.vx[i] === -vx[i]!) reflections++;
      }
    }
    expect(outside).toBe(0);
    expect(reflections).toBeGreaterThan(0);
  });

  it("gives movers a constant speed in [30, 120) units/s", () => {
    const scene = new ArenaScene({ entityCount: N });
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let t = 0; t < 100; t++) {
      scene.step();
      for (let j = 0; j < scene.moverCount; j++) {
        const id = scene.movers[j]!;
        const speed = Math.hypot(scene.vx[id]!, scene.vy[id]!);
        min = Math.min(min, speed);
        max = Math.max(max, speed);
      }
    }
    // float32 velocity components move the speed by at most a few ulps.
    expect(min).toBeGreaterThanOrEqual(SPEED_MIN * 0.9999);
    expect(max).toBeLessThan(SPEED_MAX * 1.0001);
  });

  it("rewrites the angle as atan2(vy, vx) only when the velocity changes", () => {
    const scene = new ArenaScene({ entityCount: N });
    let wrongAngle = 0;
    let misreported = 0;
    let reported = 0;
    for (let t = 0; t < 300; t++) {
      const angle = scene.angle.slice();
      const vx = scene.vx.slice();
      const vy = scene.vy.slice();
      scene.step();
      const changed = new Set(scene.velocityChanged.subarray(0, scene.velocityChangedCount));
      reported += changed.size;
      for (let i = 0; i < N; i++) {
        if (scene.angle[i] !== Math.fround(Math.atan2(scene.vy[i]!, scene.vx[i]!))) wrongAngle++;
        const velocityChanged = scene.vx[i] !== vx[i] || scene.vy[i] !== vy[i];
        if (changed.has(i) !== velocityChanged) misreported++;
        if (!velocityChanged && scene.angle[i] !== angle[i]) wrongAngle++;
      }
    }
    expect(wrongAngle).toBe(0);
    expect(misreported).toBe(0);
    // At least the 3 stops and 3 starts of every tick.
    expect(reported).toBeGreaterThanOrEqual(300 * 6);
  });

  it("moves exactly the movers and never changes kind", () => {
    const scene = new ArenaScene({ entityCount: N });
    const kind = scene.kind.slice();
    let wrong = 0;
    for (let t = 0; t < 100; t++) {
      const x = scene.x.slice();
      const y = scene.y.slice();
      scene.step();
      const movers = new Set(scene.movers.subarray(0, scene.moverCount));
      for (let i = 0; i < N; i++) {
        const moved = scene.x[i] !== x[i] || scene.y[i] !== y[i];
        if (moved !== movers.has(i)) wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(scene.kind).toEqual(kind);
  });

  it("replays identically from the same seed and differently from another", () => {
    const a = new ArenaScene({ entityCount: N, clientCount: 8 });
    const b = new ArenaScene({ entityCount: N, clientCount: 8 });
    const c = new ArenaScene({ entityCount: N, clientCount: 8, seed: 1 });
    for (let t = 0; t < 100; t++) {
      a.step();
      b.step();
      c.step();
    }
    for (const key of ["x", "y", "vx", "vy", "angle", "hp", "kind", "clientX"] as const) {
      expect(a[key]).toEqual(b[key]);
    }
    expect(a.x).not.toEqual(c.x);
  });
});

describe("ArenaScene with steering", () => {
  it("changes every mover's velocity every tick, within the speed cap, heading following", () => {
    const scene = new ArenaScene({ entityCount: N, motion: "steering" });
    for (let t = 0; t < 100; t++) {
      const vx = Float32Array.from(scene.vx);
      scene.step();
      // Every mover is kicked; the 3 that stopped this tick are listed too.
      expect(scene.velocityChangedCount).toBeGreaterThanOrEqual(scene.moverCount);
      let changed = 0;
      for (let j = 0; j < scene.moverCount; j++) {
        const id = scene.movers[j]!;
        if (scene.vx[id] !== vx[id]) changed++;
        expect(Math.hypot(scene.vx[id]!, scene.vy[id]!)).toBeLessThanOrEqual(SPEED_MAX + 1e-3);
        expect(scene.angle[id]).toBeCloseTo(Math.atan2(scene.vy[id]!, scene.vx[id]!), 5);
      }
      expect(changed).toBe(scene.moverCount);
    }
  });

  it("keeps the coasting scene's rest rotation and hp changes", () => {
    const scene = new ArenaScene({ entityCount: N, motion: "steering" });
    for (let t = 0; t < 50; t++) {
      scene.step();
      expect(restingIds(scene).size).toBe(100);
      expect(scene.hpChangedCount).toBe(10);
    }
  });

  it("is the same scene for the same seed", () => {
    const a = new ArenaScene({ entityCount: 100, motion: "steering" });
    const b = new ArenaScene({ entityCount: 100, motion: "steering" });
    for (let t = 0; t < 30; t++) {
      a.step();
      b.step();
    }
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.vy)).toEqual(Array.from(b.vy));
  });
});
