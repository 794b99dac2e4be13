// Argument schemas of typed RPCs and their binary codec. A schema is an object of field types
// in declaration order; the encoding is those fields back to back with ByteWriter (no names,
// no tags): both ends hold the same declaration, so a call costs only its values. Chosen over
// cbor-x (not a dependency): smaller frames, no allocation-heavy generic decoder, and the
// decoder validates while it reads, treating the bytes as hostile.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { utf8Length } from "../codec/utf8.js";

/** One argument field's type. */
export type ArgType =
  | { readonly kind: "u8" }
  | { readonly kind: "u16" }
  | { readonly kind: "u32" }
  | { readonly kind: "f64" }
  | { readonly kind: "bool" }
  | { readonly kind: "string"; readonly maxBytes: number }
  | { readonly kind: "enum"; readonly values: readonly string[] };

/** Field types for argument schemas. */
export const arg = {
  /** An integer in 0..255 (1 byte). */
  u8: { kind: "u8" },
  /** An integer in 0..65535 (2 bytes). */
  u16: { kind: "u16" },
  /** An integer in 0..2³²−1 (4 bytes). */
  u32: { kind: "u32" },
  /** A finite number (8 bytes); NaN and infinities are refused. */
  f64: { kind: "f64" },
  /** A boolean (1 byte, 0 or 1). */
  bool: { kind: "bool" },
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
} as const;

/** An argument schema: field name → type, in wire order. */
export type ArgSchema = Readonly<Record<string, ArgType>>;

/** The TypeScript value of one field type. */
export type ArgValue<T extends ArgType> = T extends { kind: "bool" }
  ? boolean
  : T extends { kind: "string" }
    ? string
    : T extends { kind: "enum"; values: readonly (infer V)[] }
      ? V
      : number;

/** The TypeScript value of a schema: what a caller passes and a handler receives. */
export type ArgsOf<S extends ArgSchema> = { -readonly [K in keyof S]: ArgValue<S[K]> };

/** Writes `args` (trusted: our own code typed them) in the schema's field order. */
export function writeArgs<S extends ArgSchema>(schema: S, args: ArgsOf<S>, w: ByteWriter): void {
  for (const key of Object.keys(schema)) {
    const type = schema[key]!;
    const v = (args as Record<string, unknown>)[key];
    switch (type.kind) {
      case "u8":
        w.u8(v as number);
        break;
      case "u16":
        w.u16(v as number);
        break;
      case "u32":
        w.u32(v as number);
        break;
      case "f64":
        w.f64(v as number);
        break;
      case "bool":
        w.u8(v === true ? 1 : 0);
        break;
      case "string":
        if (utf8Length(v as string) > type.maxBytes)
          throw new RangeError(`rpc argument ${key} is longer than ${type.maxBytes} bytes`);
        w.str8(v as string);
        break;
      case "enum": {
        const index = type.values.indexOf(v as string);
        if (index < 0) throw new RangeError(`rpc argument ${key}: ${String(v)} is not a value`);
        w.u8(index);
        break;
      }
    }
  }
}

/**
 * Reads arguments from hostile bytes: every field present and in range, nothing left over.
 * The error names the field.
 */
export function readArgs<S extends ArgSchema>(schema: S, bytes: Uint8Array): Result<ArgsOf<S>> {
  const r = new ByteReader(bytes);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    const type = schema[key]!;
    switch (type.kind) {
      case "u8":
        out[key] = r.u8();
        break;
      case "u16":
        out[key] = r.u16();
        break;
      case "u32":
        out[key] = r.u32();
        break;
      case "f64": {
        const v = r.f64();
        if (!Number.isFinite(v)) return err(`argument ${key} is not a finite number`);
        out[key] = v;
        break;
      }
      case "bool": {
        const v = r.u8();
        if (v > 1) return err(`argument ${key} is not a boolean`);
        out[key] = v === 1;
        break;
      }
      case "string": {
        const text = r.str8();
        if (!r.failed && utf8Length(text) > type.maxBytes)
          return err(`argument ${key} is longer than ${type.maxBytes} bytes`);
        out[key] = text;
        break;
      }
      case "enum": {
        const index = r.u8();
        if (!r.failed && index >= type.values.length)
          return err(`argument ${key} is not one of its ${type.values.length} values`);
        out[key] = type.values[index];
        break;
      }
    }
    if (r.failed) return err(`argument ${key} is truncated or malformed`);
  }
  if (r.remaining !== 0) return err(`${r.remaining} bytes after the last argument`);
  return ok(out as ArgsOf<S>);
}
