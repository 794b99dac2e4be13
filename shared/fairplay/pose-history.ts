// Lag compensation's memory: where every hittable entity was, tick by tick, for a bounded
// window, so a shot can be judged against the world as its shooter saw it. Written by hand
// for the hot path: one preallocated ring of Float64Arrays (x, y, radius per entity slot per
// tick), no allocation per tick, memory fixed at construction and reported.

/** Where one entity was at one moment (a tick, or between two). */
export interface Pose {
  readonly x: number;
  readonly y: number;
  /** The hitbox's radius, world units. */
  readonly radius: number;
}

/** Sizes of a pose history. */
export interface PoseHistoryOptions {
  /** Entities that can be hit at once (slots per tick); more in one tick are an error. */
  readonly capacity: number;
  /** Ticks kept: the longest rewind plus one. */
  readonly windowTicks: number;
  /**
   * Farther than this between two consecutive ticks is a teleport (a respawn, a wrap): a
   * moment between them takes the nearer tick's pose instead of a blend, as a client's
   * interpolation snaps.
   * @default Infinity
   */
  readonly maxStep?: number;
}

const FIELDS = 3; // x, y, radius

/**
 * @example
 * const history = new PoseHistory({ capacity: 256, windowTicks: 16 });
 * history.record(tick, (put) => { for (const e of ships) put(e, x[e], y[e], SHIP_RADIUS); });
 * history.poseAt(target, tick - 4.5); // where target was 4.5 ticks ago, as clients drew it
 */
export class PoseHistory {
  readonly capacity: number;
  readonly windowTicks: number;
  readonly #maxStep: number;
  /** Per tick slot: entity ids, -1 for a free slot. */
  readonly #entities: Int32Array;
  readonly #poses: Float64Array;
  /** Entities recorded per tick slot. */
  readonly #counts: Int32Array;
  /** The tick each ring slot holds, -1 when none. */
  readonly #ticks: Float64Array;
  #newest = -1;
  /** The slot {@link record} is filling (its first index) and the entities put in it so far. */
  #putBase = 0;
  #putCount = 0;
  /**
   * Puts one entity into the slot being recorded. Made once, not per record: a closure a tick
   * is an allocation a tick, and a callee that changes every tick is never inlined, so the
   * game's hitbox loop would box the doubles it passes too.
   */
  readonly #put = (entity: number, x: number, y: number, radius: number): void => {
    const n = this.#putCount;
    if (n === this.capacity) throw new RangeError(`more than ${this.capacity} hittable entities`);
    const i = this.#putBase + n;
    this.#entities[i] = entity;
    const p = i * FIELDS;
    this.#poses[p] = x;
    this.#poses[p + 1] = y;
    this.#poses[p + 2] = radius;
    this.#putCount = n + 1;
  };

  constructor(options: PoseHistoryOptions) {
    const { capacity, windowTicks } = options;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be an integer ≥ 1");
    if (!Number.isInteger(windowTicks) || windowTicks < 2)
      throw new RangeError("windowTicks must be an integer ≥ 2");
    this.capacity = capacity;
    this.windowTicks = windowTicks;
    this.#maxStep = options.maxStep ?? Number.POSITIVE_INFINITY;
    this.#entities = new Int32Array(capacity * windowTicks);
    this.#poses = new Float64Array(capacity * windowTicks * FIELDS);
    this.#counts = new Int32Array(windowTicks);
    this.#ticks = new Float64Array(windowTicks).fill(-1);
  }

  /** Bytes the history holds, whatever is recorded (fixed at construction). */
  get memoryBytes(): number {
    return (
      this.#entities.byteLength +
      this.#poses.byteLength +
      this.#counts.byteLength +
      this.#ticks.byteLength
    );
  }

  /** The newest tick recorded, -1 before any. */
  get newestTick(): number {
    return this.#newest;
  }

  /** The oldest tick still held, -1 before any. */
  get oldestTick(): number {
    return this.#newest < 0 ? -1 : Math.max(0, this.#newest - this.windowTicks + 1);
  }

  /**
   * Records tick `tick` (the next after the newest, or any later one: skipped ticks hold
   * nothing); `fill` calls `put` once per hittable entity.
   * @throws RangeError for more than `capacity` entities, or a tick not after the newest.
   */
  record(
    tick: number,
    fill: (put: (entity: number, x: number, y: number, radius: number) => void) => void,
  ): void {
    if (tick <= this.#newest) throw new RangeError(`tick ${tick} is not after ${this.#newest}`);
    // Ticks skipped since the newest hold nothing (the room did not run them).
    for (let t = Math.max(this.#newest + 1, tick - this.windowTicks + 1); t < tick; t++) {
      const s = t % this.windowTicks;
      this.#ticks[s] = t;
      this.#counts[s] = 0;
    }
    const slot = tick % this.windowTicks;
    this.#putBase = slot * this.capacity;
    this.#putCount = 0;
    fill(this.#put);
    this.#counts[slot] = this.#putCount;
    this.#ticks[slot] = tick;
    this.#newest = tick;
  }

  /**
   * Where `entity` was at `tick` (fractional: between two ticks, blended as a client
   * interpolates); undefined when it did not exist then, or `tick` is outside the window.
   */
  poseAt(entity: number, tick: number): Pose | undefined {
    const lo = Math.floor(tick);
    const f = tick - lo;
    const a = this.#find(entity, lo);
    if (a < 0) return undefined;
    if (f === 0) return this.#pose(a);
    const b = this.#find(entity, lo + 1);
    // Gone (or not yet there) at the next tick: the moment still shows it where it was.
    if (b < 0) return this.#pose(a);
    const P = this.#poses;
    const ax = P[a]!;
    const ay = P[a + 1]!;
    const bx = P[b]!;
    const by = P[b + 1]!;
    if (Math.hypot(bx - ax, by - ay) > this.#maxStep) return this.#pose(f < 0.5 ? a : b);
    return {
      x: ax + (bx - ax) * f,
      y: ay + (by - ay) * f,
      radius: P[a + 2]! + (P[b + 2]! - P[a + 2]!) * f,
    };
  }

  /** Calls `visit` with every entity recorded at whole tick `tick` (none outside the window). */
  entitiesAt(tick: number, visit: (entity: number) => void): void {
    const slot = this.#slotOf(tick);
    if (slot < 0) return;
    const base = slot * this.capacity;
    for (let i = 0; i < this.#counts[slot]!; i++) visit(this.#entities[base + i]!);
  }

  #slotOf(tick: number): number {
    if (!Number.isInteger(tick) || tick < 0 || tick > this.#newest || tick < this.oldestTick)
      return -1;
    const slot = tick % this.windowTicks;
    return this.#ticks[slot] === tick ? slot : -1;
  }

  /** The pose offset of `entity` at whole tick `tick`, -1 when not recorded. */
  #find(entity: number, tick: number): number {
    const slot = this.#slotOf(tick);
    if (slot < 0) return -1;
    const base = slot * this.capacity;
    for (let i = 0; i < this.#counts[slot]!; i++)
      if (this.#entities[base + i] === entity) return (base + i) * FIELDS;
    return -1;
  }

  #pose(p: number): Pose {
    const P = this.#poses;
    return { x: P[p]!, y: P[p + 1]!, radius: P[p + 2]! };
  }
}
