// Variable-length integer codes for values whose size is not known up front: counts, index
// gaps, id gaps, prediction residuals. Exp-Golomb of order k spends k+1 bits below 2^k and
// grows by 2 bits per doubling, so a parameter matched to the expected magnitude keeps
// sparse gaps near their entropy without a table.

import type { BitReader } from "./bit-reader.js";
import type { BitWriter } from "./bit-writer.js";

/** The largest value the Exp-Golomb codes carry: 2^31 − 2 at order 0. */
export const EXP_GOLOMB_MAX = 0x7ffffffe;

/**
 * Writes `value` (0 ≤ value ≤ {@link EXP_GOLOMB_MAX}) as Exp-Golomb of order `k` (0..24):
 * with x = (value >> k) + 1 of n bits, n − 1 zero bits, a one bit, the low n − 1 bits of x
 * (LSB-first), then the low k bits of value.
 */
export function writeExpGolomb(w: BitWriter, value: number, k: number): void {
  // Shifts below 2^31 (every gap, count and residual in practice), division above.
  const small = value < 0x80000000 && k < 31;
  const high = (small ? value >>> k : Math.floor(value / 2 ** k)) + 1;
  const n = 32 - Math.clz32(high);
  if (small && 2 * n - 1 + k <= 32) {
    // The usual code (a residual, a gap, a count) fits one word: n − 1 zeros, the 1, the low
    // n − 1 bits of high, then the low k bits of value, LSB-first, in one write.
    const top = 1 << (n - 1);
    const low = k > 0 ? value & ((1 << k) - 1) : 0;
    w.writeBits(top | ((high ^ top) << n) | (low << (2 * n - 1)), 2 * n - 1 + k);
    return;
  }
  w.writeBits(0, n - 1);
  w.writeBits(1, 1);
  w.writeBits(high - 2 ** (n - 1), n - 1);
  if (k > 0) w.writeBits(small ? value & ((1 << k) - 1) : value % 2 ** k, k);
}

/** Reads an Exp-Golomb code of order `k`; a run of more than 31 zeros fails the reader. */
export function readExpGolomb(r: BitReader, k: number): number {
  const zeros = r.readZeroRun(30);
  if (r.failed) return 0;
  // zeros ≤ 30, so the shift stays a positive int32 (and so does k's, below 31).
  const high = (1 << zeros) + r.readBits(zeros);
  const value = (high - 1) * (k < 31 ? 1 << k : 2 ** k) + r.readBits(k);
  return r.failed ? 0 : value;
}

/** Bits {@link writeExpGolomb} spends on `value`. */
export function expGolombBits(value: number, k: number): number {
  const high = (value < 0x80000000 && k < 31 ? value >>> k : Math.floor(value / 2 ** k)) + 1;
  return 2 * (32 - Math.clz32(high)) - 1 + k;
}

/** Maps a signed integer to an unsigned one: 0, −1, 1, −2 … → 0, 1, 2, 3 … */
export function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/** Inverse of {@link zigzag}. */
export function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Writes a signed integer as zigzag Exp-Golomb of order `k`. */
export function writeSignedExpGolomb(w: BitWriter, value: number, k: number): void {
  writeExpGolomb(w, zigzag(value), k);
}

/** Reads a signed zigzag Exp-Golomb integer of order `k`. */
export function readSignedExpGolomb(r: BitReader, k: number): number {
  return unzigzag(readExpGolomb(r, k));
}

/**
 * The Exp-Golomb order for `count` sorted picks out of `space` slots: about log2 of the mean
 * gap, so a dense run costs ~1 bit per pick and a sparse one ~log2(space/count) + 2. Both
 * ends compute it from numbers they share, so it is never sent.
 */
export function gapOrder(space: number, count: number): number {
  if (count <= 0 || space <= count) return 0;
  const k = 31 - Math.clz32(Math.floor(space / count));
  return Math.min(k, 24);
}

/** Bits needed to write any integer in [0, max]: 0 for max = 0. */
export function bitsFor(max: number): number {
  if (max <= 0) return 0;
  if (max >= 0xffffffff) return 32;
  return 32 - Math.clz32(max);
}
