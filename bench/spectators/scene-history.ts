// The live scene's state at each of its last ticks, so a replay (played as its chunks arrive,
// or seeked into) is checked against the state the room had at the tick it replays, not the
// scene as it is now. A ring of preallocated copies: nothing allocates per tick.
import type { SceneState } from "../harness/verify-mirror.js";
import type { ArenaScene } from "../scenes/arena-scene.js";

/** One tick's copy of the scene. */
interface Copy extends SceneState {
  tick: number;
}

/**
 * Keeps the scene's state of the last `length` ticks.
 *
 * @example
 * const history = new SceneHistory(scene.entityCount, 400);
 * history.keep(room.tick, scene); // after every room.update
 * verifyMirror(history.at(tick), mirror, null, tolerance, worst, `tick ${tick}`);
 */
export class SceneHistory {
  readonly #copies: Copy[];

  constructor(entityCount: number, length: number) {
    this.#copies = Array.from({ length }, () => ({
      tick: -1,
      entityCount,
      x: new Float32Array(entityCount),
      y: new Float32Array(entityCount),
      vx: new Float32Array(entityCount),
      vy: new Float32Array(entityCount),
      angle: new Float32Array(entityCount),
      hp: new Uint8Array(entityCount),
      kind: new Uint8Array(entityCount),
    }));
  }

  /** Copies the scene as the room committed it at `tick`. */
  keep(tick: number, scene: ArenaScene): void {
    const c = this.#copies[tick % this.#copies.length]!;
    c.tick = tick;
    c.x.set(scene.x);
    c.y.set(scene.y);
    c.vx.set(scene.vx);
    c.vy.set(scene.vy);
    c.angle.set(scene.angle);
    c.hp.set(scene.hp);
    c.kind.set(scene.kind);
  }

  /** The state at `tick`; throws when the ring no longer (or never) held it. */
  at(tick: number): SceneState {
    const c = this.#copies[tick % this.#copies.length]!;
    if (c.tick !== tick) throw new Error(`scene history: tick ${tick} is not kept (${c.tick})`);
    return c;
  }
}
