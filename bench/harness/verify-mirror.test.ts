// The verifier fails a wrong mirror, naming the entity and field, and allocates nothing when it
// passes: it runs between the measured ticks of every system, and garbage it left would be
// collected inside them (a closure per entity made scene A's encode read ~2.5× its time).
import { describe, expect, it } from "vitest";
import type { ClientMirror, EntitySample, Tolerance } from "../systems/system.js";
import { allocatedPerCall } from "./heap-meter.js";
import {
  noErrors,
  ReplicationMismatchError,
  type SceneState,
  verifyMirror,
} from "./verify-mirror.js";

const TOLERANCE: Tolerance = { position: 0.02, velocity: 0.01, angle: 0.01 };

/** A scene of `n` entities with distinct values in every field. */
function sceneOf(n: number): SceneState {
  const column = (f: (e: number) => number) => Float64Array.from({ length: n }, (_, e) => f(e));
  return {
    entityCount: n,
    x: column((e) => 10 + e),
    y: column((e) => 20 + 2 * e),
    vx: column((e) => e % 7),
    vy: column((e) => -(e % 5)),
    angle: column((e) => ((e % 6) - 3) * 1.04),
    hp: Uint8Array.from({ length: n }, (_, e) => e % 256),
    kind: Uint8Array.from({ length: n }, (_, e) => e % 4),
  } as unknown as SceneState;
}

/** A mirror holding a copy of `scene` (or of the ids in `held`), with offsets to make it wrong. */
class CopyMirror implements ClientMirror {
  readonly offset: EntitySample = { x: 0, y: 0, vx: 0, vy: 0, angle: 0, hp: 0, kind: 0 };
  offsetId = -1;
  missingId = -1;
  constructor(
    readonly scene: SceneState,
    readonly held: number,
  ) {}
  size(): number {
    return this.held;
  }
  read(id: number, out: EntitySample): boolean {
    if (id === this.missingId) return false;
    const s = this.scene;
    const o = id === this.offsetId;
    out.x = s.x[id]! + (o ? this.offset.x : 0);
    out.y = s.y[id]! + (o ? this.offset.y : 0);
    out.vx = s.vx[id]! + (o ? this.offset.vx : 0);
    out.vy = s.vy[id]! + (o ? this.offset.vy : 0);
    out.angle = s.angle[id]! + (o ? this.offset.angle : 0);
    out.hp = s.hp[id]! + (o ? this.offset.hp : 0);
    out.kind = s.kind[id]! + (o ? this.offset.kind : 0);
    return true;
  }
}

describe("verifyMirror", () => {
  it("passes an exact mirror and keeps the largest error per field group", () => {
    const scene = sceneOf(50);
    const mirror = new CopyMirror(scene, 50);
    mirror.offsetId = 7;
    mirror.offset.y = -0.015;
    mirror.offset.vx = 0.004;
    const worst = noErrors();
    verifyMirror(scene, mirror, null, TOLERANCE, worst, "exact");
    expect(worst.position).toBeCloseTo(0.015, 12);
    expect(worst.velocity).toBeCloseTo(0.004, 12);
    expect(worst.angle).toBe(0);
    // Kept across calls: a smaller error does not lower it.
    mirror.offset.y = 0.001;
    verifyMirror(scene, mirror, null, TOLERANCE, worst, "again");
    expect(worst.position).toBeCloseTo(0.015, 12);
  });

  it("fails a mirror off in any field, naming the entity and the field", () => {
    const scene = sceneOf(20);
    const fields: [keyof EntitySample, number][] = [
      ["x", 0.03],
      ["y", -0.03],
      ["vx", 0.02],
      ["vy", 0.02],
      ["angle", 0.05],
      ["hp", 1],
      ["kind", 1],
    ];
    for (const [field, off] of fields) {
      const mirror = new CopyMirror(scene, 20);
      mirror.offsetId = 11;
      mirror.offset[field] = off;
      expect(() => verifyMirror(scene, mirror, null, TOLERANCE, noErrors(), "run")).toThrow(
        new RegExp(`^run: entity 11 ${field} = `),
      );
    }
  });

  it("fails a mirror holding the wrong count or missing an entity it should hold", () => {
    const scene = sceneOf(20);
    const short = new CopyMirror(scene, 19);
    expect(() => verifyMirror(scene, short, null, TOLERANCE, noErrors(), "r")).toThrow(
      ReplicationMismatchError,
    );
    const missing = new CopyMirror(scene, 3);
    missing.missingId = 9;
    expect(() => verifyMirror(scene, missing, [2, 9, 15], TOLERANCE, noErrors(), "r")).toThrow(
      "r: entity 9 is missing",
    );
  });

  it("allocates nothing per check of a 500-entity mirror", () => {
    const scene = sceneOf(500);
    const mirror = new CopyMirror(scene, 500);
    const worst = noErrors();
    const check = () => verifyMirror(scene, mirror, null, TOLERANCE, worst, "heap");
    for (let i = 0; i < 2000; i++) check();
    // Before: a closure per entity, ~32 KB a check.
    expect(allocatedPerCall(check, 200).bytesPerCall).toBeLessThan(2);
  });
});
