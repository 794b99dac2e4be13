import { describe, expect, it } from "vitest";
import type { SceneConfig } from "../scenes/scene-config.js";
import { colyseusSystem } from "../systems/colyseus.js";
import { EdgetickSystem } from "../systems/edgetick.js";
import type { ReplicationSystem, SystemFactory } from "../systems/system.js";
import { runSystem } from "./run-system.js";
import { ReplicationMismatchError } from "./verify-mirror.js";

// Small versions of scenes A and B: the same code paths, in milliseconds.
const SMALL_A: SceneConfig = {
  name: "A",
  title: "small broadcast",
  motion: "coasting",
  entityCount: 60,
  clientCount: 3,
  viewRadius: null,
};
const SMALL_B: SceneConfig = {
  name: "B",
  title: "small interest",
  motion: "coasting",
  entityCount: 200,
  clientCount: 4,
  viewRadius: 300,
};
// The same with every mover steered every tick.
const SMALL_STEERING_A: SceneConfig = { ...SMALL_A, name: "steeringA", motion: "steering" };
const SMALL_STEERING_B: SceneConfig = { ...SMALL_B, name: "steeringB", motion: "steering" };
const TICKS = {
  warmupTicks: 2,
  measuredTicks: 20,
  heap: { maxWarmupTicks: 200, meteredTicks: 20 },
};

/** Wraps a system so that client 1 misses every update after the fifth tick. */
function droppingUpdates(factory: SystemFactory): SystemFactory {
  return () => {
    const system = factory();
    let ticks = 0;
    return {
      id: system.id,
      label: system.label,
      tolerance: system.tolerance,
      start: (scene, visibility) => system.start(scene, visibility),
      tick: (scene, visibility) => {
        ticks++;
        return system.tick(scene, visibility);
      },
      receivedBytes: (c) => system.receivedBytes(c),
      decode: (c) => {
        if (c !== 1 || ticks <= 5) system.decode(c);
      },
      mirror: (c) => system.mirror(c),
      lateJoin: (c) => system.lateJoin(c),
      describe: () => system.describe(),
    } satisfies ReplicationSystem;
  };
}

describe("runSystem", () => {
  const systems: [string, SystemFactory][] = [
    ["Colyseus float32", colyseusSystem("float32")],
    ["Colyseus quantized", colyseusSystem("quantized")],
    ["Colyseus fair", colyseusSystem("fair")],
    ["edgetick", () => new EdgetickSystem()],
  ];
  for (const [name, factory] of systems) {
    for (const scene of [SMALL_A, SMALL_B, SMALL_STEERING_A, SMALL_STEERING_B]) {
      it(`verifies ${name} on every client every tick (scene ${scene.name})`, () => {
        const run = runSystem(scene, factory, TICKS);
        // 22 ticks (the first one covering the join) for every client, plus the late joiners,
        // plus (edgetick, allocation-free) every client after the steady-state heap phase.
        const joiners = scene.viewRadius === null ? 1 : scene.clientCount;
        const steady = name === "edgetick";
        const afterHeapPhase = steady ? scene.clientCount : 0;
        expect(run.verifiedStates).toBe(22 * scene.clientCount + joiners + afterHeapPhase);
        if (steady) {
          // Warm-up in whole batches of 100 ticks, then 20 ticks metered as a whole (an
          // allocation-free room: a figure, not NaN) and 20 metered tick by tick with their decodes.
          expect(run.heap.warmupTicks! % 100).toBe(0);
          expect(run.heap.whole).toBeGreaterThanOrEqual(0);
          expect(run.heap.tick.stretches + run.heap.tick.skipped).toBe(20);
          expect(run.heap.decode.stretches + run.heap.decode.skipped).toBe(20 * scene.clientCount);
        } else {
          expect(run.heap.warmupTicks).toBeNull();
          expect(run.heap.whole).toBeNull();
        }
        expect(run.updates).toBe(20 * scene.clientCount);
        expect(run.totalBytes).toBeGreaterThan(0);
        expect(run.joinBytes).toHaveLength(joiners);
      });
    }
  }

  it("reports float32 positions exactly and quantized ones within half a step", () => {
    expect(runSystem(SMALL_A, colyseusSystem("float32"), TICKS).worst.position).toBe(0);
    const quantized = runSystem(SMALL_A, colyseusSystem("quantized"), TICKS).worst.position;
    expect(quantized).toBeGreaterThan(0);
    expect(quantized).toBeLessThanOrEqual(2000 / 65535 / 2);
  });

  it("fails loudly when a client's decoded world stops matching the server", () => {
    for (const [, factory] of systems) {
      for (const scene of [SMALL_A, SMALL_B]) {
        expect(() => runSystem(scene, droppingUpdates(factory), TICKS)).toThrow(
          ReplicationMismatchError,
        );
      }
    }
  });
});
