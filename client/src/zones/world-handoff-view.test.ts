import { describe, expect, it } from "vitest";
import { drawnWalk, stepAlong } from "../../../test/support/zones/drawn-walk.js";
import {
  avatarByKey,
  Body,
  pilotKey,
  TICK_RATE,
  WALK_SPEED,
  walkersGame,
} from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";
import { HANDOVER_MAX_MS } from "./handover-view.js";

/** A walker from (80, 50) walking right across x = 100 into zone 1.0, frames every ms. */
function crossing(zoneLatencyMs: number) {
  const game = walkersGame(new Map([["p0", [80, 50]]]));
  const h = new ZoneHarness(game, {
    link: { reliable: { latencyMs: 40, jitterMs: 5 } },
    zoneLatencyMs,
    avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
  });
  const p = h.join("p0", "0.0");
  h.step(1000);
  const walk = drawnWalk(h, p, { dx: 1, dy: 0 }, 2500);
  const steps = walk.frames.slice(1).map((_, i) => stepAlong(walk.frames, i + 1, 1, 0));
  return { h, p, walk, steps };
}

describe("what a walker's client renders across a handoff", () => {
  it("moves the avatar on smoothly through the switch (no pop) and reports the handoff time", () => {
    const { h, p, walk, steps } = crossing(10);
    expect(p.world.zone).toBe("1.0");
    expect(p.world.handoffs).toBe(1);
    expect(walk.missing).toBe(0);
    // The old zone's view stays drawn after the switch until the new one caught up with the
    // avatar: one hand-over, within the zone-to-zone call, a tick, and the interpolation delay.
    expect(walk.handovers).toHaveLength(1);
    const at = walk.handovers[0]!;
    expect(walk.frames[at - 1]!.shown).toBe("0.0");
    expect(walk.frames[at]!.shown).toBe("1.0");
    expect(walk.handoverMs[0]!).toBeLessThan(HANDOVER_MAX_MS);
    // Every frame, the switch and the hand-over included, moves the avatar a few hundredths
    // of a unit forward (30 units/s, 1 ms frames: 0.03; after the hand-over up to CATCH_UP
    // = 1.5 times that while the drawn avatar catches up with the new view), never back.
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...steps)).toBeLessThan(0.1);
    // Commit to adoption: the zone-to-zone latency (10 ms) and up to one tick (33 ms).
    expect(h.handoffMs).toHaveLength(1);
    expect(h.handoffMs[0]!).toBeGreaterThanOrEqual(10);
    expect(h.handoffMs[0]!).toBeLessThanOrEqual(10 + 34 + 10);
    process.stdout.write(
      `handoff ${h.handoffMs[0]} ms; hand-over ${walk.handoverMs[0]} ms after the switch, step ${steps[at - 1]!.toFixed(3)}; frame steps ${Math.min(...steps).toFixed(3)}..${Math.max(...steps).toFixed(3)}\n`,
    );
  });

  // Drawing the next zone's view at the switch stepped the avatar back here by 3.9 units (at
  // 80 ms between zones its ghost of the avatar lags the old view by the ghost interval and
  // the call), then forward again when the adoption reached that view.
  it("steps the avatar forward at the switch and at the hand-over, by at most one tick's walk, at 80 ms between zones", () => {
    const { p, walk, steps } = crossing(80);
    expect(p.world.handoffs).toBe(1);
    expect(walk.missing).toBe(0);
    expect(walk.handovers).toHaveLength(1);
    const switchAt = walk.frames.findIndex((f) => f.zone === "1.0");
    const handover = walk.handovers[0]!;
    for (const i of [switchAt, handover]) {
      expect(steps[i - 1]!).toBeGreaterThanOrEqual(0);
      expect(steps[i - 1]!).toBeLessThanOrEqual(WALK_SPEED / TICK_RATE);
    }
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...steps)).toBeLessThan(0.1);
  });

  // The player turns down as the commit leaves: the old view's avatar, extrapolated on to
  // the right, stands ahead of anything the new view will show along that line, so waiting
  // for the new view to come level would hold the old view up to HANDOVER_MAX_MS.
  it("hands the drawn view over once the new view shows the avatar walking another way", () => {
    const game = walkersGame(new Map([["p0", [80, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 40, jitterMs: 5 } },
      zoneLatencyMs: 10,
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(1000);
    p.world.setInput({ dx: 1, dy: 0 });
    // Down from when 0.0 has the avatar 2 ticks short of the commit line (100 + the 3-unit
    // margin): the right inputs in flight (40 ms) still carry it over the line.
    const zone = h.zones.get("0.0")!.core.room.world;
    const x = () => zone.store(Body).pos.x[avatarByKey(zone, pilotKey("p0"))] ?? 0;
    for (let ms = 0; ms < 3000 && x() < 101; ms++) h.step(1);
    const walk = drawnWalk(h, p, { dx: 0, dy: 1 }, 1500);
    expect(p.world.handoffs).toBe(1);
    expect(walk.missing).toBe(0);
    expect(walk.handovers).toHaveLength(1);
    // The new view shows the turn a zone call, a tick and its interpolation delay after the
    // commit: well before the 1 s the hand-over would otherwise wait.
    expect(walk.handoverMs[0]!).toBeLessThan(HANDOVER_MAX_MS / 2);
    // No frame jumps: at most 1.5 times a frame's walk (1 ms frames, 30 units/s) while the
    // drawn avatar catches up, or the catch-up's floor (the difference over recoveryMs).
    const { frames } = walk;
    for (let i = 1; i < frames.length; i++) {
      const f = frames[i]!;
      const b = frames[i - 1]!;
      expect(Math.hypot(f.x - b.x, f.y - b.y)).toBeLessThan(0.1);
    }
    process.stdout.write(`turned: hand-over ${walk.handoverMs[0]} ms after the switch\n`);
  });
});
