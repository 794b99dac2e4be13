import { describe, expect, it } from "vitest";
import {
  avatarByKey,
  Body,
  pilotKey,
  WALK_SPEED,
  walkersGame,
} from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";

describe("what a walker's client renders across a handoff", () => {
  it("moves the avatar on smoothly through the switch (no pop) and reports the handoff time", () => {
    const game = walkersGame(new Map([["p0", [80, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 40, jitterMs: 5 } },
      zoneLatencyMs: 10,
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(1000);
    p.world.setInput({ dx: 1, dy: 0 });
    let last: number | undefined;
    let maxStep = 0;
    let switchStep = 0;
    for (let ms = 0; ms < 2500; ms++) {
      const zone = p.world.zone;
      h.step(1);
      const e = p.world.avatar;
      const view = p.world.view;
      if (e < 0 || !view) continue;
      const x = view.store(Body).pos.x[e]!;
      if (last !== undefined) {
        const step = Math.abs(x - last);
        if (p.world.zone !== zone) switchStep = step;
        else maxStep = Math.max(maxStep, step);
      }
      last = x;
    }
    expect(p.world.zone).toBe("1.0");
    expect(p.world.handoffs).toBe(1);
    // Between snapshots the view moves a few hundredths of a unit a ms (30 units/s, smoothed).
    // The frame of the switch draws from the new zone's view, which held the avatar as a
    // ghost and then as its own: the two zones' views of it differ by at most one snapshot,
    // so the switch steps at most one tick's walk (30 units/s ÷ 30 Hz = 1 unit). Measured:
    // 0.99. Without the ghost, the new view would start from nothing (a despawn and a spawn).
    expect(maxStep).toBeLessThan(0.1);
    expect(switchStep).toBeLessThanOrEqual(WALK_SPEED / 30);
    // Commit to adoption: the zone-to-zone latency (10 ms) and up to one tick (33 ms).
    expect(h.handoffMs).toHaveLength(1);
    expect(h.handoffMs[0]!).toBeGreaterThanOrEqual(10);
    expect(h.handoffMs[0]!).toBeLessThanOrEqual(10 + 34 + 10);
    process.stdout.write(
      `handoff ${h.handoffMs[0]} ms; switch frame moved ${switchStep.toFixed(3)}, largest frame step ${maxStep.toFixed(3)}\n`,
    );
  });

  // Known bug, pinned (docs/zones.md, "Costs and limits"): at the switch the new zone's view
  // still holds the avatar as its ghost, which lags the old zone's view by the ghost batch
  // interval and the zone-to-zone latency, so the switch frame steps BACK (-0.99 units at
  // 10 ms between zones, the case above, which asserts only the size; -3.9 at 80 ms; ~-20
  // to -36 at the world game's 150 units/s on wrangler dev), and the adoption reaching the
  // new view later steps forward again. It flips to passing once the switch draws the avatar
  // on without stepping back.
  it.fails("steps the avatar forward at the switch, by at most one tick's walk (known to fail)", () => {
    const game = walkersGame(new Map([["p0", [80, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 40, jitterMs: 5 } },
      zoneLatencyMs: 80,
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(1000);
    p.world.setInput({ dx: 1, dy: 0 });
    let last: number | undefined;
    let switchStep = Number.NaN;
    for (let ms = 0; ms < 2500; ms++) {
      const zone = p.world.zone;
      h.step(1);
      const e = p.world.avatar;
      const view = p.world.view;
      if (e < 0 || !view) continue;
      const x = view.store(Body).pos.x[e]!;
      if (last !== undefined && p.world.zone !== zone) switchStep = x - last;
      last = x;
    }
    expect(p.world.handoffs).toBe(1);
    expect(switchStep).toBeGreaterThanOrEqual(0);
    expect(switchStep).toBeLessThanOrEqual(WALK_SPEED / 30);
  });
});
