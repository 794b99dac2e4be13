// The motion detectors against honest avatars and fast ones. An honest client-authored path
// moves at most the top speed per input; the room applies one input a tick, repeating the last
// when none has arrived (starved) and skipping inputs a full queue dropped (the next applied
// carries their moves). No honest path may strike, however starved or dropped. A path 30%
// faster than the top speed strikes `speed` within the window; a jump beyond the teleport
// distance strikes `teleport` at once, and a respawn (a new epoch) does not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MotionWatch } from "./motion-watch.js";

const DT = 1 / 30;
const RULES = { maxSpeed: 300, tolerance: 0.1, windowTicks: 10, teleportDistance: 300 };

/** Applied positions and sequences: inputs of a path, as a room's ticks apply them. */
function applied(
  speeds: readonly number[],
  turns: readonly number[],
  gaps: readonly number[],
  factor: number,
): { x: number; y: number; seq: number }[] {
  // The client's positions, one per input.
  const path: { x: number; y: number }[] = [{ x: 0, y: 0 }];
  let heading = 0;
  for (let i = 0; i < speeds.length; i++) {
    heading += turns[i]!;
    const step = speeds[i]! * factor * RULES.maxSpeed * DT;
    const p = path[path.length - 1]!;
    path.push({ x: p.x + Math.cos(heading) * step, y: p.y + Math.sin(heading) * step });
  }
  // gaps[i] > 0: the tick skips gaps[i] - 1 inputs (dropped); < 0: starved for -gaps[i] ticks.
  const out: { x: number; y: number; seq: number }[] = [];
  let seq = 0;
  for (let i = 0; seq < path.length; i++) {
    const g = gaps[i % gaps.length] ?? 1;
    if (g < 0)
      for (let k = 0; k < -g; k++) out.push({ ...path[Math.max(0, seq - 1)]!, seq: seq - 1 });
    seq += Math.max(1, g);
    if (seq < path.length) out.push({ ...path[seq]!, seq });
  }
  return out;
}

function strikes(samples: readonly { x: number; y: number; seq: number }[]): string[] {
  const watch = new MotionWatch(RULES, DT);
  const found: string[] = [];
  for (const s of samples) {
    const e = watch.observe({ x: s.x, y: s.y, epoch: 1 }, s.seq >>> 0);
    if (e) found.push(e.detector);
  }
  return found;
}

const path = fc.integer({ min: 40, max: 300 }).chain((n) =>
  fc.tuple(
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: -0.6, max: 0.6, noNaN: true }), { minLength: n, maxLength: n }),
    fc.array(fc.oneof(fc.constant(1), fc.integer({ min: -8, max: 8 })), {
      minLength: 1,
      maxLength: 50,
    }),
  ),
);

describe("MotionWatch", () => {
  it("never strikes an honest path, however its inputs are starved or dropped", () => {
    fc.assert(
      fc.property(path, ([speeds, turns, gaps]) => {
        expect(strikes(applied(speeds, turns, gaps, 1))).toEqual([]);
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it("strikes a path 30% over the top speed within the window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 100 }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        (n, turn) => {
          const speeds = new Array<number>(n).fill(1);
          const turns = new Array<number>(n).fill(turn);
          const samples = applied(speeds, turns, [1], 1.3);
          const watch = new MotionWatch(RULES, DT);
          let at = -1;
          samples.forEach((s, i) => {
            if (at < 0 && watch.observe({ x: s.x, y: s.y, epoch: 1 }, s.seq)?.detector === "speed")
              at = i;
          });
          expect(at).toBeGreaterThanOrEqual(0);
          expect(at).toBeLessThanOrEqual(RULES.windowTicks);
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });

  it("strikes a jump beyond the teleport distance, not a respawn", () => {
    const watch = new MotionWatch(RULES, DT);
    expect(watch.observe({ x: 0, y: 0, epoch: 1 }, 0)).toBeUndefined();
    expect(watch.observe({ x: 500, y: 0, epoch: 1 }, 1)).toMatchObject({
      detector: "teleport",
      measured: 500,
    });
    // The window restarted at the landing place: no speed strike follows.
    for (let i = 2; i < 30; i++)
      expect(watch.observe({ x: 500, y: 0, epoch: 1 }, i)).toBeUndefined();
    expect(watch.observe({ x: 0, y: 0, epoch: 2 }, 31)).toBeUndefined();
  });
});
