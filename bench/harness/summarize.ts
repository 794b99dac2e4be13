// Turns a system's runs over one scene into the figures results/replication.json reports.
import { TICK_RATE } from "../scenes/scene-config.js";
import type { SystemId } from "../systems/system.js";
import type { HeapFigure, RunMeasurement } from "./run-system.js";
import { mean, median } from "./stats.js";
import { webSocketHeaderBytes } from "./websocket-frame.js";

/** One system's figures for one scene (the JSON's `scenes.<A|B>.<system>`). */
export interface SystemResult {
  /** Table name of the system. */
  label: string;
  /**
   * Mean bytes one client receives per tick on the wire: the message (its type byte and
   * header included) plus the WebSocket frame header (2 bytes under 126, 4 up to 64 KiB).
   */
  bytesPerClientTick: number;
  /** The same without the WebSocket frame header (the figure issue 3 reported). */
  payloadBytesPerClientTick: number;
  /** {@link bytesPerClientTick} at 30 Hz, kbit/s (1 kbit = 1000 bits). */
  kbpsPerClient: number;
  /** Largest single update seen, bytes. */
  maxUpdateBytes: number;
  /** Server encode for all clients, ms per tick: median over runs of the per-run median. */
  encodeMsPerTick: number;
  /** Simulation + interest + state update + encode, ms per tick, same median. */
  tickMsPerTick: number;
  /** One client decoding one update, ms: median over runs of the per-run median. */
  decodeMsPerUpdate: number;
  /**
   * Full-state message for a late joiner on the wire, WebSocket frame header included,
   * bytes (mean over the joiners of scene B).
   */
  joinBytes: number;
  /** The same without the WebSocket frame header. */
  joinPayloadBytes: number;
  /** Smallest and largest late-join message, bytes. */
  joinBytesRange: [number, number];
  /** Largest |decoded − server| of x or y over every client, tick and joiner, units. */
  maxPositionError: number;
  /** Largest |decoded − server| of vx or vy, units/s. */
  maxVelocityError: number;
  /** Largest decoded-vs-server angle difference on the circle, radians. */
  maxAngleError: number;
  /** Per-run medians behind the time figures, to show their spread. */
  runs: { encodeMsPerTick: number[]; tickMsPerTick: number[]; decodeMsPerUpdate: number[] };
  /** Means over all runs, beside the medians. */
  means: { encodeMsPerTick: number; tickMsPerTick: number; decodeMsPerUpdate: number };
  /**
   * Heap bytes (JS heap + array buffers) allocated per measured tick: `encode` by the
   * server's whole tick (simulation, interest, encode, sends), `decode` by one client's
   * decode of its update. Mean over the ticks without a garbage collection inside, over the
   * runs after the first when there are several (the first run's code is still compiling).
   * `whole` is the steady state's server tick and every client's decode of it together, read
   * over 500 ticks at once (exact to ~1.3 B; bench/harness/heap-meter.ts), NaN where the
   * system has no steady-state phase; `encode` and `decode` are read stretch by stretch and
   * carry the statistics call's own allocation as V8 happened to compile it.
   */
  heapBytesPerTick: { whole: number; encode: number; decode: number };
  /** Ticks (encode) and updates (decode) behind {@link heapBytesPerTick}, and those left out. */
  heapSamples: { encode: [kept: number, skipped: number]; decode: [kept: number, skipped: number] };
  /**
   * Of the kept ticks (encode) and updates (decode), those that allocated anything: a
   * steady state that allocates nothing shows a handful (V8's background marker), one that
   * allocates every tick shows all of them.
   */
  heapAllocating: { encode: number; decode: number };
  /**
   * Per run, the untimed ticks run before the heap figures were metered (the steady-state
   * phase of an allocation-free system, bench/harness/steady-heap.ts), or null where the
   * figures come from the timed run's measured ticks.
   */
  heapWarmupTicks: (number | null)[];
  /** Per run, the clean whole runs behind `heapBytesPerTick.whole` (bytes per tick each). */
  heapWholeRuns: (readonly number[])[];
  /** Client states checked against the server (each client each tick, plus joiners). */
  verifiedStates: number;
  /** What the system reports about itself (precision, handshake size, …). */
  system: Record<string, unknown>;
  /**
   * Issue 3's ratios, against Colyseus with x, y quantized, without WebSocket headers
   * (edgetick only; kept so the change to the fair figures shows).
   */
  vsColyseusQuantized?: Ratios;
  /**
   * The fair ratios (edgetick only): each figure against the best Colyseus variant for it
   * in the same run, bytes on the wire on both sides.
   */
  vsBestColyseus?: Ratios;
  /** Which Colyseus variant was best for each figure of {@link vsBestColyseus}. */
  bestColyseus?: Record<keyof Ratios, SystemId>;
}

/** This system's figure divided by Colyseus-quantized's: below 1 is smaller or faster. */
export interface Ratios {
  bytesPerClientTick: number;
  encodeMsPerTick: number;
  tickMsPerTick: number;
  decodeMsPerUpdate: number;
  joinBytes: number;
}

/**
 * Summarizes a system's runs. Byte counts are deterministic, so they must agree between
 * runs: a difference means the pipeline is not reproducible, and throws.
 */
export function summarize(id: SystemId, runs: RunMeasurement[]): SystemResult {
  const first = runs[0];
  if (first === undefined) throw new Error(`${id}: no runs`);
  for (const run of runs) {
    if (run.totalBytes !== first.totalBytes || run.joinBytes.join() !== first.joinBytes.join()) {
      throw new Error(`${id}: byte counts differ between runs of the same seeded scene`);
    }
  }
  const bytesPerClientTick = first.totalWireBytes / first.updates;
  const joinWire = first.joinBytes.map((b) => b + webSocketHeaderBytes(b));
  // Steady state is what the heap figures are about: the first run's code is still being
  // compiled (unoptimized code boxes numbers the optimized code keeps in registers), so with
  // more than one run they come from the later ones, for every system alike.
  const warm = runs.length > 1 ? runs.slice(1) : runs;
  const heap = (pick: (r: RunMeasurement) => HeapFigure) => {
    let bytes = 0;
    let kept = 0;
    let skipped = 0;
    let allocating = 0;
    for (const r of warm) {
      const f = pick(r);
      if (f.stretches > 0) bytes += f.bytesPerStretch * f.stretches;
      kept += f.stretches;
      skipped += f.skipped;
      allocating += f.allocating;
    }
    return { bytes: kept === 0 ? Number.NaN : bytes / kept, kept, skipped, allocating };
  };
  const wholes = warm.map((r) => r.heap.whole ?? Number.NaN).filter((w) => !Number.isNaN(w));
  const encodeHeap = heap((r) => r.heap.tick);
  const decodeHeap = heap((r) => r.heap.decode);
  const runMedians = {
    encodeMsPerTick: runs.map((r) => median(r.encodeMs)),
    tickMsPerTick: runs.map((r) => median(r.tickMs)),
    decodeMsPerUpdate: runs.map((r) => median(r.decodeMs)),
  };
  const allOf = (pick: (r: RunMeasurement) => Float64Array) => mean(runs.map((r) => mean(pick(r))));
  return {
    label: first.label,
    bytesPerClientTick,
    payloadBytesPerClientTick: first.totalBytes / first.updates,
    kbpsPerClient: (bytesPerClientTick * 8 * TICK_RATE) / 1000,
    maxUpdateBytes: first.maxUpdateBytes,
    encodeMsPerTick: median(runMedians.encodeMsPerTick),
    tickMsPerTick: median(runMedians.tickMsPerTick),
    decodeMsPerUpdate: median(runMedians.decodeMsPerUpdate),
    joinBytes: mean(joinWire),
    joinPayloadBytes: mean(first.joinBytes),
    joinBytesRange: [Math.min(...joinWire), Math.max(...joinWire)],
    maxPositionError: Math.max(...runs.map((r) => r.worst.position)),
    maxVelocityError: Math.max(...runs.map((r) => r.worst.velocity)),
    maxAngleError: Math.max(...runs.map((r) => r.worst.angle)),
    runs: runMedians,
    means: {
      encodeMsPerTick: allOf((r) => r.encodeMs),
      tickMsPerTick: allOf((r) => r.tickMs),
      decodeMsPerUpdate: allOf((r) => r.decodeMs),
    },
    heapBytesPerTick: {
      whole: wholes.length === 0 ? Number.NaN : mean(wholes),
      encode: encodeHeap.bytes,
      decode: decodeHeap.bytes,
    },
    heapSamples: {
      encode: [encodeHeap.kept, encodeHeap.skipped],
      decode: [decodeHeap.kept, decodeHeap.skipped],
    },
    heapAllocating: { encode: encodeHeap.allocating, decode: decodeHeap.allocating },
    heapWarmupTicks: runs.map((r) => r.heap.warmupTicks),
    heapWholeRuns: runs.map((r) => r.heap.wholeRuns ?? []),
    verifiedStates: runs.reduce((sum, r) => sum + r.verifiedStates, 0),
    system: first.facts,
  };
}

/**
 * Issue 3's ratios: `result`'s figures divided by `base`'s, bytes without WebSocket headers
 * (as that issue measured them).
 */
export function ratios(result: SystemResult, base: SystemResult): Ratios {
  return {
    bytesPerClientTick: result.payloadBytesPerClientTick / base.payloadBytesPerClientTick,
    encodeMsPerTick: result.encodeMsPerTick / base.encodeMsPerTick,
    tickMsPerTick: result.tickMsPerTick / base.tickMsPerTick,
    decodeMsPerUpdate: result.decodeMsPerUpdate / base.decodeMsPerUpdate,
    joinBytes: result.joinPayloadBytes / base.joinPayloadBytes,
  };
}

const RATIO_KEYS = [
  "bytesPerClientTick",
  "encodeMsPerTick",
  "tickMsPerTick",
  "decodeMsPerUpdate",
  "joinBytes",
] as const satisfies readonly (keyof Ratios)[];

/**
 * The fair ratios: each of `result`'s figures over the smallest (best) of `peers`' for it,
 * bytes on the wire; and which peer that was.
 */
export function ratiosToBest(
  result: SystemResult,
  peers: Partial<Record<SystemId, SystemResult>>,
): { ratios: Ratios; best: Record<keyof Ratios, SystemId> } {
  const out = {} as Ratios;
  const best = {} as Record<keyof Ratios, SystemId>;
  for (const key of RATIO_KEYS) {
    let bestId: SystemId | undefined;
    for (const [id, peer] of Object.entries(peers) as [SystemId, SystemResult][]) {
      if (bestId === undefined || peer[key] < peers[bestId]![key]) bestId = id;
    }
    if (bestId === undefined) throw new Error("ratiosToBest: no peer");
    out[key] = result[key] / peers[bestId]![key];
    best[key] = bestId;
  }
  return { ratios: out, best };
}
