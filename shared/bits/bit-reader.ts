// A bounds-checked bit reader over hostile bytes (Fiedler style): it never throws. A read
// past the end returns 0 and latches `failed`; decoders check the latch where it matters
// (before acting on a count, before committing) and turn it into a Result.

/**
 * Reads LSB-first bit fields written by {@link BitWriter}.
 *
 * @example
 * const r = new BitReader(bytes);
 * const kind = r.readBits(2);
 * if (r.failed) return err("truncated");
 */
export class BitReader {
  #bytes: Uint8Array;
  #bit = 0;
  #end = 0;
  #failed = false;

  /** @param bytes the input; `startByte` skips a prefix (e.g. the message-type byte). */
  constructor(bytes: Uint8Array = new Uint8Array(0), startByte = 0) {
    this.#bytes = bytes;
    this.reset(bytes, startByte);
  }

  /** Starts over on `bytes` from `startByte`, clearing the error latch. */
  reset(bytes: Uint8Array, startByte = 0): void {
    this.#bytes = bytes;
    const start = Math.min(Math.max(0, startByte), bytes.length);
    this.#bit = start * 8;
    this.#end = bytes.length * 8;
    this.#failed = false;
  }

  /** True once any read ran past the end or a decoder called {@link fail}. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Bits consumed from the start of the buffer. */
  get bitPosition(): number {
    return this.#bit;
  }

  /** Bits left to read. */
  get bitsRemaining(): number {
    return this.#end - this.#bit;
  }

  /** Latches the error state (a decoder found a semantic violation). */
  fail(): void {
    this.#failed = true;
  }

  /** Reads `count` bits (0..32) as an unsigned integer; past the end: 0 and `failed`. */
  readBits(count: number): number {
    if (count === 0) return 0;
    if (this.#failed || this.#bit + count > this.#end) {
      this.#failed = true;
      return 0;
    }
    const bytes = this.#bytes;
    let bit = this.#bit;
    const at = bit >>> 3;
    // Most fields fit a 32-bit window of the next 4 bytes: one shift and mask.
    if (count <= 24 && at + 3 < bytes.length) {
      const window =
        bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
      this.#bit = bit + count;
      return (window >>> (bit & 7)) & ((1 << count) - 1);
    }
    let value = 0;
    let got = 0;
    while (got < count) {
      const off = bit & 7;
      const take = Math.min(8 - off, count - got);
      const chunk = (bytes[bit >>> 3]! >>> off) & ((1 << take) - 1);
      // Multiplication, not <<, so that bit 31 lands as a positive number.
      value += chunk * 2 ** got;
      got += take;
      bit += take;
    }
    this.#bit = bit;
    return value;
  }

  /**
   * Reads zero bits up to and including the next one bit and returns how many zeros there
   * were (the unary prefix of Exp-Golomb codes), a byte at a time. More than `limit` zeros,
   * or the end before a one: `failed`, and 0.
   */
  readZeroRun(limit: number): number {
    if (this.#failed) return 0;
    const bytes = this.#bytes;
    let bit = this.#bit;
    let zeros = 0;
    while (bit < this.#end) {
      const off = bit & 7;
      const chunk = bytes[bit >>> 3]! >>> off;
      if (chunk !== 0) {
        const run = 31 - Math.clz32(chunk & -chunk);
        zeros += run;
        bit += run + 1;
        if (zeros > limit || bit > this.#end) break;
        this.#bit = bit;
        return zeros;
      }
      zeros += 8 - off;
      bit += 8 - off;
      if (zeros > limit) break;
    }
    this.#failed = true;
    return 0;
  }

  /** Reads one bit. */
  readBool(): boolean {
    return this.readBits(1) === 1;
  }

  /**
   * True when only zero padding (< 8 bits, to the byte boundary) is left: a strict decoder
   * refuses trailing garbage.
   */
  atPaddedEnd(): boolean {
    const left = this.#end - this.#bit;
    if (left < 0 || left >= 8) return false;
    if (left === 0) return true;
    return this.#bytes[this.#bit >>> 3]! >>> (this.#bit & 7) === 0;
  }
}
