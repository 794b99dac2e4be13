// One client's priority accumulator and byte budget: entities with a pending update gather
// priority every tick they wait (weight = base priority × distance or game factor); each tick
// the budget's credits go to the highest accumulated priorities in order, and an entity that
// is sent starts again from zero. Not yet wired into the replication writer (which sends every
// change each tick): this is the scheduler it will ask which changes fit.
//
// Guarantees (property-tested in priority-accumulator.test.ts), for weights in [wMin, wMax],
// costs ≤ C ≤ burst and R credits per tick:
// - the bytes selected in a tick never exceed the credits (no overdraft, ever);
// - strict order, no skipping: when the next entity does not fit, the tick stops and the
//   credits are saved, so a large entity is not starved by small ones slipping past it;
// - between two sends of a lower-weight entity, an always-pending higher-weight one of equal
//   cost is sent at least once (it is ahead whenever the lower one is chosen);
// - an always-pending entity waits at most starvationBound() ticks: over the second half of
//   its wait every other entity can be sent at most 1 + wMax / wMin times, and all credits
//   but the burst are spent, so T ≤ 2((N − 1)·C·(1 + wMax/wMin) + burst) / R + 2.

/** Settings of a {@link PriorityAccumulator}. */
export interface ByteBudgetOptions {
  /** Entity ids are in [0, capacity). */
  readonly capacity: number;
  /** The client's state budget, bytes per second (> 0). */
  readonly bytesPerSecond: number;
  /** Ticks per second (> 0). */
  readonly tickRate: number;
  /**
   * Most credits saved up, bytes; must hold the largest single update.
   * @default 2 × bytesPerSecond / tickRate
   */
  readonly burstBytes?: number;
}

/**
 * @example
 * const acc = new PriorityAccumulator({ capacity: 1024, bytesPerSecond: 8000, tickRate: 30 });
 * acc.offer(e, bytesOfItsDelta, basePriority / (1 + distance / radius));
 * const n = acc.select(chosen); // chosen[0..n) fit this tick's budget
 */
export class PriorityAccumulator {
  readonly capacity: number;
  readonly #accumulated: Float64Array;
  readonly #cost: Float64Array;
  readonly #pending: Uint8Array;
  readonly #queue: Int32Array;
  #queued = 0;
  #perTick: number;
  #burst: number;
  #credits = 0;
  readonly #byPriority = (a: number, b: number) =>
    this.#accumulated[b]! - this.#accumulated[a]! || a - b;

  /** @throws naming the bad field. */
  constructor(options: ByteBudgetOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1)
      throw new RangeError("budget.capacity must be a positive integer");
    if (!(options.tickRate > 0)) throw new RangeError("budget.tickRate must be > 0");
    this.capacity = options.capacity;
    this.#accumulated = new Float64Array(options.capacity);
    this.#cost = new Float64Array(options.capacity);
    this.#pending = new Uint8Array(options.capacity);
    this.#queue = new Int32Array(options.capacity);
    this.#perTick = 0;
    this.#burst = 0;
    this.setBudget(options.bytesPerSecond, options.tickRate, options.burstBytes);
  }

  /** Credits available to the next {@link select}, bytes. */
  get credits(): number {
    return this.#credits;
  }

  /** Credits added per tick, bytes. */
  get perTick(): number {
    return this.#perTick;
  }

  /** Most credits saved, bytes. */
  get burst(): number {
    return this.#burst;
  }

  /**
   * Changes the budget at runtime (per client; e.g. lowered while the link's buffered amount
   * grows, so far and low-priority entities wait longer first).
   */
  setBudget(bytesPerSecond: number, tickRate: number, burstBytes?: number): void {
    if (!(bytesPerSecond > 0)) throw new RangeError("budget.bytesPerSecond must be > 0");
    this.#perTick = bytesPerSecond / tickRate;
    const burst = burstBytes ?? 2 * this.#perTick;
    if (!(burst >= this.#perTick)) throw new RangeError("budget.burstBytes must be ≥ one tick");
    this.#burst = burst;
    this.#credits = Math.min(this.#credits, burst);
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
   * `entity` has an update of `bytes` (≤ burst) this tick; its priority grows by `weight`
   * (> 0). Call once per tick for every relevant entity with something to send.
   */
  offer(entity: number, bytes: number, weight: number): void {
    if (this.#pending[entity] === 0) {
      this.#pending[entity] = 1;
      this.#queue[this.#queued++] = entity;
    }
    this.#cost[entity] = Math.min(bytes, this.#burst);
    this.#accumulated[entity]! += weight;
  }

  /** Drops `entity` (it left the client's interest or despawned). */
  forget(entity: number): void {
    if (this.#pending[entity] === 0) return;
    this.#pending[entity] = 0;
    this.#accumulated[entity] = 0;
    const q = this.#queue;
    for (let i = 0; i < this.#queued; i++) {
      if (q[i] === entity) {
        q[i] = q[--this.#queued]!;
        break;
      }
    }
  }

  /**
   * Adds this tick's credits, then writes into `out` the pending entities that fit, highest
   * accumulated priority first, stopping at the first that does not. Returns how many; their
   * bytes are spent and their priority reset.
   */
  select(out: Int32Array): number {
    this.#credits = Math.min(this.#burst, this.#credits + this.#perTick);
    const q = this.#queue.subarray(0, this.#queued);
    q.sort(this.#byPriority);
    let n = 0;
    while (n < q.length) {
      const e = q[n]!;
      const cost = this.#cost[e]!;
      if (cost > this.#credits) break;
      this.#credits -= cost;
      this.#pending[e] = 0;
      this.#accumulated[e] = 0;
      out[n++] = e;
    }
    // The unsent keep their order at the front of the queue.
    q.copyWithin(0, n);
    this.#queued -= n;
    return n;
  }
}

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
