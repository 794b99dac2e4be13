import { describe, expect, it } from "vitest";
import {
  InterpolationBuffer,
  InterpolationRing,
  PredictionHistory,
  PredictionState,
  World,
} from "./index.js";

describe("InterpolationRing", () => {
  it("samples linearly between the snapshots around a time and clamps outside them", () => {
    const ring = new InterpolationRing({ capacity: 3, lanes: 2 });
    const out = new Float64Array(2);
    expect(ring.sample(0, out)).toBe(false);
    ring.push(100, [0, 10]);
    ring.push(200, [10, 20]);
    ring.sample(150, out);
    expect(Array.from(out)).toEqual([5, 15]);
    ring.sample(50, out);
    expect(Array.from(out)).toEqual([0, 10]);
    ring.sample(500, out);
    expect(Array.from(out)).toEqual([10, 20]);
  });

  it("overwrites the oldest snapshot when full and refuses out-of-order times", () => {
    const ring = new InterpolationRing({ capacity: 2, lanes: 1 });
    ring.push(1, [1]);
    ring.push(2, [2]);
    ring.push(3, [3]);
    expect(ring.push(3, [9])).toBe(false);
    expect([ring.size, ring.timeAt(0), ring.timeAt(1)]).toEqual([2, 2, 3]);
  });
});

describe("PredictionHistory", () => {
  it("records predictions by tick and measures them against authoritative values", () => {
    const h = new PredictionHistory({ capacity: 3, lanes: 2 });
    for (let t = 10; t < 14; t++) h.record(t, [t, -t]);
    expect([h.oldestTick, h.newestTick, h.size]).toEqual([11, 13, 3]);
    expect(h.error(12, [12.5, -12])).toBe(0.5);
    expect(h.error(10, [0, 0])).toBe(-1);
    const out = new Float64Array(2);
    expect(h.read(13, out)).toBe(true);
    expect(Array.from(out)).toEqual([13, -13]);
    expect(h.record(13, [0, 0])).toBe(false);
    h.discardThrough(12);
    expect([h.oldestTick, h.size]).toEqual([13, 1]);
  });
});

describe("client components", () => {
  it("attach a ring per entity in a world", () => {
    const world = new World({ capacity: 2 });
    const e = world.spawn();
    world.add(e, InterpolationBuffer);
    world.add(e, PredictionState);
    expect(world.get(e, InterpolationBuffer)).toBeInstanceOf(InterpolationRing);
    expect(world.get(e, PredictionState)).toBeInstanceOf(PredictionHistory);
    expect(world.get(e, InterpolationBuffer)).not.toBe(
      world.get(world.spawn(), InterpolationBuffer),
    );
  });
});
