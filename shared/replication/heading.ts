// The heading both ends derive for an angle declared `heading: "vel"`: the code of
// atan2(y, x) of the vec2's decoded value. Server and client must agree on it bit for bit,
// and Math.atan2 is not specified to the last bit across engines, so it is computed here
// with +, −, ×, ÷ and comparisons only (IEEE-exact everywhere): an octant reduction, a
// 30° shift and a Taylor series of atan on |t| ≤ tan 15° (error below 1e−11 rad).

import type { LinearQuantizer } from "../schema/linear-quantizer.js";

const HALF_PI = Math.PI / 2;
const SIXTH_PI = Math.PI / 6;
const INV_SQRT3 = 1 / Math.sqrt(3);
/** tan(15°): above it, atan(t) = π/6 + atan((t − 1/√3) / (1 + t/√3)). */
const TAN_15 = 2 - Math.sqrt(3);

/**
 * In: x, y. Out: atan2(y, x). The computation reads and writes this array rather than taking
 * and returning doubles: V8 boxes a fractional double passed to or returned from a call it
 * does not inline, and the heading runs for every steered entity on both ends every tick.
 */
const SCRATCH = new Float64Array(3);

/** SCRATCH[2] = atan2(SCRATCH[1], SCRATCH[0]), in (−π, π], 0 for (0, 0). */
function atan2Scratch(): void {
  const x = SCRATCH[0]!;
  const y = SCRATCH[1]!;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === 0 && ay === 0) {
    SCRATCH[2] = 0;
    return;
  }
  // atan(t) on [0, 1] of the smaller over the larger component.
  let t = ay <= ax ? ay / ax : ax / ay;
  let shift = 0;
  if (t > TAN_15) {
    t = (t - INV_SQRT3) / (1 + t * INV_SQRT3);
    shift = SIXTH_PI;
  }
  const t2 = t * t;
  // t − t³/3 + t⁵/5 − … + t¹⁷/17, Horner form.
  let p = 1 / 17;
  p = 1 / 15 - t2 * p;
  p = 1 / 13 - t2 * p;
  p = 1 / 11 - t2 * p;
  p = 1 / 9 - t2 * p;
  p = 1 / 7 - t2 * p;
  p = 1 / 5 - t2 * p;
  p = 1 / 3 - t2 * p;
  p = 1 - t2 * p;
  let a = shift + t * p;
  if (ay > ax) a = HALF_PI - a;
  if (x < 0) a = Math.PI - a;
  SCRATCH[2] = y < 0 ? -a : a;
}

/** The angle code of SCRATCH's heading: round(frac(a / 2π) · 2^bits) mod 2^bits. */
function scratchCode(bits: number): number {
  atan2Scratch();
  const a = SCRATCH[2]! / (2 * Math.PI);
  const turns = a - Math.floor(a);
  const size = 2 ** bits;
  const c = Math.round(turns * size);
  return c < size ? c : 0;
}

/** atan2(y, x) in (−π, π], 0 for (0, 0), from basic IEEE operations only. */
export function portableAtan2(y: number, x: number): number {
  SCRATCH[0] = x;
  SCRATCH[1] = y;
  atan2Scratch();
  return SCRATCH[2]!;
}

/**
 * The code (of an angle field with `bits` bits) of the heading of (x, y), as AngleField
 * quantizes an angle: round(frac(a / 2π) · 2^bits) mod 2^bits.
 */
export function headingCode(x: number, y: number, bits: number): number {
  SCRATCH[0] = x;
  SCRATCH[1] = y;
  return scratchCode(bits);
}

/**
 * {@link headingCode} of the vector whose lane codes are `codes[at]`, `codes[at + 1]` in
 * quantizer `q` (the vector's decoded value).
 */
export function headingOfCodes(
  codes: Float64Array,
  at: number,
  q: LinearQuantizer,
  bits: number,
): number {
  SCRATCH[0] = q.min + codes[at]! * q.step;
  SCRATCH[1] = q.min + codes[at + 1]! * q.step;
  return scratchCode(bits);
}

/** A code difference on a circle of 2^bits codes, in [−2^(bits−1), 2^(bits−1)). */
export function wrapCode(diff: number, bits: number): number {
  const size = 2 ** bits;
  const half = size / 2;
  const m = (((diff + half) % size) + size) % size;
  return m - half;
}
