// A bit-packed writer over a preallocated buffer that grows in blocks. One instance is
// reused per purpose (per tick, per client): `reset()` rewinds without freeing, so steady
// state allocates nothing. The write path trusts our own code (values fit their widths);
// the read path (BitReader) is the one that treats bytes as hostile.
//
// Bit order: LSB-first. Stream bit i is bit (i & 7) of byte (i >> 3); a value is written
// from its least significant bit up, so `writeBits(0b101, 3)` sets bits 0 and 2.
//
// A field is ORed in through a Uint32Array over the same bytes, one or two words at a time
// (streamWord keeps the byte order on a big-endian engine): everything past the cursor is
// zero, so a field needs no read-modify of its neighbours, and a run of zero bits (most
// "unchanged" flags of a delta) only moves the cursor. The tick encoder writes every
// changed entity's delta through here, a dozen fields each.

import { streamWord } from "./word-bit-writer.js";

/** Options of {@link BitWriter}. */
export interface BitWriterOptions {
  /**
   * Initial buffer size, bytes.
   * @default 1024
   */
  initialBytes?: number;
  /**
   * Growth step, bytes: the buffer grows to the next multiple of this.
   * @default 1024
   */
  blockBytes?: number;
}

/** The defaults of {@link BitWriterOptions}. */
export const DEFAULT_BIT_WRITER_OPTIONS: Readonly<Required<BitWriterOptions>> = {
  initialBytes: 1024,
  blockBytes: 1024,
};

/** Fills in and checks {@link BitWriterOptions}; throws naming the bad field. */
export function resolveBitWriterOptions(
  options: BitWriterOptions = {},
): Required<BitWriterOptions> {
  const resolved = { ...DEFAULT_BIT_WRITER_OPTIONS, ...options };
  if (!Number.isInteger(resolved.initialBytes) || resolved.initialBytes < 1)
    throw new Error("bitWriter.initialBytes must be an integer ≥ 1");
  if (!Number.isInteger(resolved.blockBytes) || resolved.blockBytes < 1)
    throw new Error("bitWriter.blockBytes must be an integer ≥ 1");
  return resolved;
}

/**
 * Writes bit fields at a cursor.
 *
 * @example
 * const w = new BitWriter();
 * w.writeBits(5, 3);
 * w.writeBool(true);
 * const bytes = w.finish(); // Uint8Array [0b1101]
 */
export class BitWriter {
  #bytes: Uint8Array;
  /** The same buffer as words (its length is kept a multiple of 4 bytes). */
  #words: Uint32Array;
  #bit = 0;
  /** Bytes that may be non-zero: everything past it is zero, which writeBits relies on. */
  #dirty = 0;
  readonly #block: number;

  constructor(options?: BitWriterOptions) {
    const resolved = resolveBitWriterOptions(options);
    this.#bytes = new Uint8Array(roundToWord(resolved.initialBytes));
    this.#words = new Uint32Array(this.#bytes.buffer);
    this.#block = resolved.blockBytes;
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.#bit;
  }

  /** Bytes the written bits occupy (the last one zero-padded). */
  get byteLength(): number {
    return (this.#bit + 7) >>> 3;
  }

  /** The backing buffer, for {@link copyBits} from this writer into another. */
  get buffer(): Uint8Array {
    return this.#bytes;
  }

  /** Rewinds to empty, keeping the buffer. */
  reset(): void {
    this.#bytes.fill(0, 0, this.#dirty);
    this.#bit = 0;
    this.#dirty = 0;
  }

  /** Rewinds to `bit` (≤ bitLength), dropping what was written after it. */
  truncate(bit: number): void {
    if (bit >= this.#bit) return;
    const byte = bit >>> 3;
    const keep = bit & 7;
    const end = (this.#bit + 7) >>> 3;
    if (keep === 0) this.#bytes.fill(0, byte, end);
    else {
      this.#bytes[byte] = this.#bytes[byte]! & ((1 << keep) - 1);
      this.#bytes.fill(0, byte + 1, end);
    }
    this.#bit = bit;
  }

  /** Writes the low `count` bits of `value` (0 ≤ count ≤ 32; value an unsigned integer). */
  writeBits(value: number, count: number): void {
    if (count === 0) return;
    const bit = this.#bit;
    const end = bit + count;
    // Room for the word after the last one touched as well (see the two-word case).
    if ((end >>> 5) + 1 >= this.#words.length) this.#grow(end);
    const dirty = (end + 7) >>> 3;
    if (dirty > this.#dirty) this.#dirty = dirty;
    this.#bit = end;
    const v = count === 32 ? value | 0 : value & ((1 << count) - 1);
    // A run of zero bits: the buffer past the cursor is zero already.
    if (v === 0) return;
    const words = this.#words;
    const i = bit >>> 5;
    const shift = bit & 31;
    words[i] = streamWord(streamWord(words[i]!) | (v << shift));
    if (shift + count > 32) words[i + 1] = streamWord(v >>> (32 - shift));
  }

  /** Writes one bit. */
  writeBool(value: boolean): void {
    this.writeBits(value ? 1 : 0, 1);
  }

  /**
   * Appends `count` bits of `source` starting at bit `sourceBit` (LSB-first, as written by a
   * BitWriter). This is the per-client hot path: shared per-tick bits copied into an update.
   */
  copyBits(source: Uint8Array, sourceBit: number, count: number): void {
    if (count === 0) return;
    if ((sourceBit & 7) === 0 && (this.#bit & 7) === 0) {
      this.#reserve(count);
      const whole = count >>> 3;
      const from = sourceBit >>> 3;
      // A byte loop, not set(subarray()): entries are a few bytes, and subarray allocates.
      const to = this.#bit >>> 3;
      const bytes = this.#bytes;
      for (let i = 0; i < whole; i++) bytes[to + i] = source[from + i]!;
      this.#bit += whole << 3;
      this.#dirty = Math.max(this.#dirty, (this.#bit + 7) >>> 3);
      const rest = count & 7;
      if (rest > 0) this.writeBits(source[from + whole]! & ((1 << rest) - 1), rest);
      return;
    }
    let at = sourceBit;
    let left = count;
    while (left >= 24) {
      this.writeBits(readBitsAt(source, at, 24), 24);
      at += 24;
      left -= 24;
    }
    if (left > 0) this.writeBits(readBitsAt(source, at, left), left);
  }

  /** Pads to a byte boundary with zero bits. */
  alignToByte(): void {
    const pad = (8 - (this.#bit & 7)) & 7;
    if (pad > 0) this.writeBits(0, pad);
  }

  /** A view of the written bytes (zero-padded); valid until the next write or reset. */
  finish(): Uint8Array {
    return this.#bytes.subarray(0, this.byteLength);
  }

  #reserve(bits: number): void {
    const end = this.#bit + bits;
    if ((end >>> 5) + 1 >= this.#words.length) this.#grow(end);
    const need = (end + 7) >>> 3;
    if (need > this.#dirty) this.#dirty = need;
  }

  /** Grows the buffer, in blocks, past the word after bit `end`. */
  #grow(end: number): void {
    const need = ((end >>> 5) + 2) * 4;
    const size = roundToWord(Math.ceil(need / this.#block) * this.#block);
    const grown = new Uint8Array(size);
    grown.set(this.#bytes);
    this.#bytes = grown;
    this.#words = new Uint32Array(grown.buffer);
  }
}

/** `bytes` rounded up to a whole number of 32-bit words. */
function roundToWord(bytes: number): number {
  return (bytes + 3) & ~3;
}

/** Reads up to 24 bits at any bit offset, past-the-end bytes reading as zero. */
function readBitsAt(source: Uint8Array, bit: number, count: number): number {
  const i = bit >>> 3;
  const word =
    (source[i] ?? 0) |
    ((source[i + 1] ?? 0) << 8) |
    ((source[i + 2] ?? 0) << 16) |
    ((source[i + 3] ?? 0) << 24);
  return (word >>> (bit & 7)) & ((1 << count) - 1);
}
