// One run of one system over one scene: its own seeded scene, 30 warm-up ticks and 300
// measured ones, every update decoded and verified on every client, then late joiners, then
// (a system meant to allocate nothing) the steady-state heap phase (steady-heap.ts).
import { performance } from "node:perf_hooks";
import { ArenaScene } from "../scenes/arena-scene.js";
import { InterestGrid } from "../scenes/interest-grid.js";
import { MEASURED_TICKS, type SceneConfig, WARMUP_TICKS } from "../scenes/scene-config.js";
import type { SystemFactory } from "../systems/system.js";
import { HeapMeter } from "./heap-meter.js";
import { type HeapFigure, heapFigure, type SteadyHeapOptions, steadyHeap } from "./steady-heap.js";
import { noErrors, verifyMirror, type WorstErrors } from "./verify-mirror.js";
import { webSocketHeaderBytes } from "./websocket-frame.js";

/** Tick counts of a run. */
export interface RunOptions {
  /** @default 30 (SCENES.md) */
  warmupTicks?: number;
  /** @default 300 (SCENES.md) */
  measuredTicks?: number;
  /** The steady-state heap phase's tick counts (an allocation-free system only). */
  heap?: SteadyHeapOptions;
}

/** What one run measured. Times in milliseconds, one entry per measured tick or update. */
export interface RunMeasurement {
  /** The system's table name. */
  readonly label: string;
  /** What the system reported about itself after the run. */
  readonly facts: Record<string, unknown>;
  /** The system's encode (every client's message): the tick minus the game's work. */
  readonly encodeMs: Float64Array;
  /** Simulation + interest + state update + encode (+ the room's sends), per measured tick. */
  readonly tickMs: Float64Array;
  /** One client's decode of one update, per measured update. */
  readonly decodeMs: Float64Array;
  /** Message bytes received by all clients over the measured ticks (frames' type bytes in). */
  readonly totalBytes: number;
  /** {@link totalBytes} plus each message's WebSocket frame header: bytes on the wire. */
  readonly totalWireBytes: number;
  /** Measured updates (ticks × clients). */
  readonly updates: number;
  /** The largest single update, bytes. */
  readonly maxUpdateBytes: number;
  /** Full-state message size of each late joiner, bytes. */
  readonly joinBytes: number[];
  /**
   * Heap bytes allocated per tick: the server's whole tick, and one client's decode; from
   * the steady-state phase for an allocation-free system (`warmupTicks` its warm-up), else
   * from the measured ticks (`warmupTicks` null). `whole` is the steady state's figure for
   * the tick and its clients' decodes together, read over many ticks at once (null without
   * a steady-state phase; NaN when no attempt was free of a collection), the median of
   * `wholeRuns`.
   */
  readonly heap: {
    whole: number | null;
    wholeRuns?: readonly number[];
    tick: HeapFigure;
    decode: HeapFigure;
    warmupTicks: number | null;
  };
  /** Largest decoded-vs-scene errors over every client, tick and late joiner. */
  readonly worst: WorstErrors;
  /** Client states verified (every client after every tick, plus the late joiners). */
  readonly verifiedStates: number;
}

export type { HeapFigure } from "./steady-heap.js";

/**
 * Runs `factory`'s system through `config`. Throws a ReplicationMismatchError as soon as a
 * client's decoded world differs from the scene beyond the system's tolerance.
 */
export function runSystem(
  config: SceneConfig,
  factory: SystemFactory,
  options: RunOptions = {},
): RunMeasurement {
  const warmup = options.warmupTicks ?? WARMUP_TICKS;
  const measured = options.measuredTicks ?? MEASURED_TICKS;
  const clientCount = config.clientCount;
  const scene = new ArenaScene({
    entityCount: config.entityCount,
    clientCount,
    motion: config.motion,
  });
  const interest = config.viewRadius === null ? null : new InterestGrid(scene, config.viewRadius);
  const system = factory();
  const worst = noErrors();
  let verifiedStates = 0;
  const verifyAll = (when: string) => {
    for (let c = 0; c < clientCount; c++) {
      const visible = interest === null ? null : interest.visible(c);
      const where = `${system.label}, scene ${config.name}, ${when}, client ${c}`;
      verifyMirror(scene, system.mirror(c), visible, system.tolerance, worst, where);
      verifiedStates++;
    }
  };

  system.start(scene, interest);

  const encodeMs = new Float64Array(measured);
  const tickMs = new Float64Array(measured);
  const decodeMs = new Float64Array(measured * clientCount);
  let totalBytes = 0;
  let totalWireBytes = 0;
  let maxUpdateBytes = 0;
  // Heap meters bracket the timed calls from outside, so their own reads are not timed.
  const tickHeap = new HeapMeter();
  const decodeHeap = new HeapMeter();
  for (let tick = 0; tick < warmup + measured; tick++) {
    const sceneTick = scene.tick;
    const metered = tick >= warmup;
    if (metered) tickHeap.start();
    const t0 = performance.now();
    const gameMs = system.tick(scene, interest);
    const t1 = performance.now();
    if (metered) tickHeap.stop();
    const replayedMs = system.replayedHookMs?.() ?? 0;
    // The verifier's reference for a system with its own interest code, outside the timing.
    if (system.ownsInterest === true) interest?.update(scene);
    if (scene.tick !== sceneTick + 1)
      throw new Error(`${system.label}: a tick stepped the scene ${scene.tick - sceneTick} times`);
    const m = tick - warmup;
    for (let c = 0; c < clientCount; c++) {
      const bytes = system.receivedBytes(c);
      system.deliver?.(c);
      if (metered) decodeHeap.start();
      const d0 = performance.now();
      system.decode(c);
      const d1 = performance.now();
      if (metered) decodeHeap.stop();
      if (m >= 0) {
        decodeMs[m * clientCount + c] = d1 - d0;
        totalBytes += bytes;
        totalWireBytes += bytes + webSocketHeaderBytes(bytes);
        maxUpdateBytes = Math.max(maxUpdateBytes, bytes);
      }
    }
    if (m >= 0) {
      tickMs[m] = t1 - t0;
      encodeMs[m] = t1 - t0 - gameMs - replayedMs;
    }
    // The first tick's check covers the join: every client holds its full state by then.
    verifyAll(`tick ${scene.tick}`);
  }

  // SCENES.md's late joiner: in A anyone (everyone sees everything), in B one at each
  // client position, since what a joiner receives depends on where it stands.
  const joinBytes: number[] = [];
  const joiners = interest === null ? 1 : clientCount;
  for (let c = 0; c < joiners; c++) {
    const join = system.lateJoin(c);
    const visible = interest === null ? null : interest.visible(c);
    const where = `${system.label}, scene ${config.name}, late joiner ${c}`;
    verifyMirror(scene, join.mirror, visible, system.tolerance, worst, where);
    verifiedStates++;
    joinBytes.push(join.bytes);
  }

  // After the joins, so the heap phase's extra ticks change no join size.
  let heap: RunMeasurement["heap"] = {
    whole: null,
    tick: heapFigure(tickHeap),
    decode: heapFigure(decodeHeap),
    warmupTicks: null,
  };
  if (system.allocationFree === true) {
    heap = steadyHeap(system, scene, interest, clientCount, options.heap);
    verifyAll(`tick ${scene.tick}, after the heap phase`);
  }

  return {
    label: system.label,
    facts: system.describe(),
    encodeMs,
    tickMs,
    decodeMs,
    totalBytes,
    totalWireBytes,
    updates: measured * clientCount,
    maxUpdateBytes,
    joinBytes,
    heap,
    worst,
    verifiedStates,
  };
}
