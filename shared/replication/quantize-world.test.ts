import { describe, expect, it } from "vitest";
import { angle } from "../schema/angle-field.js";
import { defineComponent } from "../schema/component.js";
import { vec2 } from "../schema/linear-field.js";
import { defineNetworkSchema } from "../schema/network-schema.js";
import { World } from "../world/world.js";
import { WorldQuantizer } from "./quantize-world.js";

const Body = defineComponent("QBody", {
  vel: vec2({ min: -100, max: 100, step: 1 / 4 }),
  exact: vec2({ min: 0, max: 100, step: 1 / 8, predict: { rate: "vel", tolerance: 1 / 16 } }),
  loose: vec2({ min: 0, max: 100, step: 1 / 8, predict: { rate: "vel" } }),
  heading: angle({ bits: 8 }),
});
const SCHEMA = defineNetworkSchema([Body], { maxEntities: 8 });

describe("WorldQuantizer", () => {
  it("rounds fields to their codes' values, leaving loosely predicted ones alone", () => {
    const world = new World({ capacity: 8 });
    const e = world.spawn();
    world.add(e, Body, {
      vel: { x: 1.1, y: -0.3 },
      exact: { x: 10.06, y: 3 },
      loose: { x: 10.06, y: 3 },
      heading: 0.1,
    });
    new WorldQuantizer(world, SCHEMA).apply();
    const s = world.store(Body);
    // 1.1 → 4.4 quarter-steps → 4 → 1; −0.3 → −1.2 → −1 → −0.25; 10.06 → 80.48 eighths → 80 → 10.
    expect([s.vel.x[e], s.vel.y[e], s.exact.x[e], s.exact.y[e]]).toEqual([1, -0.25, 10, 3]);
    // Predicted within a whole step: clients hold it only that closely, so it stays raw.
    expect(s.loose.x[e]).toBe(10.06);
    // 0.1 rad in 2π/256 steps: code 4 (0.1 / 0.02454 = 4.07).
    expect(s.heading[e]).toBe((4 * 2 * Math.PI) / 256);
  });

  it("is idempotent: a rounded world rounds to itself", () => {
    const world = new World({ capacity: 8 });
    const e = world.spawn();
    world.add(e, Body, { vel: { x: 7.3, y: 2.2 }, exact: { x: 55.55, y: 1 }, heading: -2.5 });
    const q = new WorldQuantizer(world, SCHEMA);
    q.apply();
    const s = world.store(Body);
    const once = [s.vel.x[e], s.vel.y[e], s.exact.x[e], s.exact.y[e], s.heading[e]];
    q.apply();
    expect([s.vel.x[e], s.vel.y[e], s.exact.x[e], s.exact.y[e], s.heading[e]]).toEqual(once);
  });
});
