// Bytes a stretch of code allocates, from V8's heap statistics. Node 24's
// `getHeapStatistics()` has no cumulative allocation counter, so the meter reads
// `used_heap_size` (bump-allocated JS objects) plus `external_memory` (array buffers'
// backing stores) before and after each stretch: between two collections both only grow,
// by exactly what was allocated. A stretch during which a collection ran shows a drop and
// is left out (counted in `skipped`); the statistics call's own allocation, constant once
// warm, is measured at construction and taken off every stretch.
//
// V8's compiler threads also change the heap while a stretch runs: installing optimized
// code (or collecting it) moves the code and trusted spaces by ~200 KB at a time, with
// old-space objects beside it, at moments that depend on how busy the machine is. Those are
// V8's allocations, not the stretch's, and cannot be told apart from it in the totals, so a
// stretch in which either space changed is left out too (counted in `compiled`). The spaces
// are read outside the measured window, so that read's own allocation is never counted.
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";

/** Heap + external bytes in use now. */
function inUse(): number {
  const s = getHeapStatistics();
  return s.used_heap_size + s.external_memory;
}

/** Bytes used in the spaces V8's compiler writes (machine code; bytecode and its metadata). */
function compiledBytes(): number {
  let sum = 0;
  for (const s of getHeapSpaceStatistics())
    if (s.space_name.startsWith("code_") || s.space_name.startsWith("trusted_"))
      sum += s.space_used_size;
  return sum;
}

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
  #before = 0;
  #compiledBefore = 0;

  constructor() {
    const deltas = new Float64Array(CALIBRATION_STRETCHES);
    for (let i = 0; i < CALIBRATION_STRETCHES; i++) {
      const before = inUse();
      deltas[i] = inUse() - before;
    }
    // The most common delta: a collection or a first-call warm-up makes outliers.
    deltas.sort();
    this.overhead = deltas[CALIBRATION_STRETCHES >> 1]!;
  }

  /** Starts a stretch. */
  start(): void {
    this.#compiledBefore = compiledBytes();
    this.#before = inUse();
  }

  /** Ends the stretch begun by {@link start}. */
  stop(): void {
    const delta = inUse() - this.#before;
    if (compiledBytes() !== this.#compiledBefore) {
      this.compiled++;
      return;
    }
    if (delta < 0) {
      this.skipped++;
      return;
    }
    const bytes = Math.max(0, delta - this.overhead);
    this.bytes += bytes;
    this.stretches++;
    if (bytes > 0) this.allocating++;
  }

  /** Mean bytes per kept stretch (NaN when none was kept). */
  bytesPerStretch(): number {
    return this.stretches === 0 ? Number.NaN : this.bytes / this.stretches;
  }
}
