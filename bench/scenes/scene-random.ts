// The scene's seeded generator: mulberry32 (shared/random) drawing the very same numbers,
// shaped so that a draw allocates nothing in whatever tier V8 runs the scene's code.
//
// Why not the shared closure: a float returned from a call V8 did not inline is boxed on the
// heap, and the scene's per-tick code (a few calls a tick) runs in Maglev, which inlines
// little, so every draw cost a heap number (~650 B a tick in scene A). Each `mulberry32()`
// call also makes a new function, so optimized code specialised on one scene's closure
// deoptimized ("wrong call target") when a bench run built its next scene. Here the state is
// a typed array, a draw is written to a typed array, and the methods return nothing or a
// small integer, which V8 never boxes.

/** mulberry32's output as a float in [0, 1), written to `out[i]`; advances `state[0]`. */
function draw(state: Int32Array, out: Float64Array, i: number): void {
  const a = (state[0]! + 0x6d2b79f5) | 0;
  state[0] = a;
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The most draws one {@link SceneRandom.fill} writes. */
const MAX_FILL = 2;

/**
 * A seeded generator: mulberry32's sequence of uniform floats in [0, 1) for the same seed,
 * whichever of {@link next}, {@link below} and {@link fill} takes each draw.
 *
 * @example
 * const random = new SceneRandom(12345);
 * const id = random.below(500); // Math.floor(draw * 500)
 * random.fill(2);
 * const speed = 30 + random.draws[0]! * 90;
 */
export class SceneRandom {
  /** The draws of the last {@link fill}, in order (and scratch for the other methods). */
  readonly draws = new Float64Array(MAX_FILL);
  /** mulberry32's state, an int32. */
  readonly #state = new Int32Array(1);

  constructor(seed: number) {
    this.#state[0] = seed | 0;
  }

  /** The next draw. Returns a float, so meant for set-up code, not a tick. */
  next(): number {
    draw(this.#state, this.draws, 0);
    return this.draws[0]!;
  }

  /** An integer uniform in [0, n): `Math.floor(draw * n)`, the same number. */
  below(n: number): number {
    draw(this.#state, this.draws, 0);
    return Math.floor(this.draws[0]! * n);
  }

  /** Writes the next `count` (≤ 2) draws to {@link draws}[0 … count). */
  fill(count: number): void {
    for (let i = 0; i < count; i++) draw(this.#state, this.draws, i);
  }
}
