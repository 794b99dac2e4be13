// A bounds-checked little-endian reader over hostile bytes. Reading past the end does not
// throw: it returns 0 (or "") and latches `failed`, so a decoder reads a whole message and
// checks once at the end (Fiedler's serialize pattern), with no try/catch on the hot path.

import { readUtf8 } from "./utf8.js";

/** Reads at a cursor; any out-of-bounds or malformed read latches `failed`. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #at = 0;
  #failed = false;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True once any read went past the end or met malformed UTF-8. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.#bytes.length - this.#at;
  }

  /** Cursor position. */
  get offset(): number {
    return this.#at;
  }

  u8(): number {
    if (!this.#take(1)) return 0;
    return this.#bytes[this.#at - 1]!;
  }

  u16(): number {
    if (!this.#take(2)) return 0;
    return this.#view.getUint16(this.#at - 2, true);
  }

  u32(): number {
    if (!this.#take(4)) return 0;
    return this.#view.getUint32(this.#at - 4, true);
  }

  i16(): number {
    if (!this.#take(2)) return 0;
    return this.#view.getInt16(this.#at - 2, true);
  }

  f32(): number {
    if (!this.#take(4)) return 0;
    return this.#view.getFloat32(this.#at - 4, true);
  }

  f64(): number {
    if (!this.#take(8)) return 0;
    return this.#view.getFloat64(this.#at - 8, true);
  }

  /** `n` raw bytes as a view into the input (no copy). */
  bytes(n: number): Uint8Array {
    if (!this.#take(n)) return this.#bytes.subarray(0, 0);
    return this.#bytes.subarray(this.#at - n, this.#at);
  }

  /** The rest of the input as a view. */
  rest(): Uint8Array {
    const out = this.#bytes.subarray(this.#at);
    this.#at = this.#bytes.length;
    return out;
  }

  /** A u8-length-prefixed UTF-8 string. */
  str8(): string {
    return this.#utf8(this.u8());
  }

  /** A u16-length-prefixed UTF-8 string. */
  str16(): string {
    return this.#utf8(this.u16());
  }

  #utf8(n: number): string {
    if (this.#failed || !this.#take(n)) return "";
    const text = readUtf8(this.#bytes, this.#at - n, this.#at);
    if (text === undefined) {
      this.#failed = true;
      return "";
    }
    return text;
  }

  #take(n: number): boolean {
    if (this.#failed || this.#at + n > this.#bytes.length) {
      this.#failed = true;
      return false;
    }
    this.#at += n;
    return true;
  }
}
