// What a walker's client draws across handoffs, over random walks, links and zone-to-zone
// latencies: at a switch the old zone's view stays drawn until the new zone's view has caught
// up with the avatar (handover-view.ts), so from the switch until the difference left is
// blended out the drawn avatar never steps back along its walk, and no frame moves it more
// than its walk over the frame plus one tick's walk. Both the test game (30 Hz, 30 units/s
// an axis, 2×2 zones of 100) and the world game (20 Hz, 150 units/s, 4×4 zones of 400, the
// demo's and bench:zones').

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Avatar,
  spawnPoint,
  taggedAvatar,
  WALK,
  WALK_SPEED as WORLD_SPEED,
  WORLD_TICK_RATE,
  walkerTag,
  worldGame,
} from "../../../games/world/index.js";
import { type DrawnWalk, drawnWalk, stepAlong } from "../../../test/support/zones/drawn-walk.js";
import {
  avatarByKey,
  pilotKey,
  TICK_RATE,
  WALK_SPEED,
  walkersGame,
} from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";
import { resolveNetcodeOptions } from "../netcode-options.js";
import { CATCH_UP, HANDOVER_MAX_MS } from "./handover-view.js";

/** Walks per run: 10 in CI; a soak sets more (`ZONE_WALKS=300`). */
const WALKS = Number(process.env.ZONE_WALKS ?? 10);
/** Over how long the hand-over's difference is blended (the default recoveryMs). */
const RECOVERY_MS = resolveNetcodeOptions({}).interpolation.recoveryMs;
/** How long after a hand-over frames are checked: past the catch-up (its floor: recoveryMs). */
const CATCH_UP_CHECK_MS = 2 * RECOVERY_MS;
/** Rounding of the drawn position (interpolated quantized positions): not a step back. */
const EPSILON = 1e-6;

/** Random links, zone-to-zone latency and frame loop. */
const LINKS = {
  latencyMs: fc.integer({ min: 0, max: 80 }),
  jitterMs: fc.integer({ min: 0, max: 10 }),
  zoneLatencyMs: fc.integer({ min: 1, max: 80 }),
  frameEveryMs: fc.constantFrom(1, 7, 16, 33),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
};
type Links = { [K in keyof typeof LINKS]: number };

function harnessOptions(l: Links) {
  return {
    link: { reliable: { latencyMs: l.latencyMs, jitterMs: l.jitterMs } },
    zoneLatencyMs: l.zoneLatencyMs,
    frameEveryMs: l.frameEveryMs,
    seed: l.seed,
  };
}

/**
 * Checks `walk`, walked along (dx, dy) at `speed` units/s: every hand-over was made by
 * catching up (a second switch during a hand-over makes one hand-over of the two), and from
 * each switch until the catch-up after its hand-over is over no frame steps back along the
 * walk or further than CATCH_UP times the walk over the frame (+10%: the render clock runs
 * 10% fast to make up a small error, and a link's errors here are small), or the catch-up's
 * floor: the difference at the
 * hand-over (at most one tick's walk: the new view's avatar just came level or past the old
 * one) over recoveryMs.
 */
function expectSmooth(
  walk: DrawnWalk,
  handoffs: number,
  direction: { dx: number; dy: number },
  speed: number,
  tickRate: number,
  frameEveryMs: number,
): void {
  expect(handoffs).toBeGreaterThanOrEqual(1);
  expect(walk.missing).toBe(0);
  expect(walk.handovers.length).toBeGreaterThanOrEqual(1);
  expect(walk.handovers.length).toBeLessThanOrEqual(handoffs);
  for (const ms of walk.handoverMs) expect(ms).toBeLessThan(HANDOVER_MAX_MS);
  const { frames } = walk;
  const frameWalk = (speed * frameEveryMs) / 1000;
  const bound = Math.max(
    CATCH_UP * 1.1 * frameWalk,
    ((speed / tickRate) * frameEveryMs) / RECOVERY_MS,
  );
  let blendUntil = Number.NEGATIVE_INFINITY;
  let checked = 0;
  for (let i = 1; i < frames.length; i++) {
    const f = frames[i]!;
    if (walk.handovers.includes(i)) blendUntil = f.at + CATCH_UP_CHECK_MS;
    // The old view drawn after a switch, the hand-over, then the blend.
    if (f.zone === f.shown && f.at > blendUntil) continue;
    checked++;
    const b = frames[i - 1]!;
    expect(stepAlong(frames, i, direction.dx, direction.dy)).toBeGreaterThanOrEqual(-EPSILON);
    expect(Math.hypot(f.x - b.x, f.y - b.y)).toBeLessThanOrEqual(bound);
  }
  expect(checked).toBeGreaterThan(0);
}

/** Walking directions of the test game that leave zone 0.0 from its lower-right part. */
const DIRECTIONS = [
  { dx: 1, dy: 0 },
  { dx: 0, dy: 1 },
  { dx: 1, dy: 1 },
  { dx: 1, dy: -1 },
  { dx: -1, dy: 1 },
] as const;

/** World game walkers spawning 10–100 units left of the border x = 400, in zone 0.0. */
const WORLD_NAMES: string[] = [];
for (let i = 0; WORLD_NAMES.length < 16; i++) {
  const name = `drawn-${i}`;
  const { x, y } = spawnPoint(walkerTag(name));
  if (x > 300 && x < 390 && y > 60 && y < 340) WORLD_NAMES.push(name);
}

describe("the avatar a walker's client draws across handoffs", () => {
  it("never steps back from the switch until the hand-over is blended out, and never jumps", () => {
    const walk = fc.record({
      x: fc.integer({ min: 55, max: 92 }),
      y: fc.integer({ min: 55, max: 92 }),
      direction: fc.constantFrom(...DIRECTIONS),
      ...LINKS,
    });
    fc.assert(
      fc.property(walk, (w) => {
        const game = walkersGame(new Map([["p0", [w.x, w.y]]]));
        const h = new ZoneHarness(game, {
          ...harnessOptions(w),
          avatarOf: (name) => (world) => avatarByKey(world, pilotKey(name)),
        });
        const p = h.join("p0", "0.0");
        h.step(1000);
        const { dx, dy } = w.direction;
        const drawn = drawnWalk(h, p, { dx, dy }, 3000, w.frameEveryMs);
        // Each axis walked at WALK_SPEED.
        const speed = WALK_SPEED * Math.hypot(dx, dy);
        expectSmooth(drawn, p.world.handoffs, w.direction, speed, TICK_RATE, w.frameEveryMs);
      }),
      { numRuns: WALKS },
    );
  });

  it("with the world game: never steps back, never jumps", () => {
    const walk = fc.record({
      name: fc.constantFrom(...WORLD_NAMES),
      diagonal: fc.boolean(),
      ...LINKS,
    });
    fc.assert(
      fc.property(walk, (w) => {
        const tag = walkerTag(w.name);
        const h = new ZoneHarness(worldGame, {
          ...harnessOptions(w),
          avatarOf: () => (world) => taggedAvatar(world, tag),
        });
        const p = h.join(w.name, "0.0");
        h.step(1000);
        const direction = { dx: 1, dy: w.diagonal ? 1 : 0 };
        const input = { walk: WALK.RIGHT | (w.diagonal ? WALK.DOWN : 0) };
        const drawn = drawnWalk(h, p, input, 3000, w.frameEveryMs, (view, e) => {
          const { pos } = view.store(Avatar);
          return { x: pos.x[e]!, y: pos.y[e]! };
        });
        // Diagonals are normalised: WORLD_SPEED whichever way.
        expectSmooth(
          drawn,
          p.world.handoffs,
          direction,
          WORLD_SPEED,
          WORLD_TICK_RATE,
          w.frameEveryMs,
        );
      }),
      { numRuns: Math.max(1, Math.ceil(WALKS / 2)) },
    );
  });
});
