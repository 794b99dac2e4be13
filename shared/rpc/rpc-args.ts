// The kinds of RPC argument a game declares, and `arg`, the builders it declares them with.
// Builders check the declaration once (a bound out of range is our own bug: they throw); the
// codec (rpc-arg-codec.ts) then trusts it. Every kind with a variable size carries its bound,
// so a reader knows the most a hostile frame can make it read or allocate.

import { MAX_LENGTH_BOUND } from "./rpc-arg-widths.js";
import type { FreeFormArg, FreeFormValidator, FreeFormValue } from "./rpc-free-form.js";

// The values the declarations type, beside them: a game module (shared/game/contract.ts)
// imports the whole declaration surface from this file.
export type { ArgsOf, ArgValue } from "./rpc-arg-values.js";

/** One argument field's type. */
export type ArgType =
  | { readonly kind: "u8" }
  | { readonly kind: "u16" }
  | { readonly kind: "u32" }
  | { readonly kind: "i8" }
  | { readonly kind: "i16" }
  | { readonly kind: "i32" }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "f64" }
  | { readonly kind: "bool" }
  | { readonly kind: "string"; readonly maxBytes: number }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "bytes"; readonly maxLength: number }
  | { readonly kind: "array"; readonly item: ArgType; readonly maxLength: number }
  | { readonly kind: "record"; readonly fields: ArgSchema }
  | { readonly kind: "optional"; readonly type: ArgType }
  | FreeFormArg;

/** An argument schema: field name → type, in wire order. */
export type ArgSchema = Readonly<Record<string, ArgType>>;

/** Widest `arg.int` range: the offset from `min` must fit a u32. */
const MAX_INT_SPAN = 0xffff_ffff;

/** Field types for argument schemas. Byte layouts: docs/protocol.md, "Typed RPC". */
export const arg = {
  /** An integer in 0..255 (1 byte). */
  u8: { kind: "u8" },
  /** An integer in 0..65535 (2 bytes). */
  u16: { kind: "u16" },
  /** An integer in 0..2³²−1 (4 bytes). */
  u32: { kind: "u32" },
  /** An integer in −128..127 (1 byte, two's complement). */
  i8: { kind: "i8" },
  /** An integer in −32768..32767 (2 bytes, two's complement). */
  i16: { kind: "i16" },
  /** An integer in −2³¹..2³¹−1 (4 bytes, two's complement). */
  i32: { kind: "i32" },
  /** A finite number (8 bytes); NaN and infinities are refused. */
  f64: { kind: "f64" },
  /** A boolean (1 byte, 0 or 1). */
  bool: { kind: "bool" },
  /**
   * An integer in `min..max` (safe integers, `max − min` < 2³²), sent as `value − min` in 1, 2
   * or 4 bytes: the fewest that hold `max − min`. Values outside the range are refused.
   * @example arg.int(-1000, 1000) // a u16 offset from −1000
   */
  int: (min: number, max: number) => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min)
      throw new RangeError("arg.int needs safe integers min ≤ max");
    if (max - min > MAX_INT_SPAN) throw new RangeError("arg.int max − min must be below 2^32");
    return { kind: "int", min, max } as const;
  },
  /** UTF-8 text of at most `maxBytes` (≤ 255) bytes (1 + n bytes). */
  string: (maxBytes: number) => {
    if (!Number.isInteger(maxBytes) || maxBytes < 0 || maxBytes > 255)
      throw new RangeError("arg.string maxBytes must be an integer in 0..255");
    return { kind: "string", maxBytes } as const;
  },
  /** One of `values` (1 byte: its index). */
  enumOf: <const V extends readonly string[]>(values: V) => {
    if (values.length === 0 || values.length > 256)
      throw new RangeError("arg.enumOf needs 1..256 values");
    return { kind: "enum", values } as const;
  },
  /**
   * Raw bytes, at most `maxLength` (≤ 65535): a length (u8 when `maxLength` ≤ 255, else u16)
   * then the bytes. Decoded as a copy, never a view of the frame.
   */
  bytes: (maxLength: number) => {
    checkBound("arg.bytes maxLength", maxLength, 0);
    return { kind: "bytes", maxLength } as const;
  },
  /**
   * A list of at most `maxLength` (≤ 65535) `item`s, typed `readonly T[]`: a count (u8 when
   * `maxLength` ≤ 255, else u16) then the items back to back.
   * @example arg.array(arg.u16, 32) // up to 32 entity ids
   */
  array: <const T extends ArgType>(item: T, maxLength: number) => {
    checkBound("arg.array maxLength", maxLength, 0);
    return { kind: "array", item, maxLength } as const;
  },
  /**
   * A nested object: its fields back to back in declaration order, no prefix (a record costs
   * only its fields).
   * @example arg.record({ x: arg.i16, y: arg.i16 })
   */
  record: <const S extends ArgSchema>(fields: S) => ({ kind: "record", fields }) as const,
  /**
   * A field that may be absent (`field?: T`; an array item `T | undefined`): a presence byte
   * (0 absent, 1 present) then the value if present.
   */
  optional: <const T extends ArgType>(type: T) => {
    if (type.kind === "optional") throw new RangeError("arg.optional of an optional field");
    return { kind: "optional", type } as const;
  },
  /**
   * Plain data of no declared shape (CBOR via cbor-x), at most `maxBytes` (≤ 65535) bytes of
   * CBOR after a length (u8 when `maxBytes` ≤ 255, else u16). `validate` checks (and types)
   * what arrives; without it, any plain data passes. Prefer a declared schema when the shape is
   * known: it costs no field names and bounds every field.
   * @example arg.freeForm(512, (v) => (Array.isArray(v) ? ok(v as Item[]) : err("not a list")))
   */
  freeForm: <T extends FreeFormValue = FreeFormValue>(
    maxBytes: number,
    validate?: FreeFormValidator<T>,
  ): FreeFormArg<T> => {
    checkBound("arg.freeForm maxBytes", maxBytes, 1);
    return { kind: "free-form", maxBytes, validate };
  },
} as const;

/** Throws unless `bound` is an integer in `min`..65535 (our own declaration is wrong). */
function checkBound(what: string, bound: number, min: number): void {
  if (!Number.isInteger(bound) || bound < min || bound > MAX_LENGTH_BOUND)
    throw new RangeError(`${what} must be an integer in ${min}..${MAX_LENGTH_BOUND}`);
}
