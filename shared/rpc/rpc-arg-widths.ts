// Widths chosen by declared bounds: the length prefix of arrays, byte strings and free-form
// CBOR, and the offset of a ranged `arg.int`. A width follows the declaration, not the value:
// both ends hold the declaration, so a list of at most 255 items always costs one byte of
// length, and a reader knows the width before it reads.

import type { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";

/** Largest bound a length prefix can carry (two bytes). */
export const MAX_LENGTH_BOUND = 0xffff;

/** Bytes of the length prefix for bound `max`: 1 up to 255, else 2. */
export function lengthBytes(max: number): 1 | 2 {
  return max <= 0xff ? 1 : 2;
}

/** Writes length `n` (≤ `max`, checked by the caller) as u8 when `max` ≤ 255, else u16 (LE). */
export function writeLength(w: ByteWriter, n: number, max: number): void {
  if (lengthBytes(max) === 1) w.u8(n);
  else w.u16(n);
}

/** Reads a length prefix of bound `max` (the caller checks `r.failed` and the bound). */
export function readLength(r: ByteReader, max: number): number {
  return lengthBytes(max) === 1 ? r.u8() : r.u16();
}

/** Bytes of an `int`'s offset from its min: the fewest that hold `span` (= max − min). */
export function offsetBytes(span: number): 1 | 2 | 4 {
  return span <= 0xff ? 1 : span <= 0xffff ? 2 : 4;
}

/** Writes `offset` (≤ `span`, checked by the caller) in {@link offsetBytes} bytes (LE). */
export function writeOffset(w: ByteWriter, offset: number, span: number): void {
  const n = offsetBytes(span);
  if (n === 1) w.u8(offset);
  else if (n === 2) w.u16(offset);
  else w.u32(offset);
}

/** Reads an offset written by {@link writeOffset} (the caller checks `r.failed` and `span`). */
export function readOffset(r: ByteReader, span: number): number {
  const n = offsetBytes(span);
  return n === 1 ? r.u8() : n === 2 ? r.u16() : r.u32();
}
