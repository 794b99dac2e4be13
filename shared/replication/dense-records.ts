// Each changed entity's shared delta bits, extracted once per tick into one integer when they
// fit 32 bits (a steered mover's delta is ~25), beside one integer holding the record's length
// and the bits each of the first four components took (6 bits each: a record of at most 32
// bits has no component above 32): each client then appends a record with one OR and a shift
// instead of a bit copy, reading 8 aligned bytes per entity (a 1,000-player room reads ~600
// records per client per tick, scattered over the id space: 10,000 entities' records are
// 80 KB, where five integers each were 200 KB and a third of them straddled cache lines). In the
// common case of dense change (the entity follows the previous change in the client's known
// list: rank gap 0 at gap order 0, the one bit `1`) the gap code joins the record's field.
// Longer records (a velocity sent whole, a structure change) are marked and copied from the
// shared buffer, their component bits read from the encoder's table.

import { streamWord, type WordBitWriter } from "../bits/word-bit-writer.js";
import { popcount } from "../world/entity-set.js";
import type { TickEncoder } from "./tick-encoder.js";

/** Components whose bits a record's length word carries (6 bits each above its length). */
const LANES = 4;
/** The low 6 bits of a length word, or of one of its lanes. */
const LANE_MASK = 63;

/** Per tick, per changed entity: its shared delta bits as one field when they fit. */
export class DenseRecords {
  /**
   * Entity e's record at [2e]: its bits (LSB-first); at [2e + 1] its length word: the length
   * in bits (1..32, or 0 when empty or longer: copy it instead) in the low 6 bits, then 6 bits
   * per component (the first {@link LANES}) of what it took.
   */
  readonly packed: Int32Array;
  readonly #components: number;
  #tick = -1;
  /** The encoder's delta buffer as words, as of the last refresh. */
  #source: Uint32Array = new Uint32Array(0);

  constructor(capacity: number, components: number) {
    this.#components = components;
    this.packed = new Int32Array(capacity * 2);
  }

  /** Extracts this tick's records from `source` (the encoder's delta buffer as words), once. */
  refresh(enc: TickEncoder, source: Uint32Array): void {
    this.#source = source;
    if (this.#tick === enc.tick) return;
    this.#tick = enc.tick;
    const changed = enc.changed.words;
    const start = enc.deltaStart;
    const bits = enc.deltaBits;
    const components = enc.deltaComponentBits;
    const packed = this.packed;
    const nc = this.#components;
    const lanes = Math.min(nc, LANES);
    for (let w = 0; w < changed.length; w++) {
      let d = changed[w]!;
      while (d !== 0) {
        const low = d & -d;
        d ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        const n = bits[e]!;
        if (n > 32 || n === 0) {
          packed[2 * e + 1] = 0;
          continue;
        }
        let meta = n;
        for (let c = 0; c < lanes; c++) meta |= components[e * nc + c]! << (6 * (c + 1));
        const from = start[e]!;
        const i = from >>> 5;
        const shift = from & 31;
        let v = (streamWord(source[i]!) >>> shift) | 0;
        if (shift + n > 32) v |= streamWord(source[i + 1]!) << (32 - shift);
        packed[2 * e] = n === 32 ? v : v & ((1 << n) - 1);
        packed[2 * e + 1] = meta;
      }
    }
  }

  /**
   * Appends a DELTA's changes after its count and orders: for each entity of `changed` (a
   * subset of `known`, both bitset words up to `span`, `count` of them) its rank gap in the
   * known list as EG`order`, then its record. Adds what each component took to `sent`. The
   * per-client hot loop: the writer's cursor stays in local variables, the gap is counted
   * while walking the known entities (no ranks), and a record that fits goes with its gap
   * code as one field; longer ones are copied a word at a time.
   */
  append(
    out: WordBitWriter,
    enc: TickEncoder,
    changed: Uint32Array,
    kw: Uint32Array,
    span: number,
    n: number,
    order: number,
    sent: Float64Array,
  ): void {
    const src = this.#source;
    const packed = this.packed;
    const ncomp = this.#components;
    const components = enc.deltaComponentBits;
    const start = enc.deltaStart;
    const bits = enc.deltaBits;
    const orderMask = (1 << order) - 1;
    // Every record is a piece of the shared buffer; a gap code takes at most 64 bits.
    let dst = out.open(enc.delta.bitLength + n * 64);
    let pos = out.cursorPos;
    let acc = out.cursorAcc;
    let nb = out.cursorBits;
    // Known entities passed since the last change: the next change's rank gap.
    let gap = 0;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let w = 0; w < span; w++) {
      let k = kw[w]!;
      if (k === 0) continue;
      const d = changed[w]!;
      if (d === 0) {
        gap += popcount(k);
        continue;
      }
      while (k !== 0) {
        const low = k & -k;
        k ^= low;
        if ((d & low) === 0) {
          gap++;
          continue;
        }
        const e = (w << 5) + 31 - Math.clz32(low);
        const meta = packed[2 * e + 1]!;
        const rl = meta & LANE_MASK;
        if ((gap | order) === 0 && rl !== 0 && rl < 32) {
          // The usual case: the gap code `1` and the record in one field.
          const code = (packed[2 * e]! << 1) | 1;
          const len = rl + 1;
          acc |= code << nb;
          nb += len;
          if (nb >= 32) {
            dst[pos++] = streamWord(acc);
            nb -= 32;
            acc = nb === 0 ? 0 : (code >>> (len - nb)) | 0;
          }
        } else {
          // The gap's Exp-Golomb code as one field, then the record.
          const high = (gap >>> order) + 1;
          const hb = 32 - Math.clz32(high);
          const len = 2 * hb - 1 + order;
          if (len <= 32) {
            const code =
              ((1 | ((high ^ (1 << (hb - 1))) << 1)) << (hb - 1)) |
              (order === 0 ? 0 : (gap & orderMask) << (2 * hb - 1));
            acc |= code << nb;
            nb += len;
            if (nb >= 32) {
              dst[pos++] = streamWord(acc);
              nb -= 32;
              acc = nb === 0 ? 0 : (code >>> (len - nb)) | 0;
            }
          } else {
            out.advance(pos, acc, nb);
            out.writeExpGolomb(gap, order);
            dst = out.open(enc.delta.bitLength + n * 64);
            pos = out.cursorPos;
            acc = out.cursorAcc;
            nb = out.cursorBits;
          }
          if (rl !== 0) {
            const v = packed[2 * e]!;
            acc |= v << nb;
            nb += rl;
            if (nb >= 32) {
              dst[pos++] = streamWord(acc);
              nb -= 32;
              acc = nb === 0 ? 0 : (v >>> (rl - nb)) | 0;
            }
          } else {
            // A long record: its bits of the shared stream, a word at a time.
            let from = start[e]!;
            let left = bits[e]!;
            while (left > 0) {
              const take = Math.min(left, 32);
              const i = from >>> 5;
              const shift = from & 31;
              // `| 0` keeps every value an int32 (a uint32 would make V8 fall back to doubles).
              let v = (streamWord(src[i]!) >>> shift) | 0;
              if (shift + take > 32) v |= streamWord(src[i + 1]!) << (32 - shift);
              if (take < 32) v &= (1 << take) - 1;
              acc |= v << nb;
              nb += take;
              if (nb >= 32) {
                dst[pos++] = streamWord(acc);
                nb -= 32;
                acc = nb === 0 ? 0 : (v >>> (take - nb)) | 0;
              }
              from += take;
              left -= take;
            }
          }
        }
        gap = 0;
        // What each component's values took, summed here and added to the report once: from
        // the length word's lanes, or the encoder's table for a long record and components
        // past the lanes.
        if (rl !== 0) {
          s0 += (meta >>> 6) & LANE_MASK;
          s1 += (meta >>> 12) & LANE_MASK;
          s2 += (meta >>> 18) & LANE_MASK;
          s3 += (meta >>> 24) & LANE_MASK;
          for (let c = LANES; c < ncomp; c++) sent[c] = sent[c]! + components[e * ncomp + c]!;
        } else for (let c = 0; c < ncomp; c++) sent[c] = sent[c]! + components[e * ncomp + c]!;
      }
    }
    out.advance(pos, acc, nb);
    // Lanes past the schema's components stay 0.
    sent[0] = sent[0]! + s0;
    if (ncomp > 1) sent[1] = sent[1]! + s1;
    if (ncomp > 2) sent[2] = sent[2]! + s2;
    if (ncomp > 3) sent[3] = sent[3]! + s3;
  }
}
