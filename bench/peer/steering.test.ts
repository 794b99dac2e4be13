// The steering script: seeded, contiguous, idle → thrust → turn in turn, 300–700 ms phases.
import { describe, expect, it } from "vitest";
import { ARENA_BUTTON } from "../../games/arena/index.js";
import { PHASE_MS, steeringScript } from "./steering.js";

describe("steeringScript", () => {
  it("fills the duration with contiguous whole phases of 300–700 ms from 0", () => {
    const phases = steeringScript(7, 30_000);
    expect(phases[0]!.startMs).toBe(0);
    // The next phase would not have fitted: less than the longest phase is left.
    expect(phases.at(-1)!.endMs).toBeLessThanOrEqual(30_000);
    expect(phases.at(-1)!.endMs).toBeGreaterThan(30_000 - PHASE_MS.max);
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.startMs).toBe(phases[i - 1]!.endMs);
    for (const p of phases) {
      expect(p.endMs - p.startMs).toBeGreaterThanOrEqual(PHASE_MS.min);
      expect(p.endMs - p.startMs).toBeLessThanOrEqual(PHASE_MS.max);
    }
  });

  it("cycles idle, thrust, then a turn left or right", () => {
    const phases = steeringScript(7, 30_000);
    const turns = [ARENA_BUTTON.LEFT, ARENA_BUTTON.RIGHT] as number[];
    phases.forEach((p, i) => {
      if (i % 3 === 0) expect(p.buttons).toBe(0);
      else if (i % 3 === 1) expect(p.buttons).toBe(ARENA_BUTTON.THRUST);
      else expect(turns).toContain(p.buttons);
    });
    // Both turns occur over 30 s.
    expect(new Set(phases.filter((_, i) => i % 3 === 2).map((p) => p.buttons)).size).toBe(2);
  });

  it("replays a seed exactly, and another seed differs", () => {
    expect(steeringScript(7, 10_000)).toEqual(steeringScript(7, 10_000));
    expect(steeringScript(8, 10_000)).not.toEqual(steeringScript(7, 10_000));
  });
});
