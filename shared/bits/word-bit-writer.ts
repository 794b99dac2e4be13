// A bit writer that moves whole 32-bit words: bits gather in an accumulator and go to a
// Uint32Array one word at a time, and a copy from another bit stream reads its source a word
// at a time at any bit offset. It writes the same LSB-first stream as BitWriter (stream bit i
// is bit i & 31 of word i >> 5, which on a little-endian engine is bit i & 7 of byte i >> 3),
// at a fraction of the cost per field: this is the per-client hot path, where each update is
// hundreds of entity records copied from the tick's shared encoding.
//
// The stream may follow a prefix of reserved bytes (a message header the caller fills in
// place): the buffer starts with enough padding that the stream begins on a word boundary, and
// finish() returns a view from the first reserved byte. Those views are made once per length
// and kept (a subarray is a ~100-byte heap object, and a room finishes one update per client
// per tick), two per length handed out in turn, so two successive finishes never return the
// same object: a caller can still tell a stream written again from one it handed out again.
// They are made a band of VIEW_BAND lengths at a time, the first time a length of the band is
// finished: update sizes wander (a steering room's by ±100 bytes), and a view made for each
// length when first seen was the one allocation left in a warm room's tick (2 B a tick in the
// replication bench's steering B).

/** End bytes whose views finish() makes together (see the top of this file). */
const VIEW_BAND = 64;

/** True when a Uint32Array's bytes are little-endian (every engine edgetick runs on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A word of an LSB-first byte stream as read or written through a Uint32Array: itself on a
 * little-endian engine, byte-swapped on a big-endian one.
 */
export function streamWord(word: number): number {
  return LITTLE_ENDIAN
    ? word
    : ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24);
}

/**
 * A Uint32Array over the bytes of `bytes` (a BitWriter's buffer), for {@link WordBitWriter.copy}.
 * The buffer must start at a multiple of 4 bytes; trailing bytes past a whole word are not seen.
 */
export function wordsOf(bytes: Uint8Array): Uint32Array {
  if ((bytes.byteOffset & 3) !== 0) throw new Error("wordsOf: the bytes must start on a word");
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
}

/**
 * @example
 * const w = new WordBitWriter(6);     // 6 reserved bytes, then the stream
 * w.write(5, 3);
 * w.copy(sharedWords, 40, 21);        // 21 bits of a shared stream from its bit 40
 * const frame = w.finish();            // 6 reserved bytes + the stream, zero-padded
 */
export class WordBitWriter {
  #words: Uint32Array;
  #bytes: Uint8Array;
  /** Word index the stream starts at (after the padding and reserved bytes). */
  readonly #base: number;
  /** Byte index of the first reserved byte. */
  readonly #first: number;
  /** Next word to fill. */
  #pos: number;
  /** Pending bits (the low #n of them), not yet in #words. */
  #acc = 0;
  #n = 0;
  /** finish()'s views by end byte, for even and odd finishes (emptied when the buffer grows). */
  #views: [(Uint8Array | undefined)[], (Uint8Array | undefined)[]];
  /** Which of {@link #views} the next finish() takes. */
  #turn = 0;

  /** @param reserveBytes zero bytes before the stream, returned by finish() (≤ 64) */
  constructor(reserveBytes = 0, initialWords = 1024) {
    if (!Number.isInteger(reserveBytes) || reserveBytes < 0 || reserveBytes > 64)
      throw new Error("wordBitWriter.reserveBytes must be an integer in 0..64");
    this.#base = (reserveBytes + 3) >>> 2;
    this.#first = this.#base * 4 - reserveBytes;
    this.#words = new Uint32Array(Math.max(initialWords, this.#base + 16));
    this.#bytes = new Uint8Array(this.#words.buffer);
    this.#views = emptyViews(this.#bytes.length);
    this.#pos = this.#base;
  }

  /** Bits written to the stream so far (the reserved bytes excluded). */
  get bitLength(): number {
    return ((this.#pos - this.#base) << 5) + this.#n;
  }

  /** Rewinds to an empty stream; the reserved bytes are zero again. */
  reset(): void {
    this.#words.fill(0, 0, this.#base);
    this.#pos = this.#base;
    this.#acc = 0;
    this.#n = 0;
  }

  /** Writes the low `count` bits of `value` (0 ≤ count ≤ 32; value's higher bits are ignored). */
  write(value: number, count: number): void {
    if (count === 0) return;
    const v = count === 32 ? value : value & ((1 << count) - 1);
    const n = this.#n;
    const acc = this.#acc | (v << n);
    if (n + count < 32) {
      this.#acc = acc;
      this.#n = n + count;
      return;
    }
    if (this.#pos >= this.#words.length) this.#grow();
    this.#words[this.#pos++] = streamWord(acc);
    // The bits of v that did not fit (none when the accumulator was empty).
    this.#acc = n === 0 ? 0 : v >>> (32 - n);
    this.#n = n + count - 32;
  }

  /** Appends `count` bits of the LSB-first stream `source` (see {@link wordsOf}) from bit `bit`. */
  copy(source: Uint32Array, bit: number, count: number): void {
    let at = bit;
    let left = count;
    while (left > 0) {
      const take = Math.min(left, 32);
      const i = at >>> 5;
      const shift = at & 31;
      let v = streamWord(source[i]!) >>> shift;
      if (shift + take > 32) v |= streamWord(source[i + 1]!) << (32 - shift);
      this.write(v, take);
      at += take;
      left -= take;
    }
  }

  /** Exp-Golomb of order `k` (0..24) for 0 ≤ value < 2^31, as universal-codes.ts writes it. */
  writeExpGolomb(value: number, k: number): void {
    const high = (value >>> k) + 1;
    const n = 32 - Math.clz32(high);
    // n − 1 zeros, a one, then the low n − 1 bits of high (LSB-first): one field when it fits.
    const tail = 1 | ((high ^ (1 << (n - 1))) << 1);
    if (2 * n - 1 <= 32) this.write(tail << (n - 1), 2 * n - 1);
    else {
      this.write(0, n - 1);
      this.write(tail, n);
    }
    if (k > 0) this.write(value & ((1 << k) - 1), k);
  }

  /**
   * For a loop that writes many fields with its cursor in local variables (the per-client
   * copy of hundreds of entity records): makes room for `bits` more bits and returns the
   * buffer; the loop reads {@link cursor}, writes whole words at cursor.pos, and hands the
   * cursor back with {@link advance}. See update-lists.ts for the one user.
   */
  open(bits: number): Uint32Array {
    while (this.#pos + (bits >>> 5) + 2 > this.#words.length) this.#grow();
    return this.#words;
  }

  /** The cursor: next word, pending bits (the low `n` bits of `acc`). */
  get cursorPos(): number {
    return this.#pos;
  }
  get cursorAcc(): number {
    return this.#acc;
  }
  get cursorBits(): number {
    return this.#n;
  }

  /** Takes the cursor back after an {@link open} loop wrote words up to `pos`. */
  advance(pos: number, acc: number, n: number): void {
    this.#pos = pos;
    this.#acc = acc;
    this.#n = n;
  }

  /**
   * The reserved bytes and the stream, zero-padded to a byte: a view valid until the next
   * write or reset. The view object is reused by a later finish() of the same length (never
   * by the next one).
   */
  finish(): Uint8Array {
    let end = this.#pos << 2;
    if (this.#n > 0) {
      if (this.#pos >= this.#words.length) this.#grow();
      this.#words[this.#pos] = streamWord(this.#acc);
      end += (this.#n + 7) >>> 3;
    }
    const views = this.#views[this.#turn]!;
    this.#turn ^= 1;
    let view = views[end];
    if (view === undefined) {
      this.#makeBand(views, end);
      view = views[end]!;
    }
    return view;
  }

  /** Makes the views of every end byte in `end`'s band that `views` lacks. */
  #makeBand(views: (Uint8Array | undefined)[], end: number): void {
    const from = Math.max(this.#first, end - (end % VIEW_BAND));
    const to = Math.min(this.#bytes.length, from + VIEW_BAND - 1);
    for (let e = from; e <= to; e++)
      if (views[e] === undefined) views[e] = this.#bytes.subarray(this.#first, e);
  }

  #grow(): void {
    const grown = new Uint32Array(this.#words.length * 2);
    grown.set(this.#words);
    this.#words = grown;
    this.#bytes = new Uint8Array(grown.buffer);
    // Views of the old buffer would show stale bytes.
    this.#views = emptyViews(this.#bytes.length);
  }
}

/** Two empty view tables with a slot per end byte (holey arrays of fast elements). */
function emptyViews(bytes: number): [(Uint8Array | undefined)[], (Uint8Array | undefined)[]] {
  return [
    new Array<Uint8Array | undefined>(bytes + 1),
    new Array<Uint8Array | undefined>(bytes + 1),
  ];
}
