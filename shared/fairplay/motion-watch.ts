// Watches one avatar's path against the game's top speed. A one-tick move longer than the
// teleport distance is a teleport; otherwise the straight-line distance over the last
// `windowTicks` ticks is compared with what the top speed covers in that time. A window, not a
// single tick: a game that moves avatars from client-authored positions applies them as they
// arrive, and a move held back by a stalled link lands with the next one — over the window
// the path is no longer than the speed allows, though one tick's step is. And a window counted
// in the player's inputs where those outrun the ticks: a queue that overflowed after a stall
// dropped inputs, and the next one applied carries the moves of those dropped with it (a
// client that sends more inputs than ticks is the input-rate detector's). The straight line is
// never longer than the path, so an honest avatar never crosses it.

import type { Evidence } from "./fair-play-evidence.js";
import type { MotionRules, MotionSample } from "./fair-play-rules.js";

/**
 * The sample the game's `motion.sample` writes each player into. A class, not an object
 * literal: a literal shares its hidden class with every literal of the same keys, and V8 may
 * then hold its fields as generic values, where each double written is a fresh heap number.
 * Measured in the arena room (8 players, optimized): 32 B per player per tick as a literal,
 * nothing as a class.
 */
export class MotionSampleSlot implements MotionSample {
  x = 0;
  y = 0;
  epoch = 0;
}

/** One avatar's recent positions. */
export class MotionWatch {
  readonly #rules: Required<Omit<MotionRules, "sample">>;
  readonly #dt: number;
  readonly #xs: Float64Array;
  readonly #ys: Float64Array;
  /** The input sequence applied at each position (u32). */
  readonly #seqs: Float64Array;
  /** Positions held (up to windowTicks + 1), the newest at #head - 1. */
  #count = 0;
  #head = 0;
  #epoch = Number.NaN;

  constructor(rules: Required<Omit<MotionRules, "sample">>, tickSeconds: number) {
    this.#rules = rules;
    this.#dt = tickSeconds;
    this.#xs = new Float64Array(rules.windowTicks + 1);
    this.#ys = new Float64Array(rules.windowTicks + 1);
    this.#seqs = new Float64Array(rules.windowTicks + 1);
  }

  /**
   * The avatar is at `at` after a tick that applied the player's input `seq` (u32); evidence
   * when it moved too far. The sample object, not its coordinates: the room calls this once
   * per player per tick, and doubles passed to a call V8 does not inline are boxed on the heap.
   */
  observe(at: Readonly<MotionSample>, seq: number): Evidence | undefined {
    const { x, y, epoch } = at;
    const size = this.#xs.length;
    if (epoch !== this.#epoch) {
      this.#epoch = epoch;
      this.#count = 0;
    }
    let found: Evidence | undefined;
    if (this.#count > 0) {
      const prev = (this.#head - 1 + size) % size;
      const step = length(x - this.#xs[prev]!, y - this.#ys[prev]!);
      if (step > this.#rules.teleportDistance) {
        found = {
          detector: "teleport",
          measured: step,
          limit: this.#rules.teleportDistance,
          unit: "units/tick",
        };
        // The window restarts at the landing place: the jump is not a speed too.
        this.#count = 0;
      }
    }
    this.#xs[this.#head] = x;
    this.#ys[this.#head] = y;
    this.#seqs[this.#head] = seq;
    this.#head = (this.#head + 1) % size;
    this.#count = Math.min(this.#count + 1, size);
    if (found || this.#count < size) return found;
    // Full: the oldest is windowTicks ticks back.
    const oldest = this.#head;
    const distance = length(x - this.#xs[oldest]!, y - this.#ys[oldest]!);
    const inputs = (seq - this.#seqs[oldest]!) >>> 0;
    // A sequence behind the oldest (it wrapped back: a new link) counts as no inputs.
    const steps = Math.max(this.#rules.windowTicks, inputs < 2 ** 31 ? inputs : 0);
    const seconds = steps * this.#dt;
    const limit = this.#rules.maxSpeed * (1 + this.#rules.tolerance);
    const speed = distance / seconds;
    return speed > limit
      ? { detector: "speed", measured: speed, limit, unit: "units/s" }
      : undefined;
  }
}

/**
 * The length of (dx, dy). Not Math.hypot: V8 runs it as a builtin call, which boxes its
 * arguments and result on the heap (measured: 96 B per observe, twice per player per tick in
 * a room). Game coordinates are far from where the squares overflow, which hypot guards against.
 */
function length(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}
