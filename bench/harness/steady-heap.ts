// Heap bytes a system allocates per server tick and per client decode in its steady state.
//
// The timed ticks of a run cannot give this figure: a fresh process runs a room's tick for
// its first thousands of ticks in V8's lower tiers, which box the doubles the optimized code
// keeps in registers (edgetick's scene B allocated ~50 B a tick at tick 1,000 and ~18 B at
// tick 2,000, then nothing from tick ~2,500), and when the top tier arrives depends on how busy
// the machine is (the compiler runs on background threads, in waves: a stretch without new
// code says nothing about the next). So after its run a system that means to allocate nothing
// keeps ticking, untimed, in batches, until a batch is settled as the client's tests define it
// (heap-meter-steady.ts: at most TOLERATED of its ticks, and of every 100 of its clients'
// decodes, allocated anything; V8's background marker allocates now and then) or
// MAX_WARMUP_TICKS have run. Then METERED_TICKS more ticks with every client's decode of each
// run with the heap read once before and once after them (allocatedPerCall: the median of
// 3 such runs): that total per tick is the figure, exact to ~1 B (heap-meter.ts says why a
// per-stretch figure is not).
// Another METERED_TICKS are metered tick by tick and decode by decode, to tell the server's
// share from the clients' and count the stretches that allocated anything. Code that
// allocates in its steady state never settles, so it runs the whole warm-up and its figure
// is what it allocates once warm. The bench's stopwatches are off (ReplicationSystem.
// stopTiming): what is measured is the tick as a room runs it, not the bench's clock reads.
import type { ArenaScene } from "../scenes/arena-scene.js";
import type { InterestGrid } from "../scenes/interest-grid.js";
import type { ReplicationSystem } from "../systems/system.js";
import { allocatedPerCall, HeapMeter, STATISTICS_READ_BYTES } from "./heap-meter.js";

/** Ticks per warm-up batch. */
export const WARMUP_BATCH_TICKS = 100;
/** Allocating ticks a settled batch may hold (as settledAllocation's `tolerated`). */
const TOLERATED = 2;
/** The warm-up gives up waiting after this many ticks (code that allocates never settles). */
export const MAX_WARMUP_TICKS = 4000;
/** Ticks metered once warm, as a whole and again stretch by stretch. */
export const METERED_TICKS = 500;
/**
 * How far the whole figure may be off, bytes per tick: the statistics read's own allocation
 * is taken off as an empty run read it just before, and two reads were seen to differ by up
 * to ~100 B; this allows a whole read (STATISTICS_READ_BYTES) over the run.
 */
export const WHOLE_RESOLUTION = STATISTICS_READ_BYTES / METERED_TICKS;

/** What a {@link HeapMeter} kept and left out. */
export interface HeapFigure {
  /** Mean heap + external bytes allocated per stretch kept. */
  readonly bytesPerStretch: number;
  /** Stretches kept. */
  readonly stretches: number;
  /** Kept stretches that allocated anything. */
  readonly allocating: number;
  /** Stretches left out (a garbage collection ran, or V8 installed compiled code, inside them). */
  readonly skipped: number;
}

/** Tick counts of the heap phase. */
export interface SteadyHeapOptions {
  /** @default MAX_WARMUP_TICKS */
  maxWarmupTicks?: number;
  /** @default METERED_TICKS */
  meteredTicks?: number;
}

/** The steady-state figures of one run. */
export interface SteadyHeap {
  /**
   * Bytes allocated per tick by the server's tick and every client's decode of it together,
   * read over METERED_TICKS ticks at once: the median of {@link wholeRuns}; NaN when every
   * attempt had a collection or code installed inside.
   */
  readonly whole: number;
  /** Each clean whole run's bytes per tick. */
  readonly wholeRuns: readonly number[];
  /** Whole runs tried to get {@link whole}. */
  readonly wholeAttempts: number;
  /** The server's whole tick (simulation, interest, encode, framing, the host's sends). */
  readonly tick: HeapFigure;
  /** One client's decode of one update. */
  readonly decode: HeapFigure;
  /** Untimed ticks run before the metered ones. */
  readonly warmupTicks: number;
}

/** What `meter` measured, as the results keep it. */
export function heapFigure(meter: HeapMeter): HeapFigure {
  return {
    bytesPerStretch: meter.bytesPerStretch(),
    stretches: meter.stretches,
    allocating: meter.allocating,
    skipped: meter.skipped + meter.compiled,
  };
}

/**
 * Ticks `system` (started, its timed run done) on over `scene` until its tick is settled,
 * then meters {@link METERED_TICKS} ticks and every client's decode of each. The caller verifies the
 * mirrors afterwards: every update is decoded, so they hold the scene's state.
 *
 * @example
 * const heap = steadyHeap(system, scene, interest, config.clientCount);
 * heap.tick.bytesPerStretch; // 0 for an allocation-free tick
 */
export function steadyHeap(
  system: ReplicationSystem,
  scene: ArenaScene,
  interest: InterestGrid | null,
  clientCount: number,
  options: SteadyHeapOptions = {},
): SteadyHeap {
  const maxWarmup = options.maxWarmupTicks ?? MAX_WARMUP_TICKS;
  const metered = options.meteredTicks ?? METERED_TICKS;
  system.stopTiming?.();
  const ticks = (n: number, tickHeap: HeapMeter | null, decodeHeap: HeapMeter | null) => {
    for (let t = 0; t < n; t++) {
      tickHeap?.start();
      system.tick(scene, interest);
      tickHeap?.stop();
      // The verifier's reference for a system with its own interest code.
      if (system.ownsInterest === true) interest?.update(scene);
      for (let c = 0; c < clientCount; c++) {
        system.deliver?.(c);
        decodeHeap?.start();
        system.decode(c);
        decodeHeap?.stop();
      }
    }
  };
  let warmupTicks = 0;
  while (warmupTicks < maxWarmup) {
    const tickHeap = new HeapMeter();
    const decodeHeap = new HeapMeter();
    ticks(WARMUP_BATCH_TICKS, tickHeap, decodeHeap);
    warmupTicks += WARMUP_BATCH_TICKS;
    // Half the batch kept (a collection or code installed leaves a tick out) and quiet, the
    // clients' decodes too (as many allocating per 100 as the ticks may).
    const ticksSettled =
      tickHeap.stretches * 2 >= WARMUP_BATCH_TICKS &&
      tickHeap.allocating <= TOLERATED &&
      tickHeap.belowOverhead <= TOLERATED;
    const decodes = WARMUP_BATCH_TICKS * clientCount;
    const decodesSettled =
      decodeHeap.stretches * 2 >= decodes && decodeHeap.allocating * 100 <= TOLERATED * decodes;
    if (ticksSettled && decodesSettled) break;
  }
  const whole = allocatedPerCall(() => ticks(1, null, null), metered);
  const tickHeap = new HeapMeter();
  const decodeHeap = new HeapMeter();
  ticks(metered, tickHeap, decodeHeap);
  return {
    whole: whole.bytesPerCall,
    wholeRuns: whole.runs,
    wholeAttempts: whole.attempts,
    tick: heapFigure(tickHeap),
    decode: heapFigure(decodeHeap),
    warmupTicks,
  };
}
