// A walker's own avatar predicted across handoffs: the world game with prediction on, over
// random links, zone-to-zone latencies and frame loops. The switch hands the drawing over
// from the old zone's prediction to the new zone's, which predicts from the same world
// inputs (the next link carried them): reconciliation there finds no error, and no frame
// moves the avatar further than its walk over the frame plus a tick's.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Avatar,
  spawnPoint,
  taggedAvatar,
  WALK,
  WALK_SPEED,
  WORLD_TICK_RATE,
  walkerTag,
  worldGame,
} from "../../../games/world/index.js";
import { drawnWalk, stepAlong } from "../../../test/support/zones/drawn-walk.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";

/** Walks per run: 8 in CI; a soak sets more (`ZONE_WALKS=300`). */
const WALKS = Number(process.env.ZONE_WALKS ?? 8);
/** The input tick's largest dilation (netcode-options.ts default `sync.maxDilation`). */
const MAX_DILATION = 0.1;
/** Rounding of drawn positions (quantized to 1/16, blended): not a step back. */
const EPSILON = 1e-6;

/** World game walkers spawning 10–100 units left of the border x = 400, in zone 0.0. */
const NAMES: string[] = [];
for (let i = 0; NAMES.length < 16; i++) {
  const name = `predicted-${i}`;
  const { x, y } = spawnPoint(walkerTag(name));
  if (x > 300 && x < 390 && y > 60 && y < 340) NAMES.push(name);
}

/** Random links, zone-to-zone latency, frame loop and walk. */
const WALK_CASE = fc.record({
  name: fc.constantFrom(...NAMES),
  diagonal: fc.boolean(),
  latencyMs: fc.integer({ min: 0, max: 80 }),
  jitterMs: fc.integer({ min: 0, max: 10 }),
  zoneLatencyMs: fc.integer({ min: 1, max: 80 }),
  frameEveryMs: fc.constantFrom(1, 7, 16, 33),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});
type WalkCase = typeof WALK_CASE extends fc.Arbitrary<infer T> ? T : never;

/**
 * Walks `w` 3 s across the border x = 400 (and on) with prediction on: the largest step back
 * along the walk and the largest frame step drawn, their bound, and the current link's
 * prediction counters at the end (its predictor tracked the avatar from the adoption on).
 */
function walkPredicted(w: WalkCase) {
  const tag = walkerTag(w.name);
  const h = new ZoneHarness(worldGame, {
    link: { reliable: { latencyMs: w.latencyMs, jitterMs: w.jitterMs } },
    zoneLatencyMs: w.zoneLatencyMs,
    frameEveryMs: w.frameEveryMs,
    seed: w.seed,
    prediction: true,
    avatarOf: () => (world) => taggedAvatar(world, tag),
  });
  const p = h.join(w.name, "0.0");
  h.step(1000);
  const dy = w.diagonal ? 1 : 0;
  const input = { walk: WALK.RIGHT | (w.diagonal ? WALK.DOWN : 0) };
  const drawn = drawnWalk(h, p, input, 3000, w.frameEveryMs, (view, e) => {
    const { pos } = view.store(Avatar);
    return { x: pos.x[e]!, y: pos.y[e]! };
  });
  const { frames } = drawn;
  let back = 0;
  let jump = 0;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!;
    const b = frames[i]!;
    back = Math.max(back, -stepAlong(frames, i, 1, dy));
    jump = Math.max(jump, Math.hypot(b.x - a.x, b.y - a.y));
  }
  // The walk over a frame at the fastest the input tick runs (dilated up to 10% short while
  // the client catches up with the zone's input timing), plus one tick's walk (a prediction
  // steps a tick at a time).
  const bound =
    (WALK_SPEED * w.frameEveryMs) / 1000 / (1 - MAX_DILATION) +
    WALK_SPEED / WORLD_TICK_RATE +
    EPSILON;
  return {
    handoffs: p.world.handoffs,
    missing: drawn.missing,
    back,
    jump,
    bound,
    counters: p.world.net!.predictor!.counters,
  };
}

describe("the predicted avatar a walker's client draws across handoffs", () => {
  // The next zone's link carried the same world inputs before the switch, so the predictor
  // that takes the avatar over at the adoption (WorldClient's #trackAvatar: one resync)
  // finds the zone's state where it predicted it, input after input.
  it("is predicted in the new zone with no correction, and never jumps", () => {
    fc.assert(
      fc.property(WALK_CASE, (w) => {
        const r = walkPredicted(w);
        expect(r.handoffs).toBeGreaterThanOrEqual(1);
        expect(r.missing).toBe(0);
        expect(r.counters.resyncs).toBeLessThanOrEqual(1);
        expect(r.counters.mispredictions).toBe(0);
        expect(r.counters.maxCorrection).toBe(0);
        expect(r.jump).toBeLessThanOrEqual(r.bound);
      }),
      { numRuns: WALKS },
    );
  });

  // Found by the walks above (4 in 30): the switch sends the new link the world inputs it
  // had not carried yet as room inputs of its own (WorldInputs.resend), which its predictor
  // never recorded; the replay after the adoption stepped that slot with a stale input, and
  // the next acknowledgement corrected the avatar by a tick's walk (7.5 units).
  it("replays the inputs the switch sent again with the inputs they carried", () => {
    const r = walkPredicted({
      name: "predicted-252",
      diagonal: false,
      latencyMs: 40,
      jitterMs: 1,
      zoneLatencyMs: 1,
      frameEveryMs: 1,
      seed: 1,
    });
    expect(r.counters.resyncs).toBe(1);
    expect(r.counters.mispredictions).toBe(0);
  });

  // Each link's input ticks run on their own phase, so the new view's predicted avatar trails
  // (or leads) the old view's by up to a tick's walk. Trailing, it never came level: the old
  // view was drawn for HANDOVER_MAX_MS and the forced hand-over's catch-up stepped back by
  // that offset (0.2–7.7 units in 22 of 30 walks). The hand-over now counts a predicted
  // avatar up to 1.25 ticks' walk behind as level and holds the drawn one until it passes
  // (handover-view.ts). The same walks found a step back within one link: a dilation change
  // moved the input tick's progress (fixed-ticker.ts).
  it("never steps back along its walk across the switch", () => {
    fc.assert(
      fc.property(WALK_CASE, (w) => {
        expect(walkPredicted(w).back).toBeLessThanOrEqual(EPSILON);
      }),
      { numRuns: 8, seed: 20261207 },
    );
  });
});
