// The check that makes a number count: a client's decoded world must hold exactly the
// entities it should see, each within the system's stated tolerance of the scene. A miss
// throws and stops the bench.
import type { ArenaScene } from "../scenes/arena-scene.js";
import type { ClientMirror, EntitySample, Tolerance } from "../systems/system.js";

/** Raised when a decoded world does not reproduce the server's. */
export class ReplicationMismatchError extends Error {
  override name = "ReplicationMismatchError";
}

/** Largest absolute errors seen so far, per field group. */
export interface WorstErrors {
  position: number;
  velocity: number;
  angle: number;
}

/** A fresh {@link WorstErrors} at zero. */
export function noErrors(): WorstErrors {
  return { position: 0, velocity: 0, angle: 0 };
}

/**
 * The scene's values the verifier reads: the live {@link ArenaScene} or a copy of one tick
 * of it (a replay is checked against the tick it replays).
 */
export type SceneState = Pick<
  ArenaScene,
  "entityCount" | "x" | "y" | "vx" | "vy" | "angle" | "hp" | "kind"
>;

const sample: EntitySample = { x: 0, y: 0, angle: 0, vx: 0, vy: 0, hp: 0, kind: 0 };

/**
 * Checks one client's mirror against the scene: same entity set (`visible`, or all N when
 * null), every field within `tolerance` (hp and kind exact). Updates `worst`; throws a
 * {@link ReplicationMismatchError} naming `where`, the entity and the field otherwise.
 * A NaN or missing value fails, since `!(error <= tolerance)` holds for it.
 */
export function verifyMirror(
  scene: SceneState,
  mirror: ClientMirror,
  visible: ArrayLike<number> | null,
  tolerance: Tolerance,
  worst: WorstErrors,
  where: string,
): void {
  const expected = visible === null ? scene.entityCount : visible.length;
  const size = mirror.size();
  if (size !== expected) {
    throw new ReplicationMismatchError(`${where}: holds ${size} entities, should hold ${expected}`);
  }
  // Allocation-free (no closure per entity, worst errors kept in locals): the check runs
  // between measured ticks, and garbage it left would be collected inside them.
  let position = worst.position;
  let velocity = worst.velocity;
  let angle = worst.angle;
  for (let k = 0; k < expected; k++) {
    const id = visible === null ? k : visible[k]!;
    if (!mirror.read(id, sample)) {
      throw new ReplicationMismatchError(`${where}: entity ${id} is missing`);
    }
    const ex = Math.abs(sample.x - scene.x[id]!);
    const ey = Math.abs(sample.y - scene.y[id]!);
    if (!(ex <= tolerance.position)) throw mismatch(where, id, "x", sample.x, scene.x[id]!);
    if (!(ey <= tolerance.position)) throw mismatch(where, id, "y", sample.y, scene.y[id]!);
    const evx = Math.abs(sample.vx - scene.vx[id]!);
    const evy = Math.abs(sample.vy - scene.vy[id]!);
    if (!(evx <= tolerance.velocity)) throw mismatch(where, id, "vx", sample.vx, scene.vx[id]!);
    if (!(evy <= tolerance.velocity)) throw mismatch(where, id, "vy", sample.vy, scene.vy[id]!);
    const ea = angleError(sample.angle, scene.angle[id]!);
    if (!(ea <= tolerance.angle))
      throw mismatch(where, id, "angle", sample.angle, scene.angle[id]!);
    if (sample.hp !== scene.hp[id]) throw mismatch(where, id, "hp", sample.hp, scene.hp[id]!);
    if (sample.kind !== scene.kind[id])
      throw mismatch(where, id, "kind", sample.kind, scene.kind[id]!);
    if (ex > position) position = ex;
    if (ey > position) position = ey;
    if (evx > velocity) velocity = evx;
    if (evy > velocity) velocity = evy;
    if (ea > angle) angle = ea;
  }
  worst.position = position;
  worst.velocity = velocity;
  worst.angle = angle;
}

/** The error a failed check throws. */
function mismatch(
  where: string,
  id: number,
  field: string,
  got: number,
  want: number,
): ReplicationMismatchError {
  return new ReplicationMismatchError(
    `${where}: entity ${id} ${field} = ${got}, server has ${want}`,
  );
}

/** Distance between two angles on the circle, so −π and π (the same heading) differ by 0. */
function angleError(got: number, want: number): number {
  const d = Math.abs(got - want) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}
