// A growable little-endian byte writer for framing messages. One instance is reused per
// sender: `reset()` rewinds the cursor without freeing, so steady state allocates nothing.
// The write path trusts our own code: sizes are checked by the protocol encoders, not here.

import { utf8Length, writeUtf8 } from "./utf8.js";

const BLOCK = 1024;

/** Writes bytes at a cursor into a buffer that grows in 1 KiB blocks. */
export class ByteWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #at = 0;

  /** @param capacity initial size in bytes @default 1024 */
  constructor(capacity = BLOCK) {
    this.#bytes = new Uint8Array(capacity);
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#at;
  }

  /** Rewinds to empty, keeping the buffer. */
  reset(): this {
    this.#at = 0;
    return this;
  }

  /** A view of what was written; valid until the next write or reset. */
  view(): Uint8Array {
    return this.#bytes.subarray(0, this.#at);
  }

  /** A copy of what was written, safe to keep. */
  toBytes(): Uint8Array {
    return this.#bytes.slice(0, this.#at);
  }

  u8(value: number): this {
    this.#reserve(1);
    this.#bytes[this.#at++] = value;
    return this;
  }

  u16(value: number): this {
    this.#reserve(2);
    this.#view.setUint16(this.#at, value, true);
    this.#at += 2;
    return this;
  }

  u32(value: number): this {
    this.#reserve(4);
    this.#view.setUint32(this.#at, value, true);
    this.#at += 4;
    return this;
  }

  i16(value: number): this {
    this.#reserve(2);
    this.#view.setInt16(this.#at, value, true);
    this.#at += 2;
    return this;
  }

  f32(value: number): this {
    this.#reserve(4);
    this.#view.setFloat32(this.#at, value, true);
    this.#at += 4;
    return this;
  }

  f64(value: number): this {
    this.#reserve(8);
    this.#view.setFloat64(this.#at, value, true);
    this.#at += 8;
    return this;
  }

  /** Raw bytes, no length prefix. */
  bytes(data: Uint8Array): this {
    this.#reserve(data.length);
    this.#bytes.set(data, this.#at);
    this.#at += data.length;
    return this;
  }

  /** UTF-8 with a u8 byte-length prefix; the caller keeps it under 256 bytes. */
  str8(text: string): this {
    const n = utf8Length(text);
    this.#reserve(1 + n);
    this.#bytes[this.#at++] = n;
    this.#at = writeUtf8(text, this.#bytes, this.#at);
    return this;
  }

  /** UTF-8 with a u16 byte-length prefix. */
  str16(text: string): this {
    const n = utf8Length(text);
    this.#reserve(2 + n);
    this.#view.setUint16(this.#at, n, true);
    this.#at = writeUtf8(text, this.#bytes, this.#at + 2);
    return this;
  }

  #reserve(n: number): void {
    const need = this.#at + n;
    if (need <= this.#bytes.length) return;
    const size = Math.ceil(need / BLOCK) * BLOCK * 2;
    const next = new Uint8Array(size);
    next.set(this.#bytes.subarray(0, this.#at));
    this.#bytes = next;
    this.#view = new DataView(next.buffer);
  }
}
