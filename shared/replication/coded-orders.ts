// How the coded fields' changes go on the wire — floats and vectors (deltas from the held
// codes, or prediction residuals) and heading angles (residuals against the derived heading)
// — and which code each tick uses. A value v ≥ 0 (a zigzagged difference) is written with
// an *order* o (5 bits in a DELTA's header):
//
//   o = 0..15   Exp-Golomb of order o: suits small, peaked values (residuals of 0 or ±1)
//   o = 16..31  w = o − 15 bits (1..16) for v < 2^w − 1; else 2^w − 1 in w bits (an
//               escape) and v − (2^w − 1) as Exp-Golomb of order 0: suits values spread
//               evenly below a bound (a steered velocity's kick)
//
// The right order depends on the game's motion, so the server counts each tick's coded
// values and codes the next tick's with the order that would have been cheapest; every DELTA
// carries the orders it was written with, and a tick whose orders all are 0 (nothing learnt,
// or too little to gain) carries one bit instead.

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";
import { expGolombBits, readExpGolomb, writeExpGolomb } from "../bits/universal-codes.js";
import type { ComponentDef } from "../schema/component.js";

/** Largest order a DELTA can carry (5 bits). */
export const MAX_CODED_ORDER = 31;

/** Orders below this are Exp-Golomb orders; from it on, escape codes of o − 15 bits. */
const ESCAPE_FROM = 16;

/** Fewest bits a tick's orders must save over order 0 to be sent at all. */
const MIN_GAIN_BITS = 64;

/** Writes `value` (≥ 0) with order `o`. */
export function writeCoded(w: BitWriter, value: number, o: number): void {
  if (o < ESCAPE_FROM) {
    writeExpGolomb(w, value, o);
    return;
  }
  const width = o - (ESCAPE_FROM - 1);
  const escapeCode = (1 << width) - 1;
  if (value < escapeCode) {
    w.writeBits(value, width);
    return;
  }
  w.writeBits(escapeCode, width);
  writeExpGolomb(w, value - escapeCode, 0);
}

/** Reads a value written by {@link writeCoded} with order `o`. */
export function readCoded(r: BitReader, o: number): number {
  if (o < ESCAPE_FROM) return readExpGolomb(r, o);
  const width = o - (ESCAPE_FROM - 1);
  const escapeCode = (1 << width) - 1;
  const v = r.readBits(width);
  return v < escapeCode ? v : escapeCode + readExpGolomb(r, 0);
}

/** Bits {@link writeCoded} spends on `value` with order `o`. */
export function codedBits(value: number, o: number): number {
  if (o < ESCAPE_FROM) return expGolombBits(value, o);
  const width = o - (ESCAPE_FROM - 1);
  const escapeCode = (1 << width) - 1;
  return value < escapeCode ? width : width + expGolombBits(value - escapeCode, 0);
}

/** Buckets of the histogram: values 0..15 exactly, then one per bit length 5..32. */
const EXACT = 16;
const BUCKETS = EXACT + 33;

/** The bucket of a zigzagged value. */
function bucketOf(v: number): number {
  if (v < EXACT) return v;
  return EXACT + (v >= 2 ** 32 ? 32 : 32 - Math.clz32(v));
}

/** A representative value of each bucket, for costing an order. */
const TYPICAL = Float64Array.from({ length: BUCKETS }, (_, b) =>
  b < EXACT ? b : Math.floor(3 * 2 ** (b - EXACT - 2)),
);

/**
 * Bits of each bucket's typical value under each order (`o · BUCKETS + bucket`), made once:
 * choose() costs 32 orders per coded field every tick, and a table read is a fraction of a
 * codedBits call in the once-a-tick code V8 leaves in its lower tiers for thousands of ticks.
 */
const TYPICAL_BITS = Uint8Array.from({ length: (MAX_CODED_ORDER + 1) * BUCKETS }, (_, i) =>
  codedBits(TYPICAL[i % BUCKETS]!, Math.floor(i / BUCKETS)),
);

/** The server's per-component record of the coded values written this tick. */
export class CodedStats {
  /** Per coded field, a histogram of the zigzagged values coded (bucketOf). */
  readonly #lengths: Uint32Array;
  readonly #count: number;
  /** Scratch: the buckets of one field that hold values. */
  readonly #used = new Int32Array(BUCKETS);

  constructor(def: ComponentDef) {
    this.#count = def.codedCount;
    this.#lengths = new Uint32Array(def.codedCount * BUCKETS);
  }

  /** Counts one zigzagged value (≥ 0) of coded field `coded`. */
  add(coded: number, zigzagged: number): void {
    this.#lengths[coded * BUCKETS + bucketOf(zigzagged)]!++;
  }

  /**
   * Sets `orders` to the cheapest order for what was counted (an order is kept while
   * nothing was) and starts counting afresh. Returns the bits that saves over order 0.
   */
  choose(orders: Uint8Array): number {
    const h = this.#lengths;
    const used = this.#used;
    let gain = 0;
    for (let f = 0; f < this.#count; f++) {
      // The buckets holding values: usually a handful of the 49, and each order is costed
      // over them only (this runs every tick, 32 orders per coded field).
      let nUsed = 0;
      for (let n = 0; n < BUCKETS; n++) if (h[f * BUCKETS + n]! > 0) used[nUsed++] = n;
      if (nUsed === 0) continue;
      let best = 0;
      let bestBits = 0;
      let zeroBits = 0;
      for (let o = 0; o <= MAX_CODED_ORDER; o++) {
        let bits = 0;
        for (let u = 0; u < nUsed; u++) {
          const n = used[u]!;
          bits += h[f * BUCKETS + n]! * TYPICAL_BITS[o * BUCKETS + n]!;
        }
        if (o === 0) zeroBits = bits;
        if (o === 0 || bits < bestBits) {
          bestBits = bits;
          best = o;
        }
      }
      orders[f] = best;
      gain += zeroBits - bestBits;
    }
    h.fill(0);
    return gain;
  }
}

/** Whether a tick whose chosen orders save `gainBits` over order 0 should send them. */
export function ordersPay(gainBits: number): boolean {
  return gainBits >= MIN_GAIN_BITS;
}
