// Bytes a stretch of code allocates, from V8's heap statistics. Node 24's
// `getHeapStatistics()` has no cumulative allocation counter, so the meter reads
// `used_heap_size` (bump-allocated JS objects) plus `external_memory` (array buffers'
// backing stores) before and after each stretch: between two collections both only grow,
// by exactly what was allocated. A stretch during which a collection ran shows a drop and
// is left out (counted in `skipped`).
//
// The statistics call allocates its own result object, after taking its figures: the read
// that starts a stretch is counted inside it, the read that ends it is not. How much that is
// depends on how V8 compiled the caller at that moment: measured in one Node 24 process, an
// empty stretch read 648 B (the object and a box per number), 360 B (the object) or 0 B (the
// optimizing compiler removed the object), and a stretch allocating 160 B read 160 B in a
// loop where an empty one read 360. So a per-stretch figure (`HeapMeter`) is only as exact as
// its guess of that overhead, measured once at construction; it serves to count allocating
// stretches and to tell a tick's share from a decode's. `allocatedDuring` reads once before
// and once after a long run, so the call's own allocation (at most ~650 B) is counted once for
// the whole run: over 500 ticks, at most 1.3 B a tick; `allocatedPerCall` takes off an empty
// run's read made just before by the same code, which leaves the difference between two
// reads (seen up to ~100 B a run).
//
// The figures are kept in a Float64Array: V8 13.6 allocates a heap number for every store of
// a number past the small-integer range (±2^30) into an object field, and a process holding
// a gigabyte of array buffers has such figures.
//
// V8's compiler threads also change the heap while a stretch runs: installing optimized
// code (or collecting it) moves the code and trusted spaces by ~200 KB at a time, with
// old-space objects beside it, at moments that depend on how busy the machine is. Those are
// V8's allocations, not the stretch's, and cannot be told apart from it in the totals, so a
// stretch in which either space changed is left out too (counted in `compiled`). The spaces
// are read outside the measured window, so that read's own allocation is never counted.
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { median } from "./stats.js";

/** Writes the heap + external bytes in use now to `slots[i]`. */
function readInUse(slots: Float64Array, i: number): void {
  const s = getHeapStatistics();
  slots[i] = s.used_heap_size + s.external_memory;
}

/** Bytes used in the spaces V8's compiler writes (machine code; bytecode and its metadata). */
function compiledBytes(): number {
  let sum = 0;
  for (const s of getHeapSpaceStatistics())
    if (s.space_name.startsWith("code_") || s.space_name.startsWith("trusted_"))
      sum += s.space_used_size;
  return sum;
}

/**
 * The most one statistics read was seen to allocate (its result object and a box for each of
 * its numbers, in V8's lowest tier): what {@link allocatedDuring} may count of its own.
 */
export const STATISTICS_READ_BYTES = 648;

/** Empty stretches measured to find the meter's own allocation. */
const CALIBRATION_STRETCHES = 400;

/**
 * Sums what metered stretches allocate.
 *
 * @example
 * const meter = new HeapMeter();
 * meter.start();
 * encodeOneTick();
 * meter.stop();
 * meter.bytesPerStretch(); // 0 for an allocation-free tick
 */
export class HeapMeter {
  /** Bytes one empty start/stop pair reports (the statistics object itself). */
  readonly overhead: number;
  /** Bytes allocated over the stretches kept. */
  bytes = 0;
  /** Stretches kept. */
  stretches = 0;
  /**
   * Kept stretches that allocated anything. V8's own background threads (concurrent marking,
   * sweeping) now and then allocate in old space while a stretch runs; that shows in the mean
   * of a short run as one large stretch, and here as one stretch of many.
   */
  allocating = 0;
  /** Stretches left out because a garbage collection ran inside them. */
  skipped = 0;
  /** Stretches left out because V8 installed or collected compiled code inside them. */
  compiled = 0;
  /**
   * Kept stretches that read less than {@link overhead}: the statistics read got cheaper
   * since the calibration (V8 optimized the code around it), so an allocation smaller than
   * the difference would read as none. A settled batch must have (almost) none of them.
   */
  belowOverhead = 0;
  /** In use at the start and at the end of the stretch, and the compiled spaces at its start. */
  readonly #slots = new Float64Array(3);

  constructor() {
    const deltas = new Float64Array(CALIBRATION_STRETCHES);
    // Through start() and #delta(), as the stretches will: what the opening read costs
    // depends on how V8 compiled the code around it.
    for (let i = 0; i < CALIBRATION_STRETCHES; i++) {
      this.start();
      deltas[i] = this.#delta();
    }
    // The most common delta: a collection or a first-call warm-up makes outliers.
    deltas.sort();
    this.overhead = deltas[CALIBRATION_STRETCHES >> 1]!;
  }

  /** Starts a stretch. */
  start(): void {
    this.#slots[2] = compiledBytes();
    readInUse(this.#slots, 0);
  }

  /** Ends the stretch begun by {@link start}. */
  stop(): void {
    const delta = this.#delta();
    if (compiledBytes() !== this.#slots[2]) {
      this.compiled++;
      return;
    }
    if (delta < 0) {
      this.skipped++;
      return;
    }
    if (delta < this.overhead) this.belowOverhead++;
    const bytes = Math.max(0, delta - this.overhead);
    this.bytes += bytes;
    this.stretches++;
    if (bytes > 0) this.allocating++;
  }

  /** In use now less at the stretch's start. */
  #delta(): number {
    const slots = this.#slots;
    readInUse(slots, 1);
    return slots[1]! - slots[0]!;
  }

  /** Mean bytes per kept stretch (NaN when none was kept). */
  bytesPerStretch(): number {
    return this.stretches === 0 ? Number.NaN : this.bytes / this.stretches;
  }
}

/**
 * Heap + external bytes allocated while `run` ran, read once before and once after it (see
 * the top of this file: exact to within one statistics call, at most STATISTICS_READ_BYTES
 * for the whole run), or NaN when a garbage collection ran or V8 installed or collected
 * compiled code inside it (their moves cannot be told from the run's allocation).
 *
 * @example
 * const bytes = allocatedDuring(() => { for (let t = 0; t < 500; t++) room.tick(); });
 * bytes / 500; // 0 (to ~1 B) for an allocation-free tick
 */
export function allocatedDuring(run: () => void): number {
  // Allocated before the first read, so not counted.
  const slots = new Float64Array(2);
  const compiledBefore = compiledBytes();
  readInUse(slots, 0);
  run();
  readInUse(slots, 1);
  if (compiledBytes() !== compiledBefore) return Number.NaN;
  const delta = slots[1]! - slots[0]!;
  return delta < 0 ? Number.NaN : delta;
}

/** Runs of {@link allocatedPerCall} kept: the figure is their median. */
const CLEAN_RUNS = 3;
/** Runs tried for {@link CLEAN_RUNS} clean ones (V8 installs code inside about half). */
const RUN_ATTEMPTS = 12;

/** What {@link allocatedPerCall} read. */
export interface PerCallAllocation {
  /** The median over {@link runs}; NaN when no run was clean. */
  readonly bytesPerCall: number;
  /** Each clean run's bytes per call. */
  readonly runs: readonly number[];
  /** Runs tried. */
  readonly attempts: number;
}

/**
 * Bytes `call` allocates per call, from runs of `calls` calls each read by
 * {@link allocatedDuring}, less an empty run's read taken just before (the statistics read's
 * own object, as allocatedDuring runs at that moment: it is called too rarely to leave V8's
 * lower tiers). The figure is the median of 3 clean runs: code that allocates every call
 * shows it in every run, while V8 now and then runs a function in a lower tier again after a
 * deoptimization, boxing numbers until it is optimized anew (seen: one run in three of the
 * bench's scene A reading ~17 B a tick, the others under 0.5).
 *
 * @example
 * allocatedPerCall(() => room.tick(), 500).bytesPerCall; // < 1 for an allocation-free tick
 */
export function allocatedPerCall(call: () => void, calls: number): PerCallAllocation {
  const runs: number[] = [];
  const run = () => {
    for (let i = 0; i < calls; i++) call();
  };
  const nothing = () => {};
  let attempts = 0;
  while (runs.length < CLEAN_RUNS && attempts < RUN_ATTEMPTS) {
    attempts++;
    const own = allocatedDuring(nothing);
    const total = allocatedDuring(run);
    if (!Number.isNaN(total) && !Number.isNaN(own)) runs.push(Math.max(0, total - own) / calls);
  }
  return { bytesPerCall: runs.length === 0 ? Number.NaN : median(runs), runs, attempts };
}
