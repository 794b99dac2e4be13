// One client's priority accumulator: entities with a pending update gather priority every
// tick they wait (weight = base priority × distance or game factor); each tick the client's
// credits go to the highest accumulated priorities in order, and an entity that is sent
// starts again from zero. The update writer offers every pending entity with its cost,
// plans, writes what was planned (dropping from the end if the exact bytes do not fit) and
// commits what it sent.
//
// Guarantees (property-tested in priority-accumulator.test.ts and, through the writer, in
// budget.property.test.ts), for weights in [wMin, wMax], costs ≤ C ≤ burst and R credits per
// tick:
// - what is planned never costs more than the credits given (no overdraft, ever);
// - strict order, no skipping: when the next entity does not fit, the plan stops and the
//   credits are saved, so a large entity is not starved by small ones slipping past it;
// - between two sends of a lower-weight entity, an always-pending higher-weight one of equal
//   cost is sent at least once (it is ahead whenever the lower one is chosen);
// - an always-pending entity waits at most starvationBound() ticks: over the second half of
//   its wait every other entity can be sent at most 1 + wMax / wMin times, and all credits
//   but the burst are spent, so T ≤ 2((N − 1)·C·(1 + wMax/wMin) + burst) / R + 2.

/**
 * @example
 * const acc = new PriorityAccumulator(world.capacity);
 * acc.offer(e, bytesOfItsUpdate, basePriority / (1 + distance / radius)); // every pending e
 * const n = acc.plan(chosen, budget.credits); // chosen[0..n), best first, fit the credits
 * acc.commit(chosen, n);                       // those were sent
 */
export class PriorityAccumulator {
  readonly capacity: number;
  // Float32: one accumulator per budgeted client over the whole id space (13 bytes an id,
  // ~100 KiB at 8,192 ids); priorities and costs need nowhere near float64's precision.
  readonly #accumulated: Float32Array;
  readonly #cost: Float32Array;
  readonly #pending: Uint8Array;
  readonly #queue: Int32Array;
  #queued = 0;
  readonly #byPriority = (a: number, b: number) =>
    this.#accumulated[b]! - this.#accumulated[a]! || a - b;

  /** @param capacity entity ids are in [0, capacity) */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("priority capacity must be a positive integer");
    this.capacity = capacity;
    this.#accumulated = new Float32Array(capacity);
    this.#cost = new Float32Array(capacity);
    this.#pending = new Uint8Array(capacity);
    this.#queue = new Int32Array(capacity);
  }

  /** Entities waiting. */
  get size(): number {
    return this.#queued;
  }

  /** True while `entity` waits to be sent. */
  isPending(entity: number): boolean {
    return this.#pending[entity] === 1;
  }

  /** Accumulated priority of `entity`. */
  priorityOf(entity: number): number {
    return this.#accumulated[entity]!;
  }

  /**
   * `entity` has an update of `bytes` this tick; its priority grows by `weight` (> 0). Call
   * once per tick for every relevant entity with something to send.
   */
  offer(entity: number, bytes: number, weight: number): void {
    if (this.#pending[entity] === 0) {
      this.#pending[entity] = 1;
      this.#queue[this.#queued++] = entity;
    }
    this.#cost[entity] = bytes;
    this.#accumulated[entity]! += weight;
  }

  /**
   * Drops every pending entity for which `keep` is false (left the client's view, or has
   * nothing to send any more: it starts from zero when it comes back).
   */
  retain(keep: (entity: number) => boolean): void {
    const q = this.#queue;
    let n = 0;
    for (let i = 0; i < this.#queued; i++) {
      const e = q[i]!;
      if (keep(e)) q[n++] = e;
      else {
        this.#pending[e] = 0;
        this.#accumulated[e] = 0;
      }
    }
    this.#queued = n;
  }

  /** Forgets every pending entity (everything was sent, or the client starts afresh). */
  clear(): void {
    // Called for every client every tick, nearly always with nothing pending: no closure.
    const q = this.#queue;
    for (let i = 0; i < this.#queued; i++) {
      const e = q[i]!;
      this.#pending[e] = 0;
      this.#accumulated[e] = 0;
    }
    this.#queued = 0;
  }

  /**
   * Writes into `out` the pending entities that fit `credits` bytes, highest accumulated
   * priority first (ties: lower id), stopping at the first that does not. Returns how many;
   * nothing is spent until {@link commit}.
   *
   * A short budget takes few: one pass keeps only the best so far that fit plus the first
   * that does not (the stopper), and skips whatever ranks below the stopper, so the queue is
   * never sorted. A plan past PARTIAL_LIMIT entries sorts instead.
   */
  plan(out: Int32Array, credits: number): number {
    const q = this.#queue;
    const acc = this.#accumulated;
    const cost = this.#cost;
    let len = 0;
    let fit = 0;
    for (let i = 0; i < this.#queued; i++) {
      const e = q[i]!;
      const p = acc[e]!;
      if (fit < len) {
        const stopper = out[fit]!;
        const sp = acc[stopper]!;
        if (p < sp || (p === sp && e > stopper)) continue;
      }
      let j = len;
      while (j > 0) {
        const o = out[j - 1]!;
        const op = acc[o]!;
        if (op > p || (op === p && o < e)) break;
        out[j] = o;
        j--;
      }
      out[j] = e;
      len++;
      let spent = 0;
      fit = 0;
      while (fit < len && spent + cost[out[fit]!]! <= credits) spent += cost[out[fit++]!]!;
      len = Math.min(len, fit + 1);
      if (len > PARTIAL_LIMIT) return this.#planBySort(out, credits);
    }
    return fit;
  }

  /** {@link plan} for a long plan: sort the queue, take its prefix that fits. */
  #planBySort(out: Int32Array, credits: number): number {
    const q = this.#queue.subarray(0, this.#queued);
    q.sort(this.#byPriority);
    let left = credits;
    let n = 0;
    while (n < q.length) {
      const e = q[n]!;
      const c = this.#cost[e]!;
      if (c > left) break;
      left -= c;
      out[n++] = e;
    }
    return n;
  }

  /** The pending entity of highest accumulated priority (−1 when none). */
  best(): number {
    const acc = this.#accumulated;
    let top = -1;
    for (let i = 0; i < this.#queued; i++) {
      const e = this.#queue[i]!;
      if (top < 0 || acc[e]! > acc[top]! || (acc[e] === acc[top] && e < top)) top = e;
    }
    return top;
  }

  /** The `n` entities `sent[0..n)` were sent: their priority restarts. */
  commit(sent: Int32Array, n: number): void {
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const e = sent[i]!;
      this.#pending[e] = 0;
      this.#accumulated[e] = 0;
    }
    // The unsent keep their places.
    const q = this.#queue;
    let kept = 0;
    for (let i = 0; i < this.#queued; i++) {
      const e = q[i]!;
      if (this.#pending[e] === 1) q[kept++] = e;
    }
    this.#queued = kept;
  }
}

/** Longest plan built without sorting the queue. */
const PARTIAL_LIMIT = 64;

/**
 * The most ticks an always-pending entity waits (see the header), for `others` other pending
 * entities, costs ≤ `maxCost`, weights in [wMin, wMax].
 */
export function starvationBound(
  others: number,
  maxCost: number,
  wMin: number,
  wMax: number,
  perTick: number,
  burst: number,
): number {
  return Math.ceil((2 * (others * maxCost * (1 + wMax / wMin) + burst)) / perTick) + 2;
}
