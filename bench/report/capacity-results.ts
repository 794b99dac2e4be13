// The machine-readable result of `npm run bench:capacity` (bench/results/capacity.json, which
// bench/report/capacity-doc.ts renders): each room's ticks summed up against the 30 Hz
// budget and its target.

import {
  BUDGETED_BYTES_PER_SECOND,
  CLIENTS,
  ENTITIES,
  LARGE,
  RADIUS,
  SAMPLED_CLIENTS,
  VERIFIED_CLIENTS,
} from "../capacity/capacity-config.js";
import type { CapacityRun } from "../capacity/capacity-room.js";
import { median, percentile } from "../harness/stats.js";
import { BENCH_BYTES_PER_SECOND } from "../systems/edgetick.js";
import type { CapacityResults } from "./capacity-doc.js";
import { machineInfo } from "./machine.js";

/** Issue 21's target: the 99th percentile tick under this share of the budget. */
const LARGE_TARGET_SHARE = 0.5;
/** The budget of one tick at 30 Hz, ms. */
const BUDGET_MS = 1000 / 30;
/** The target: the 99th percentile tick under this share of the budget. */
const TARGET_SHARE = 0.25;

/** `n` to `digits` decimals, as the results file shows it. */
export function round(n: number, digits = 3): number {
  return Number(n.toFixed(digits));
}

/**
 * The whole run's results: issue 8's room in full and budgeted, issue 21's room, and the
 * machine's 1-minute load average when each room started and ended (`rooms`, in that order).
 */
export function capacityResults(
  full: CapacityRun,
  budgeted: CapacityRun,
  large: CapacityRun,
  measured: number,
  rooms: number[][],
): CapacityResults {
  const { tickMs, gameMs, bytes, visible, examined } = full;
  const budgetedP99 = percentile(budgeted.tickMs, 0.99);
  const p99 = percentile(tickMs, 0.99);
  return {
    clients: CLIENTS,
    entities: ENTITIES,
    tickRate: 30,
    interestRadius: RADIUS,
    measuredTicks: measured,
    tickMsMedian: round(median(tickMs)),
    tickMsP99: round(p99),
    cpuMsPerTick: round(full.cpuMsPerTick),
    budgetMs: round(BUDGET_MS, 1),
    p99ShareOfBudget: round(p99 / BUDGET_MS),
    target: `p99 tick < ${TARGET_SHARE * 100}% of the budget (${round(BUDGET_MS * TARGET_SHARE, 2)} ms)`,
    targetMet: p99 < BUDGET_MS * TARGET_SHARE,
    // Simulation + interest (grid update and per-client queries); the rest is replication.
    simulationAndInterestMsMedian: round(median(gameMs)),
    bytesPerClientTick: round(bytes / (measured * CLIENTS), 1),
    entitiesVisiblePerClient: round(visible / CLIENTS, 1),
    entitiesExaminedPerClientQuery: round(examined / CLIENTS, 1),
    budgeted: {
      bytesPerSecondPerClient: BUDGETED_BYTES_PER_SECOND,
      tickMsMedian: round(median(budgeted.tickMs)),
      tickMsP99: round(budgetedP99),
      p99ShareOfBudget: round(budgetedP99 / BUDGET_MS),
      bytesPerClientTick: round(budgeted.bytes / (measured * CLIENTS), 1),
      bytesPerClientSecond: round((budgeted.bytes / (measured * CLIENTS)) * 30, 0),
      sampledClients: SAMPLED_CLIENTS,
      // Held entities whose position is the server's, within r/2 of the seat and beyond.
      freshShareNear: round(budgeted.fresh.near / budgeted.fresh.nearHeld),
      freshShareFar: round(budgeted.fresh.far / budgeted.fresh.farHeld),
    },
    thousandPlayers: thousandPlayersResults(large, measured),
    machine: machineInfo(),
    loadAverage: { start: rooms[0]![0]!, end: rooms[2]![1]!, rooms },
  };
}

/** The 1,000-player room's results (also the whole output of `--only thousand`). */
export function thousandPlayersResults(large: CapacityRun, measured: number) {
  const largeP99 = percentile(large.tickMs, 0.99);
  return {
    clients: LARGE.clients,
    entities: LARGE.entities,
    motion: LARGE.motion,
    interestRadius: RADIUS,
    tickMsMedian: round(median(large.tickMs)),
    tickMsP99: round(largeP99),
    p99ShareOfBudget: round(largeP99 / BUDGET_MS),
    cpuMsPerTick: round(large.cpuMsPerTick),
    cpuShareOfBudget: round(large.cpuMsPerTick / BUDGET_MS),
    target: `p99 tick < ${LARGE_TARGET_SHARE * 100}% of the budget (${round(BUDGET_MS * LARGE_TARGET_SHARE, 2)} ms)`,
    targetMet: largeP99 < BUDGET_MS * LARGE_TARGET_SHARE,
    // Medians of each part over the measured ticks, ms (they need not add up to the
    // median tick exactly).
    phasesMsMedian: {
      simulation: round(median(large.phases.simulation)),
      interest: round(median(large.phases.interest)),
      encode: round(median(large.phases.encode)),
      perClientUpdates: round(median(large.phases.perClientUpdates)),
      sends: round(median(large.phases.sends)),
    },
    // Each part's share of the summed wall-clock ticks times the CPU time per tick: the
    // parts as they would cost on a core of their own.
    phasesCpuMsEstimate: cpuEstimate(large.phases, large.tickMs, large.cpuMsPerTick),
    bytesPerClientTick: round(large.bytes / (measured * LARGE.clients), 1),
    entitiesVisiblePerClient: round(large.visible / LARGE.clients, 1),
    entitiesExaminedPerClientQuery: round(large.examined / LARGE.clients, 1),
    verifiedClients: VERIFIED_CLIENTS,
    maxPositionError: round(large.worst.position, 5),
    stateBudgetBytesPerSecond: BENCH_BYTES_PER_SECOND,
    // Heap and array buffers the run holds at its end after a full collection, MiB.
    heldMiB: round(large.held / 2 ** 20, 1),
  };
}

/** Each phase's share of the total tick time, times `cpuMsPerTick`. */
function cpuEstimate<K extends string>(
  phases: Record<K, Float64Array>,
  tickMs: Float64Array,
  cpuMsPerTick: number,
): Record<K, number> {
  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);
  const total = sum(tickMs);
  const out = {} as Record<K, number>;
  for (const key of Object.keys(phases) as K[]) {
    out[key] = round((sum(phases[key]) / total) * cpuMsPerTick);
  }
  return out;
}
