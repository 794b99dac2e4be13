// Bounded UTF-8 strings. Bit layout: [byte length: bitsFor(maxBytes) bits][that many bytes,
// 8 bits each, LSB-first within the bit stream]. Strings change rarely (names, chat
// tags), so this path may allocate; the numeric hot path never does.

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";
import { bitsFor } from "../bits/universal-codes.js";
import { readUtf8, utf8Length, writeUtf8 } from "../codec/utf8.js";
import type { StringField } from "./field.js";

/** Options of {@link boundedString}. */
export interface BoundedStringOptions {
  /** Largest UTF-8 length in bytes; longer values are cut on a character boundary. */
  maxBytes: number;
}

class BoundedStringField implements StringField {
  readonly kind = "string";
  readonly lanes = 0;
  readonly tolerance = 0;
  readonly predict = undefined;
  readonly maxBytes: number;
  readonly rawBits: number;
  readonly signature: string;
  readonly #lengthBits: number;
  readonly #scratch: Uint8Array;
  declare readonly view?: string[];

  constructor(maxBytes: number) {
    if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > 0xffff)
      throw new Error("string.maxBytes must be an integer in 1..65535");
    this.maxBytes = maxBytes;
    this.#lengthBits = bitsFor(maxBytes);
    this.rawBits = 8 * (maxBytes + 1);
    this.signature = `string(${maxBytes})`;
    this.#scratch = new Uint8Array(maxBytes);
  }

  writeString(w: BitWriter, value: string): void {
    const full = new Uint8Array(utf8Length(value));
    writeUtf8(value, full, 0);
    let length = full.length;
    if (length > this.maxBytes) {
      length = this.maxBytes;
      // Back off continuation bytes (10xxxxxx) and the lead byte they belong to.
      while (length > 0 && (full[length]! & 0xc0) === 0x80) length--;
    }
    w.writeBits(length, this.#lengthBits);
    for (let i = 0; i < length; i++) w.writeBits(full[i]!, 8);
  }

  readString(r: BitReader): string {
    const length = r.readBits(this.#lengthBits);
    if (length > this.maxBytes || length * 8 > r.bitsRemaining) {
      r.fail();
      return "";
    }
    const bytes = this.#scratch;
    for (let i = 0; i < length; i++) bytes[i] = r.readBits(8);
    const text = readUtf8(bytes, 0, length);
    if (text === undefined) {
      r.fail();
      return "";
    }
    return text;
  }
}

/**
 * A string of at most `maxBytes` UTF-8 bytes.
 *
 * @example
 * const name = boundedString({ maxBytes: 24 });
 */
export function boundedString(options: BoundedStringOptions): StringField {
  return new BoundedStringField(options.maxBytes);
}
