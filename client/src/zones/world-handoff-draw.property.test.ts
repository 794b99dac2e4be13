// What a walker's client draws across handoffs, over random walks, links and zone-to-zone
// latencies: at a switch the old zone's view stays drawn until the new zone's view has caught
// up with the avatar (handover-view.ts), so from the switch until the difference left is
// blended out the drawn avatar never steps back along its walk, and no frame moves it more
// than its walk over the frame plus one tick's walk.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawnWalk, stepAlong } from "../../../test/support/zones/drawn-walk.js";
import {
  avatarByKey,
  pilotKey,
  TICK_RATE,
  WALK_SPEED,
  walkersGame,
} from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";
import { resolveNetcodeOptions } from "../netcode-options.js";
import { HANDOVER_MAX_MS } from "./handover-view.js";

/** Walks per run: 10 in CI; a soak sets more (`ZONE_WALKS=300`). */
const WALKS = Number(process.env.ZONE_WALKS ?? 10);
/** Over how long the hand-over's difference is blended (the default recoveryMs). */
const RECOVERY_MS = resolveNetcodeOptions({}).interpolation.recoveryMs;
/** Rounding of the drawn position (1/256-unit positions, interpolated): not a step back. */
const EPSILON = 1e-6;

/** Walking directions that leave zone 0.0 (right, down, or both) from its lower-right part. */
const DIRECTIONS = [
  { dx: 1, dy: 0 },
  { dx: 0, dy: 1 },
  { dx: 1, dy: 1 },
  { dx: 1, dy: -1 },
  { dx: -1, dy: 1 },
] as const;

const WALK = fc.record({
  x: fc.integer({ min: 55, max: 92 }),
  y: fc.integer({ min: 55, max: 92 }),
  direction: fc.constantFrom(...DIRECTIONS),
  latencyMs: fc.integer({ min: 0, max: 80 }),
  jitterMs: fc.integer({ min: 0, max: 10 }),
  zoneLatencyMs: fc.integer({ min: 1, max: 80 }),
  frameEveryMs: fc.constantFrom(1, 7, 16, 33),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe("the avatar a walker's client draws across handoffs", () => {
  it("never steps back from the switch until the hand-over is blended out, and never jumps", () => {
    fc.assert(
      fc.property(WALK, (w) => {
        const game = walkersGame(new Map([["p0", [w.x, w.y]]]));
        const h = new ZoneHarness(game, {
          link: { reliable: { latencyMs: w.latencyMs, jitterMs: w.jitterMs } },
          zoneLatencyMs: w.zoneLatencyMs,
          frameEveryMs: w.frameEveryMs,
          seed: w.seed,
          avatarOf: (name) => (world) => avatarByKey(world, pilotKey(name)),
        });
        const p = h.join("p0", "0.0");
        h.step(1000);
        const { dx, dy } = w.direction;
        const walk = drawnWalk(h, p, { dx, dy }, 3000, w.frameEveryMs);
        expect(p.world.handoffs).toBeGreaterThanOrEqual(1);
        expect(walk.missing).toBe(0);
        expect(walk.handovers).toHaveLength(p.world.handoffs);
        // Made because the new view caught up, not because the old one waited too long.
        for (const ms of walk.handoverMs) expect(ms).toBeLessThan(HANDOVER_MAX_MS);
        const { frames } = walk;
        // Per frame: the walk over the frame (30 units/s on each axis walked; the render
        // clock runs up to 10% fast to catch up) and one tick's walk more, the most a
        // view's avatar gains on the old one in one frame as it interpolates from its ghost
        // (a tick behind or more) to the adopted avatar, half of which the blend adds later.
        const speed = WALK_SPEED * Math.hypot(dx, dy);
        const bound = (speed * w.frameEveryMs * 1.1) / 1000 + speed / TICK_RATE;
        for (const at of walk.handovers) {
          const switchAt =
            frames.findLastIndex((f, i) => i <= at && f.zone !== frames[at]!.zone) + 1;
          for (let i = Math.max(1, switchAt); i < frames.length; i++) {
            if (frames[i]!.at > frames[at]!.at + RECOVERY_MS) break;
            expect(stepAlong(frames, i, dx, dy)).toBeGreaterThanOrEqual(-EPSILON);
            const f = frames[i]!;
            const b = frames[i - 1]!;
            expect(Math.hypot(f.x - b.x, f.y - b.y)).toBeLessThanOrEqual(bound);
          }
        }
      }),
      { numRuns: WALKS },
    );
  });
});
