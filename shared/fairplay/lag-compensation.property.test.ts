// Lag compensation against a client's own view: targets steer at random, a client at some
// round-trip time draws them interpolation-delay behind the newest tick it received, aims at
// (or beside) a target as drawn and fires; the room, later by half a round trip, rewinds to
// the client's view tick. The room's verdict must equal the client's screen: on target hits,
// off target misses, at 50, 150 and 300 ms.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { judgedTick, LagCompensation, rayCircle } from "./lag-compensation.js";
import { PoseHistory } from "./pose-history.js";

const TICK_MS = 1000 / 30;
const RADIUS = 16;
const MAX_REWIND_TICKS = 15; // 500 ms

/** Positions of the target by tick, as the client received them (the same the room recorded). */
function walk(ticks: number, seed: number): { x: number[]; y: number[] } {
  let s = seed >>> 0 || 1;
  const r = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const x = [800];
  const y = [450];
  let vx = 0;
  let vy = 0;
  for (let t = 1; t < ticks; t++) {
    vx = Math.max(-12, Math.min(12, vx + (r() - 0.5) * 8)); // steering: velocity changes every tick
    vy = Math.max(-12, Math.min(12, vy + (r() - 0.5) * 8));
    x.push(x[t - 1]! + vx);
    y.push(y[t - 1]! + vy);
  }
  return { x, y };
}

describe("lag-compensated hits", () => {
  it("agree with what the shooter saw, at 50, 150 and 300 ms", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(50, 150, 300),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer(),
        fc.double({ min: -3 * RADIUS, max: 3 * RADIUS, noNaN: true }),
        (rttMs, delayTicks, frac, seed, miss) => {
          const TICKS = 60;
          const target = walk(TICKS, seed);
          const history = new PoseHistory({ capacity: 4, windowTicks: MAX_REWIND_TICKS + 2 });
          const lag = new LagCompensation(history, MAX_REWIND_TICKS);
          const oneWay = Math.ceil(rttMs / 2 / TICK_MS);
          const fireTick = 40; // the room's tick when the client fires
          const arriveTick = fireTick + oneWay;
          for (let t = 0; t <= arriveTick; t++)
            history.record(t, (put) => {
              put(7, target.x[t]!, target.y[t]!, RADIUS);
              put(1, 200, 200, RADIUS); // the shooter, standing still
            });
          // The client: newest tick received, drawn delay behind, between two ticks.
          const received = fireTick - oneWay;
          const view = received - delayTicks + frac;
          const lo = Math.floor(view);
          const f = view - lo;
          const tx = target.x[lo]! + (target.x[lo + 1]! - target.x[lo]!) * f;
          const ty = target.y[lo]! + (target.y[lo + 1]! - target.y[lo]!) * f;
          // Aim at the target as drawn, pushed sideways by `miss` units.
          const ax = tx - 200;
          const ay = ty - 200;
          const len = Math.hypot(ax, ay);
          const aimX = tx + (-ay / len) * miss;
          const aimY = ty + (ax / len) * miss;
          const onScreen =
            rayCircle(
              200,
              200,
              (aimX - 200) / Math.hypot(aimX - 200, aimY - 200),
              (aimY - 200) / Math.hypot(aimX - 200, aimY - 200),
              5000,
              tx,
              ty,
              RADIUS,
            ) !== undefined;
          const judged = judgedTick(view, received, arriveTick, MAX_REWIND_TICKS);
          expect(judged.capped).toBe(false);
          const hit = lag.raycast(judged.tick, 200, 200, aimX - 200, aimY - 200, 5000, 1);
          return (hit?.entity === 7) === onScreen;
        },
      ),
      { seed: 15, numRuns: 2000 },
    );
  });

  it("judges a view older than the maximum rewind at the cap, and never a view newer than acknowledged", () => {
    expect(judgedTick(10, 50, 60, 15)).toEqual({ tick: 45, capped: true });
    expect(judgedTick(58.5, 55, 60, 15)).toEqual({ tick: 55, capped: false });
    expect(judgedTick(Number.NaN, 55, 60, 15)).toEqual({ tick: 60, capped: false });
  });

  it("cannot hit what did not exist at the view tick, and hits where a since-vanished target was", () => {
    const history = new PoseHistory({ capacity: 4, windowTicks: 10 });
    const lag = new LagCompensation(history, 8);
    history.record(0, (put) => put(1, 0, 0, 10));
    history.record(1, (put) => {
      put(1, 0, 0, 10);
      put(2, 100, 0, 10); // appears at tick 1
    });
    history.record(2, (put) => put(1, 0, 0, 10)); // 2 is gone at tick 2
    expect(lag.raycast(0.5, 0, 0, 1, 0, 500, 1)).toBeUndefined();
    expect(lag.raycast(1, 0, 0, 1, 0, 500, 1)).toEqual({ entity: 2, distance: 90 });
    expect(lag.raycast(1.5, 0, 0, 1, 0, 500, 1)).toEqual({ entity: 2, distance: 90 });
    expect(lag.raycast(2, 0, 0, 1, 0, 500, 1)).toBeUndefined();
    expect(lag.overlapCircle(1, 95, 0, 1, 1)).toEqual([2]);
    expect(lag.overlapBox(1, 85, -5, 91, 5, 1)).toEqual([2]);
    expect(lag.overlapBox(1, 85, -5, 89, 5, 1)).toEqual([]);
  });

  it("holds a fixed amount of memory, whatever it records", () => {
    const history = new PoseHistory({ capacity: 200, windowTicks: 10 });
    const before = history.memoryBytes;
    for (let t = 0; t < 100; t++)
      history.record(t, (put) => {
        for (let e = 0; e < 200; e++) put(e, e, t, 16);
      });
    expect(history.memoryBytes).toBe(before);
    expect(history.oldestTick).toBe(90);
    expect(history.poseAt(5, 95)).toEqual({ x: 5, y: 95, radius: 16 });
    expect(history.poseAt(5, 89)).toBeUndefined();
  });
});
