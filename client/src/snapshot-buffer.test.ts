import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { angle } from "../../shared/schema/angle-field.js";
import { defineComponent } from "../../shared/schema/component.js";
import { uint8 } from "../../shared/schema/int-field.js";
import { vec2, vec3 } from "../../shared/schema/linear-field.js";
import { defineNetworkSchema } from "../../shared/schema/network-schema.js";
import { quaternion } from "../../shared/schema/quaternion-field.js";
import { LaneLayout } from "./lane-layout.js";
import { SAMPLE, SnapshotBuffer } from "./snapshot-buffer.js";

// Lanes: pos x y (0, 1), heading (2), rot x y z w (3–6), scale x y z (7–9), kind (10).
const Body = defineComponent("Body", {
  pos: vec2({ min: -1000, max: 1000, step: 1 / 64 }),
  heading: angle({ bits: 12 }),
  rot: quaternion(),
  scale: vec3({ min: 0, max: 10, step: 1 / 256 }),
  kind: uint8(),
});
const SCHEMA = defineNetworkSchema([Body], { maxEntities: 4 });
const layout = new LaneLayout(SCHEMA, {
  components: [{ component: Body, fields: { pos: { teleportThreshold: 100 } } }],
});

function state(x: number, y: number, heading = 0, kind = 0, rot = [0, 0, 0, 1], s = 1) {
  return Float64Array.of(x, y, heading, ...rot, s, s, s, kind);
}

function buffer(...snapshots: [number, Float64Array][]): SnapshotBuffer {
  const b = new SnapshotBuffer(layout, 4, 8);
  for (const [tick, values] of snapshots) b.push(0, tick, values, 0);
  return b;
}

const out = new Float64Array(layout.width);

describe("SnapshotBuffer", () => {
  it("lays out every numeric field in schema order", () => {
    expect(layout.width).toBe(11);
    expect(layout.fields.map((f) => [f.at, f.lanes, f.blend])).toEqual([
      [0, 2, 0],
      [2, 1, 1],
      [3, 4, 2],
      [7, 3, 0],
      [10, 1, 3],
    ]);
  });

  it("lerps positions and scales, and holds integers until the newer snapshot's tick", () => {
    const b = buffer(
      [10, state(0, 0, 0, 1, undefined, 1)],
      [12, state(10, -20, 0, 2, undefined, 3)],
    );
    expect(b.sample(0, 11.5, 0, out, 0)).toBe(SAMPLE.INTERPOLATED);
    // t = 0.75: x 7.5, y −15, scale 1 + 0.75 × 2 = 2.5; the kind stays 1 until tick 12.
    expect([out[0], out[1], out[7], out[10]]).toEqual([7.5, -15, 2.5, 1]);
  });

  it("turns the short way across ±π", () => {
    const b = buffer([0, state(0, 0, Math.PI - 0.1)], [1, state(0, 0, -Math.PI + 0.1)]);
    b.sample(0, 0.5, 0, out, 0);
    // Halfway along the 0.2 rad arc through π, not the 2π − 0.2 rad one through 0.
    expect(Math.abs(Math.abs(out[2]!) - Math.PI)).toBeLessThan(1e-12);
  });

  it("slerps rotations at constant angular speed and keeps them unit length", () => {
    const half = Math.SQRT1_2;
    // Identity to 90° about z.
    const b = buffer(
      [0, state(0, 0, 0, 0, [0, 0, 0, 1])],
      [1, state(0, 0, 0, 0, [0, 0, half, half])],
    );
    b.sample(0, 0.5, 0, out, 0);
    // Halfway: 45° about z = (0, 0, sin 22.5°, cos 22.5°).
    expect(out[5]).toBeCloseTo(Math.sin(Math.PI / 8), 12);
    expect(out[6]).toBeCloseTo(Math.cos(Math.PI / 8), 12);
    expect(Math.hypot(out[3]!, out[4]!, out[5]!, out[6]!)).toBeCloseTo(1, 12);
  });

  it("snaps a teleport (a jump above the threshold) instead of sliding across the map", () => {
    const b = buffer([0, state(0, 0)], [1, state(500, 0)]);
    b.sample(0, 0.1, 0, out, 0);
    expect(out[0]).toBe(500);
  });

  it("extrapolates from the last velocity up to the cap, then holds", () => {
    const b = buffer([0, state(0, 0)], [2, state(10, 0)]);
    // 5 units a tick; 1 tick past the newest, within a 3-tick cap: 15.
    expect(b.sample(0, 3, 3, out, 0)).toBe(SAMPLE.EXTRAPOLATED);
    expect(out[0]).toBe(15);
    // 10 ticks past: held at the cap, 10 + 3 × 5 = 25.
    expect(b.sample(0, 12, 3, out, 0)).toBe(SAMPLE.HELD);
    expect(out[0]).toBe(25);
  });

  it("shows the oldest snapshot before it and nothing for an empty slot", () => {
    const b = buffer([5, state(1, 1)], [6, state(2, 2)]);
    expect(b.sample(0, 2, 0, out, 0)).toBe(SAMPLE.OLDEST);
    expect(out[0]).toBe(1);
    expect(b.sample(1, 5, 0, out, 0)).toBe(SAMPLE.EMPTY);
  });

  it("ignores a snapshot that is not newer, and forgets everything on clear", () => {
    const b = buffer([5, state(1, 1)]);
    expect(b.push(0, 5, state(9, 9), 0)).toBe(false);
    expect(b.depth(0)).toBe(1);
    b.clear(0);
    expect(b.depth(0)).toBe(0);
  });

  it("never puts an interpolated position outside the two snapshots around it", () => {
    const point = fc.record({
      gap: fc.integer({ min: 1, max: 3 }),
      x: fc.double({ min: -900, max: 900, noNaN: true }),
      y: fc.double({ min: -900, max: 900, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 2, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 6 }),
        (points, frac, pair) => {
          const b = new SnapshotBuffer(layout, 1, 8);
          let tick = 0;
          const ticks: number[] = [];
          for (const p of points) {
            tick += p.gap;
            ticks.push(tick);
            b.push(0, tick, state(p.x, p.y), 0);
          }
          const i = Math.min(pair, points.length - 2);
          const at = ticks[i]! + frac * (ticks[i + 1]! - ticks[i]!);
          // A frac just below 1 can round `at` onto the next snapshot's tick, which belongs
          // to the next pair (e.g. fast-check seed 1098332969): not this pair's case.
          fc.pre(at < ticks[i + 1]!);
          expect(b.sample(0, at, 0, out, 0)).toBe(SAMPLE.INTERPOLATED);
          const [a, c] = [points[i]!, points[i + 1]!];
          const teleport = Math.hypot(c.x - a.x, c.y - a.y) > 100;
          for (const [lane, lo, hi] of [
            [0, Math.min(a.x, c.x), Math.max(a.x, c.x)],
            [1, Math.min(a.y, c.y), Math.max(a.y, c.y)],
          ] as const) {
            expect(out[lane]!).toBeGreaterThanOrEqual(lo - 1e-9);
            expect(out[lane]!).toBeLessThanOrEqual(hi + 1e-9);
          }
          if (teleport) expect([out[0], out[1]]).toEqual([c.x, c.y]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
