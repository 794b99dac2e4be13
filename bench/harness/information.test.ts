import { describe, expect, it } from "vitest";
import { SCENE_A, SCENE_STEERING_A, type SceneConfig } from "../scenes/scene-config.js";
import { measureInformation } from "./information.js";

const TICKS = { warmupTicks: 5, measuredTicks: 60 };
const small = (config: SceneConfig): SceneConfig => ({ ...config, entityCount: 200 });

describe("measureInformation", () => {
  it("prices a steered velocity near log2 of its kick's codes and a coasting one near 0", () => {
    const coasting = measureInformation(small(SCENE_A), TICKS);
    const steering = measureInformation(small(SCENE_STEERING_A), TICKS);
    // A kick is uniform over ±2 units/s = ±128 codes of 1/64: 8 bits for each of the 80%
    // that move, the 20% at rest nearly free, so a little over 0.8 · 8 = 6.4 bits a symbol.
    expect(steering.bitsPerSymbol.vx).toBeGreaterThan(6.4);
    expect(steering.bitsPerSymbol.vx).toBeLessThan(8);
    // Coasting: only the 0.5% that stop or start (and bounces) change velocity.
    expect(coasting.bitsPerSymbol.vx).toBeLessThan(0.5);
    // Positions dead-reckon within tolerance almost always; the heading derives from v.
    expect(steering.bitsPerSymbol.x).toBeLessThan(0.2);
    expect(steering.bitsPerSymbol.angle).toBeLessThan(0.3);
    expect(steering.entropyBytesPerClientTick).toBeGreaterThan(
      10 * coasting.entropyBytesPerClientTick,
    );
  });

  it("adds up its breakdown, and charges a broadcast scene nothing for entering views", () => {
    const info = measureInformation(small(SCENE_STEERING_A), TICKS);
    const b = info.breakdown;
    expect(b.enterLeave).toBe(0);
    expect(b.position + b.velocity + b.angle + b.hp).toBeCloseTo(info.entropyBytesPerClientTick, 9);
  });

  it("charges an interest scene for entities entering and leaving views", () => {
    const config: SceneConfig = { ...small(SCENE_STEERING_A), clientCount: 8, viewRadius: 300 };
    const info = measureInformation({ ...config, entityCount: 1000 }, TICKS);
    expect(info.breakdown.enterLeave).toBeGreaterThan(0);
  });
});
