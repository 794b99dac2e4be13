import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { settledAllocation } from "../harness/heap-meter-steady.js";
import { ArenaScene } from "./arena-scene.js";
import {
  SCENE_A,
  SCENE_B,
  SCENE_STEERING_A,
  SCENE_STEERING_B,
  type SceneConfig,
} from "./scene-config.js";

function sceneOf(config: SceneConfig): ArenaScene {
  return new ArenaScene({
    entityCount: config.entityCount,
    clientCount: config.viewRadius === null ? 0 : config.clientCount,
    motion: config.motion,
  });
}

/** SHA-256 (first 16 hex digits) of every array the scene exposes, after each of 400 steps. */
function fingerprint(scene: ArenaScene): string {
  const hash = createHash("sha256");
  const add = (a: ArrayBufferView) =>
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  add(scene.clientX);
  add(scene.clientY);
  for (let t = 0; t < 400; t++) {
    scene.step();
    for (const a of [scene.x, scene.y, scene.vx, scene.vy, scene.angle, scene.hp, scene.kind])
      add(a);
    add(scene.movers);
    add(scene.resting);
    add(scene.velocityChanged.subarray(0, scene.velocityChangedCount));
    add(scene.hpChanged.subarray(0, scene.hpChangedCount));
  }
  return hash.digest("hex").slice(0, 16);
}

describe("ArenaScene's steady state", () => {
  // Pinned from the scene before its draws were made allocation-free (mulberry32's closure,
  // atan2 in #launch): every system of the replication bench still runs the same scene.
  it.each([
    [SCENE_A, "4879ba3186e44c74"],
    [SCENE_B, "3d2b55dc177b7260"],
    [SCENE_STEERING_A, "fec20be1486c002e"],
    [SCENE_STEERING_B, "28140a61b6d40857"],
  ])("draws the same values in scene $name as it always has", (config, expected) => {
    expect(fingerprint(sceneOf(config))).toBe(expected);
  });

  // Each bench run builds a fresh scene for each system, so the second scene is metered:
  // code specialised on the first one's objects must not deoptimize and box again.
  it.each([SCENE_A, SCENE_B, SCENE_STEERING_A, SCENE_STEERING_B])(
    "steps scene $name without allocating, once V8 has optimized it",
    async (config) => {
      const first = sceneOf(config);
      await settledAllocation(() => first.step());
      const second = sceneOf(config);
      const meter = await settledAllocation(() => second.step());
      expect(meter.allocating).toBeLessThanOrEqual(2);
    },
  );
});
