// Allocation of code once V8 has optimized it, for tests that state "the steady state
// allocates nothing". V8 compiles hot code on background threads and installs it when the
// main thread next checks for interrupts; until then the code runs in tiers that box floats.
// On a busy machine that takes longer, so waiting a fixed number of calls would make a test
// fail only because the machine is busy. Instead: meter batches of calls, yield to the event
// loop between them (installing finished code), and stop at the first batch in which almost
// no stretch allocated. Code that allocates in its steady state never gets there: every
// batch keeps allocating, and the last one is returned for the test to refuse.
import { HeapMeter } from "./heap-meter.js";

/** Options of {@link settledAllocation}. */
export interface SettleOptions {
  /**
   * Metered calls per batch.
   * @default 100
   */
  batch?: number;
  /**
   * Batches tried before giving up.
   * @default 100
   */
  maxBatches?: number;
  /**
   * Allocating stretches a batch may hold and still count as settled: V8's background marker
   * now and then allocates during a stretch (see HeapMeter.allocating).
   * @default 2
   */
  tolerated?: number;
  /** Runs before each metered call, outside its stretch (e.g. the server making the next frame). */
  prepare?: () => void;
}

/**
 * Meters `call` (one stretch per call) in batches until a batch is settled, and returns
 * that batch's meter, or the last batch's when none settled.
 *
 * @example
 * const meter = await settledAllocation(() => scene.step());
 * expect(meter.allocating).toBeLessThanOrEqual(2);
 */
export async function settledAllocation(
  call: () => void,
  options: SettleOptions = {},
): Promise<HeapMeter> {
  const batch = options.batch ?? 100;
  const maxBatches = options.maxBatches ?? 100;
  const tolerated = options.tolerated ?? 2;
  const prepare = options.prepare;
  let meter = new HeapMeter();
  for (let b = 0; b < maxBatches; b++) {
    meter = new HeapMeter();
    for (let i = 0; i < batch; i++) {
      prepare?.();
      meter.start();
      call();
      meter.stop();
    }
    // Half the batch kept: stretches with a collection or code installed are left out. A
    // batch whose stretches read under the meter's calibration may hide small allocations:
    // the next batch's meter calibrates again.
    if (
      meter.stretches * 2 >= batch &&
      meter.allocating <= tolerated &&
      meter.belowOverhead <= tolerated
    )
      return meter;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return meter;
}
