// Free-form RPC arguments: payloads without a declared shape (chat attachments, inventories)
// as CBOR through cbor-x, behind a byte bound. The read path refuses an over-size length before
// it reads a byte, scans the CBOR for plain data (rpc-free-form-scan.ts) before cbor-x builds
// anything, turns anything cbor-x still throws into a refusal, and then runs the game's own
// validator, if it declared one. A declared schema stays the better choice where the shape is
// known: it costs no names, and bounds every field.

import { Decoder, Encoder } from "cbor-x";
import type { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { readLength, writeLength } from "./rpc-arg-widths.js";
import { scanFreeForm } from "./rpc-free-form-scan.js";

/**
 * What a free-form argument may hold: CBOR's plain data. Objects are decoded with the Object
 * prototype; numbers are finite, integers within ±(2⁵³ − 1); −0 travels as 0.
 */
export type FreeFormValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly FreeFormValue[]
  | { readonly [key: string]: FreeFormValue };

/**
 * A game's check of a decoded free-form value (hostile data): the value, narrowed to `T`, or a
 * refusal reason. A validator that throws is treated as a refusal.
 * @example
 * const inventory: FreeFormValidator<Inventory> = (v) => isInventory(v) ? ok(v) : err("not an inventory");
 */
export type FreeFormValidator<T extends FreeFormValue> = (value: FreeFormValue) => Result<T>;

/** The `free-form` argument kind (see `arg.freeForm`). */
export interface FreeFormArg<T extends FreeFormValue = FreeFormValue> {
  readonly kind: "free-form";
  /** Most CBOR bytes the value may take, 1..65535 (the length prefix is u8 up to 255, else u16). */
  readonly maxBytes: number;
  /** The game's check, run after decoding; undefined: any plain data is accepted. */
  readonly validate: FreeFormValidator<T> | undefined;
}

// Plain CBOR only: no record structures (tags), Uint8Array as a bare byte string (no tag 64),
// maps sized to their keys (1-byte heads for small objects), 8-byte ints as numbers (the scan
// keeps them below 2⁵³), byte strings copied so a value never aliases a reused frame buffer.
const OPTIONS = {
  useRecords: false,
  mapsAsObjects: true,
  tagUint8Array: false,
  variableMapSize: true,
  int64AsNumber: true,
  copyBuffers: true,
};
const ENCODER = new Encoder(OPTIONS);
const DECODER = new Decoder(OPTIONS);

/**
 * Writes a free-form value (trusted: our own code built it) as `[len u8|u16][CBOR …]`. Throws
 * when it encodes to more than `type.maxBytes` bytes or to something the reader refuses (a Date,
 * undefined, NaN, a Map with non-text keys): better the sender fails than the peer refuses.
 */
export function writeFreeForm(
  type: FreeFormArg,
  value: unknown,
  w: ByteWriter,
  name: string,
): void {
  const cbor: Uint8Array = ENCODER.encode(value);
  if (cbor.length > type.maxBytes)
    throw new RangeError(
      `rpc argument ${name} is ${cbor.length} bytes of CBOR, over ${type.maxBytes}`,
    );
  const scan = scanFreeForm(cbor);
  if (!scan.ok) throw new TypeError(`rpc argument ${name} is not plain data: ${scan.error}`);
  writeLength(w, cbor.length, type.maxBytes);
  w.bytes(cbor);
}

/**
 * Reads a free-form value from hostile bytes at the reader's cursor. Never throws: a refusal
 * reason names what was wrong (the caller prefixes the argument's path).
 */
export function readFreeForm(type: FreeFormArg, r: ByteReader): Result<FreeFormValue> {
  const n = readLength(r, type.maxBytes);
  if (r.failed) return err("is truncated or malformed");
  // Before reading or decoding a byte: an over-size claim costs nothing.
  if (n > type.maxBytes) return err(`is ${n} bytes of CBOR, over ${type.maxBytes}`);
  const cbor = r.bytes(n);
  if (r.failed) return err("is truncated or malformed");
  const scan = scanFreeForm(cbor);
  if (!scan.ok) return err(`is refused: ${scan.error}`);
  let value: FreeFormValue;
  try {
    value = DECODER.decode(cbor) as FreeFormValue;
  } catch (e) {
    // The scan admits only what cbor-x decodes, so this is a backstop: cbor-x throws on
    // malformed input, and a throw must not cross the hostile-read boundary.
    return err(`is malformed CBOR: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (type.validate === undefined) return ok(value);
  try {
    const checked = type.validate(value);
    return checked.ok ? checked : err(`is refused by its validator: ${checked.error}`);
  } catch (e) {
    // The game's validator met data it did not expect: that is a refusal, not a crash.
    return err(`is refused by its validator: ${e instanceof Error ? e.message : String(e)}`);
  }
}
