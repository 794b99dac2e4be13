// The information content of a scene's changes at edgetick's declared precision: what an
// ideal coder that knows the scene's statistics (and nothing of its seed) would need to send
// each client per tick. It is measured on the scene itself, independently of any system,
// so `bytes / entropy` says how close a wire format comes to it.
//
// The estimator: every tick, for every entity a client already holds, each lane of its state
// is one symbol — its residual against what the client can predict from what it holds:
//   vx, vy  new code − held code (step 1/64 units/s)
//   x, y    0 while the client's dead reckoning (its held position + v·dt, v the NEW
//           quantized velocity) stays within the declared tolerance (1/64 units) of the
//           server's; else the correction in steps, round((x − reckoned) / step), after
//           which the client holds the quantized x. The ideal coder keeps the same
//           tolerance edgetick's schema declares, and no more than it.
//   angle   10-bit code − code of atan2(v) (a heading derived from the quantized velocity)
//   hp      (new − held) mod 256;  kind never changes (always 0, no information)
// An unchanged lane is the symbol 0, so the cost of saying which entities changed is in the
// same histogram. Each lane's symbols over all clients and measured ticks form an empirical
// distribution; its Shannon entropy H times the symbol count is the lane's bits. An entity
// entering a client's view costs its full state at the declared widths plus its id
// (log2 N), one leaving its id. The estimate is first order (lanes independent, no context
// between ticks), the usual yardstick for a per-tick delta coder.
import { ArenaScene } from "../scenes/arena-scene.js";
import { InterestGrid } from "../scenes/interest-grid.js";
import {
  ARENA_SIZE,
  DT,
  KIND_COUNT,
  MEASURED_TICKS,
  type SceneConfig,
  WARMUP_TICKS,
} from "../scenes/scene-config.js";
import {
  ANGLE_BITS,
  POSITION_STEP,
  POSITION_TOLERANCE,
  VELOCITY_STEP,
} from "../systems/edgetick-schema.js";

/** The lanes priced, in report order. */
const LANES = ["x", "y", "vx", "vy", "angle", "hp"] as const;
type Lane = (typeof LANES)[number];

/** Lower end of edgetick's velocity range, units/s (codes count steps from it). */
const VELOCITY_MIN = -128;
const ANGLE_CODES = 2 ** ANGLE_BITS;

/** What {@link measureInformation} found. */
export interface InformationContent {
  /** Information content per client per tick, bytes. */
  entropyBytesPerClientTick: number;
  /** The same split by field group, bytes per client per tick. */
  breakdown: {
    position: number;
    velocity: number;
    angle: number;
    hp: number;
    /** Entities entering (full state + id) and leaving (id) a client's view. */
    enterLeave: number;
  };
  /** Empirical entropy of each lane's residual, bits per symbol (one symbol per held entity). */
  bitsPerSymbol: Record<Lane, number>;
}

/** Bits of an entity entering a view: its full state at the declared widths and its id. */
function enterBits(entityCount: number): number {
  const position = Math.log2(ARENA_SIZE / POSITION_STEP + 1);
  const velocity = Math.log2((-2 * VELOCITY_MIN) / VELOCITY_STEP + 1);
  return (
    2 * position + 2 * velocity + ANGLE_BITS + 8 + Math.log2(KIND_COUNT) + Math.log2(entityCount)
  );
}

const positionCode = (v: number) => Math.round(v / POSITION_STEP);
const velocityCode = (v: number) => Math.round((v - VELOCITY_MIN) / VELOCITY_STEP);
function angleCode(a: number): number {
  const turn = (((a / (2 * Math.PI)) % 1) + 1) % 1;
  return Math.round(turn * ANGLE_CODES) % ANGLE_CODES;
}

/** Adds `weight` observations of `symbol` to `histogram`. */
function count(histogram: Map<number, number>, symbol: number, weight: number): void {
  histogram.set(symbol, (histogram.get(symbol) ?? 0) + weight);
}

/** Σ over symbols of −log2 p: T·log2 T − Σ c·log2 c, for T observations in all. */
function totalBits(histogram: Map<number, number>): { bits: number; symbols: number } {
  let total = 0;
  let sum = 0;
  for (const c of histogram.values()) {
    total += c;
    sum += c * Math.log2(c);
  }
  return { bits: total === 0 ? 0 : total * Math.log2(total) - sum, symbols: total };
}

/**
 * Measures the information content of `config`'s scene over its measured ticks (after the
 * warm-up), per client, at edgetick's declared precision.
 */
export function measureInformation(
  config: SceneConfig,
  ticks: { warmupTicks?: number; measuredTicks?: number } = {},
): InformationContent {
  const warmup = ticks.warmupTicks ?? WARMUP_TICKS;
  const measured = ticks.measuredTicks ?? MEASURED_TICKS;
  const n = config.entityCount;
  const m = config.clientCount;
  const scene = new ArenaScene({ entityCount: n, clientCount: m, motion: config.motion });
  const grid = config.viewRadius === null ? null : new InterestGrid(scene, config.viewRadius);
  const held = {
    // The position a client reconstructs, units (dead reckoned between corrections).
    x: new Float64Array(n),
    y: new Float64Array(n),
    vx: new Int32Array(n),
    vy: new Int32Array(n),
    hp: new Int32Array(n),
  };
  for (let id = 0; id < n; id++) {
    held.x[id] = positionCode(scene.x[id]!) * POSITION_STEP;
    held.y[id] = positionCode(scene.y[id]!) * POSITION_STEP;
  }
  const holdCodes = () => {
    for (let id = 0; id < n; id++) {
      held.vx[id] = velocityCode(scene.vx[id]!);
      held.vy[id] = velocityCode(scene.vy[id]!);
      held.hp[id] = scene.hp[id]!;
    }
  };
  holdCodes();
  // Dead reckons one lane of `id` and returns its symbol: 0, or the correction in steps.
  const reckon = (lane: Float64Array, id: number, v: number, truth: number): number => {
    const reckoned = lane[id]! + v * DT;
    if (Math.abs(reckoned - truth) <= POSITION_TOLERANCE) {
      lane[id] = reckoned;
      return 0;
    }
    lane[id] = positionCode(truth) * POSITION_STEP;
    return Math.round((truth - reckoned) / POSITION_STEP);
  };
  const histograms = new Map<Lane, Map<number, number>>(LANES.map((l) => [l, new Map()]));
  const weight = new Int32Array(n);
  let enters = 0;
  let leaves = 0;
  for (let t = 0; t < warmup + measured; t++) {
    scene.step();
    grid?.update(scene);
    if (t >= warmup) {
      // How many clients held each entity before this tick and still see it.
      if (grid === null) weight.fill(m);
      else {
        weight.fill(0);
        for (let c = 0; c < m; c++) {
          for (const id of grid.visible(c)) weight[id]!++;
          for (const id of grid.entered(c)) weight[id]!--;
          enters += grid.entered(c).length;
          leaves += grid.left(c).length;
        }
      }
    }
    for (let id = 0; id < n; id++) {
      const vx = velocityCode(scene.vx[id]!);
      const vy = velocityCode(scene.vy[id]!);
      const qvx = VELOCITY_MIN + vx * VELOCITY_STEP;
      const qvy = VELOCITY_MIN + vy * VELOCITY_STEP;
      // Every entity's reconstruction advances, held by a client or not (one model for all).
      const sx = reckon(held.x, id, qvx, scene.x[id]!);
      const sy = reckon(held.y, id, qvy, scene.y[id]!);
      const w = t >= warmup ? weight[id]! : 0;
      if (w > 0) {
        const heading = qvx === 0 && qvy === 0 ? 0 : Math.atan2(qvy, qvx);
        const da = angleCode(scene.angle[id]!) - angleCode(heading);
        count(histograms.get("x")!, sx, w);
        count(histograms.get("y")!, sy, w);
        count(histograms.get("vx")!, vx - held.vx[id]!, w);
        count(histograms.get("vy")!, vy - held.vy[id]!, w);
        count(
          histograms.get("angle")!,
          ((da + 1.5 * ANGLE_CODES) % ANGLE_CODES) - ANGLE_CODES / 2,
          w,
        );
        count(histograms.get("hp")!, (scene.hp[id]! - held.hp[id]!) & 0xff, w);
      }
    }
    holdCodes();
  }
  const updates = measured * m;
  const bits = {} as Record<Lane, number>;
  const bitsPerSymbol = {} as Record<Lane, number>;
  for (const lane of LANES) {
    const { bits: b, symbols } = totalBits(histograms.get(lane)!);
    bits[lane] = b;
    bitsPerSymbol[lane] = symbols === 0 ? 0 : b / symbols;
  }
  const perClientTick = (b: number) => b / 8 / updates;
  const breakdown = {
    position: perClientTick(bits.x + bits.y),
    velocity: perClientTick(bits.vx + bits.vy),
    angle: perClientTick(bits.angle),
    hp: perClientTick(bits.hp),
    enterLeave: perClientTick(enters * enterBits(n) + leaves * Math.log2(n)),
  };
  const entropyBytesPerClientTick =
    breakdown.position + breakdown.velocity + breakdown.angle + breakdown.hp + breakdown.enterLeave;
  return { entropyBytesPerClientTick, breakdown, bitsPerSymbol };
}
