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
import type { TickEncoder } from "./tick-encoder.js";

/** Components whose bits a record's length word carries (6 bits each above its length). */
const LANES = 4;
/** The low 6 bits of a length word, or of one of its lanes. */
const LANE_MASK = 63;
/**
 * Lanes 0 and 2 of a length word where they stand (bits 6–11 and 18–23); lanes 1 and 3 land
 * there shifted right by 6. Summed as they are, each lane has 12 bits before the next (a lane
 * holds ≤ 32), so {@link LANE_FLUSH} records' sums fit before they are taken apart.
 */
const EVEN_LANES = 0x00fc0fc0;
/** Records summed into the lane accumulators between flushes (64 × 32 < 2^12). */
const LANE_FLUSH = 64;
/** Rank gaps below this have their Exp-Golomb code in a table (per order), not computed. */
const SMALL_GAPS = 16;
/** Exp-Golomb orders a gap may be written at (gapOrder's cap). */
const ORDERS = 25;

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
  /** EG`k` of gap g at [k × SMALL_GAPS + g]: its code (LSB-first) and its length in bits. */
  readonly #gapCode = new Int32Array(ORDERS * SMALL_GAPS);
  readonly #gapBits = new Int32Array(ORDERS * SMALL_GAPS);

  constructor(capacity: number, components: number) {
    this.#components = components;
    this.packed = new Int32Array(capacity * 2);
    for (let k = 0; k < ORDERS; k++) {
      for (let g = 0; g < SMALL_GAPS; g++) {
        const high = (g >>> k) + 1;
        const hb = 32 - Math.clz32(high);
        // Codes of up to 24 + 9 bits: those past 32 are never read (the record must fit too).
        const len = 2 * hb - 1 + k;
        this.#gapBits[k * SMALL_GAPS + g] = len;
        this.#gapCode[k * SMALL_GAPS + g] =
          len > 32
            ? 0
            : ((1 | ((high ^ (1 << (hb - 1))) << 1)) << (hb - 1)) |
              ((g & ((1 << k) - 1)) << (2 * hb - 1));
      }
    }
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
   * Appends a DELTA's changes after its count and orders: for each of the `n` entities of
   * `ids` (increasing, each at rank `ranks[i]` of the client's known list) its rank gap as
   * EG`order`, then its record. Adds what each component took to `sent`. The per-client hot
   * loop (a 1,000-player room runs it ~500,000 times a tick): a flat list, no bitset words,
   * the writer's cursor in local variables, the gap code and the record as one field, and a
   * word flushed without a branch (stored every time, the cursor moved by the carry), so
   * the only branch that depends on the data is the rare record that does not fit.
   */
  append(
    out: WordBitWriter,
    enc: TickEncoder,
    ids: Int32Array,
    ranks: Int32Array,
    n: number,
    order: number,
    sent: Float64Array,
  ): void {
    const packed = this.packed;
    const ncomp = this.#components;
    const components = enc.deltaComponentBits;
    const orderMask = (1 << order) - 1;
    const gapCode = this.#gapCode;
    const gapBits = this.#gapBits;
    const table = order * SMALL_GAPS;
    // Every record is a piece of the shared buffer; a gap code takes at most 64 bits.
    const room = enc.delta.bitLength + n * 64;
    let dst = out.open(room);
    let pos = out.cursorPos;
    let acc = out.cursorAcc;
    let nb = out.cursorBits;
    let prev = -1;
    // What each component's values took: the length words' lanes summed two at a time and
    // added to the report every LANE_FLUSH records; a long record (length word 0, no lanes)
    // and components past the lanes from the encoder's table.
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i++) {
      const e = ids[i]!;
      const rank = ranks[i]!;
      const gap = rank - prev - 1;
      prev = rank;
      const meta = packed[2 * e + 1]!;
      const rl = meta & LANE_MASK;
      // EG`order` of the gap (WordBitWriter.writeExpGolomb's code): from the table when small
      // (gap 0 at order 0, the entity after the previous change, is the one bit `1`).
      let gcode: number;
      let glen: number;
      if (gap < SMALL_GAPS) {
        gcode = gapCode[table + gap]!;
        glen = gapBits[table + gap]!;
      } else {
        const high = (gap >>> order) + 1;
        const hb = 32 - Math.clz32(high);
        glen = 2 * hb - 1 + order;
        gcode =
          glen > 32
            ? 0
            : ((1 | ((high ^ (1 << (hb - 1))) << 1)) << (hb - 1)) |
              ((gap & orderMask) << (2 * hb - 1));
      }
      const len = glen + rl;
      if (rl === 0 || len > 32) {
        // A long record or a long gap: written field by field (rare).
        out.advance(pos, acc, nb);
        out.writeExpGolomb(gap, order);
        this.#copyRecord(out, enc, e);
        dst = out.open(room);
        pos = out.cursorPos;
        acc = out.cursorAcc;
        nb = out.cursorBits;
        if (rl === 0)
          for (let c = 0; c < LANES && c < ncomp; c++)
            sent[c] = sent[c]! + components[e * ncomp + c]!;
      } else {
        const code = gcode | (packed[2 * e]! << glen);
        // One field of `len` ≤ 32 bits: the word is stored whether or not it filled (the
        // next store overwrites it until it has), the carry moves the cursor, and the bits
        // that did not fit, code >>> (32 − nb), start the next word.
        acc |= code << nb;
        const end = nb + len;
        dst[pos] = streamWord(acc);
        const carry = end >>> 5;
        pos += carry;
        const spill = (code >>> 1) >>> (31 - nb);
        acc = (acc & (carry - 1)) | (spill & -carry);
        nb = end & 31;
      }
      even += meta & EVEN_LANES;
      odd += (meta >>> 6) & EVEN_LANES;
      if ((i & (LANE_FLUSH - 1)) === LANE_FLUSH - 1) {
        addLanes(sent, ncomp, even, odd);
        even = 0;
        odd = 0;
      }
      if (ncomp > LANES)
        for (let c = LANES; c < ncomp; c++) sent[c] = sent[c]! + components[e * ncomp + c]!;
    }
    out.advance(pos, acc, nb);
    addLanes(sent, ncomp, even, odd);
  }

  /** Entity `e`'s record: its bits of the shared stream, copied a word at a time. */
  #copyRecord(out: WordBitWriter, enc: TickEncoder, e: number): void {
    out.copy(this.#source, enc.deltaStart[e]!, enc.deltaBits[e]!);
  }
}

/** Adds summed lanes (`even`: lanes 0 and 2 in place, `odd`: 1 and 3 shifted down) to `sent`. */
function addLanes(sent: Float64Array, ncomp: number, even: number, odd: number): void {
  // Lanes past the schema's components stay 0.
  sent[0] = sent[0]! + ((even >>> 6) & 0xfff);
  if (ncomp > 1) sent[1] = sent[1]! + ((odd >>> 6) & 0xfff);
  if (ncomp > 2) sent[2] = sent[2]! + ((even >>> 18) & 0xfff);
  if (ncomp > 3) sent[3] = sent[3]! + ((odd >>> 18) & 0xfff);
}
