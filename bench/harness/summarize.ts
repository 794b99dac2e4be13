// Turns a system's runs over one scene into the figures results/replication.json reports.
import { TICK_RATE } from "../scenes/scene-config.js";
import type { SystemId } from "../systems/system.js";
import type { RunMeasurement } from "./run-system.js";
import { mean, median } from "./stats.js";

/** One system's figures for one scene (the JSON's `scenes.<A|B>.<system>`). */
export interface SystemResult {
  /** Table name of the system. */
  label: string;
  /** Mean bytes one client receives per tick, message-type byte included. */
  bytesPerClientTick: number;
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
  /** Full-state message for a late joiner, bytes (mean over the joiners of scene B). */
  joinBytes: number;
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
  /** Client states checked against the server (each client each tick, plus joiners). */
  verifiedStates: number;
  /** What the system reports about itself (precision, handshake size, …). */
  system: Record<string, unknown>;
  /** Ratios against Colyseus-quantized measured in the same run (edgetick only). */
  vsColyseusQuantized?: Ratios;
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
  const bytesPerClientTick = first.totalBytes / first.updates;
  const runMedians = {
    encodeMsPerTick: runs.map((r) => median(r.encodeMs)),
    tickMsPerTick: runs.map((r) => median(r.tickMs)),
    decodeMsPerUpdate: runs.map((r) => median(r.decodeMs)),
  };
  const allOf = (pick: (r: RunMeasurement) => Float64Array) => mean(runs.map((r) => mean(pick(r))));
  return {
    label: first.label,
    bytesPerClientTick,
    kbpsPerClient: (bytesPerClientTick * 8 * TICK_RATE) / 1000,
    maxUpdateBytes: first.maxUpdateBytes,
    encodeMsPerTick: median(runMedians.encodeMsPerTick),
    tickMsPerTick: median(runMedians.tickMsPerTick),
    decodeMsPerUpdate: median(runMedians.decodeMsPerUpdate),
    joinBytes: mean(first.joinBytes),
    joinBytesRange: [Math.min(...first.joinBytes), Math.max(...first.joinBytes)],
    maxPositionError: Math.max(...runs.map((r) => r.worst.position)),
    maxVelocityError: Math.max(...runs.map((r) => r.worst.velocity)),
    maxAngleError: Math.max(...runs.map((r) => r.worst.angle)),
    runs: runMedians,
    means: {
      encodeMsPerTick: allOf((r) => r.encodeMs),
      tickMsPerTick: allOf((r) => r.tickMs),
      decodeMsPerUpdate: allOf((r) => r.decodeMs),
    },
    verifiedStates: runs.reduce((sum, r) => sum + r.verifiedStates, 0),
    system: first.facts,
  };
}

/** `result`'s figures divided by `base`'s. */
export function ratios(result: SystemResult, base: SystemResult): Ratios {
  return {
    bytesPerClientTick: result.bytesPerClientTick / base.bytesPerClientTick,
    encodeMsPerTick: result.encodeMsPerTick / base.encodeMsPerTick,
    tickMsPerTick: result.tickMsPerTick / base.tickMsPerTick,
    decodeMsPerUpdate: result.decodeMsPerUpdate / base.decodeMsPerUpdate,
    joinBytes: result.joinBytes / base.joinBytes,
  };
}
