// The binary codec of declared argument schemas. A schema's encoding is its fields back to back
// in declaration order, no names, no tags: both ends hold the same declaration, so a call costs
// only its values (records add nothing, optional fields a presence byte, bounded lists and byte
// strings a length as wide as their bound). Reads treat the bytes as hostile: every bound is
// checked as it is read, before anything is allocated for it, and a read builds a fresh value
// that is returned only whole — a refused frame leaves nothing half-applied (the dry run the
// room relies on before it runs a handler). Writes trust our own code, with cheap asserts.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { utf8Length } from "../codec/utf8.js";
import type { ArgsOf } from "./rpc-arg-values.js";
import { readLength, readOffset, writeLength, writeOffset } from "./rpc-arg-widths.js";
import type { ArgSchema, ArgType } from "./rpc-args.js";
import { readFreeForm, writeFreeForm } from "./rpc-free-form.js";

/** Writes `args` (trusted: our own code typed them) in the schema's field order. */
export function writeArgs<S extends ArgSchema>(schema: S, args: ArgsOf<S>, w: ByteWriter): void {
  writeFields(schema, args as Record<string, unknown>, w);
}

/**
 * Reads arguments from hostile bytes: every field present and in range, nothing left over.
 * Never throws; the error names the field's path (`argument items[2].count is outside 0..99`).
 */
export function readArgs<S extends ArgSchema>(schema: S, bytes: Uint8Array): Result<ArgsOf<S>> {
  const s: ReadState = { r: new ByteReader(bytes), reason: "", path: [] };
  const out = readFields(schema, s);
  if (out === REFUSED) return err(`argument ${formatPath(s.path)} ${s.reason}`);
  if (s.r.remaining !== 0) return err(`${s.r.remaining} bytes after the last argument`);
  return ok(out as ArgsOf<S>);
}

function writeFields(fields: ArgSchema, value: Record<string, unknown>, w: ByteWriter): void {
  for (const key of Object.keys(fields)) writeValue(fields[key]!, value[key], w, key);
}

/** Writes one value; `name` (the innermost field) only labels a thrown assert. */
function writeValue(type: ArgType, v: unknown, w: ByteWriter, name: string): void {
  switch (type.kind) {
    case "u8":
      w.u8(v as number);
      return;
    case "u16":
      w.u16(v as number);
      return;
    case "u32":
      w.u32(v as number);
      return;
    case "i8":
      w.u8(checkInt(v, -0x80, 0x7f, name) & 0xff);
      return;
    case "i16":
      w.i16(checkInt(v, -0x8000, 0x7fff, name));
      return;
    case "i32":
      w.u32(checkInt(v, -0x8000_0000, 0x7fff_ffff, name) >>> 0);
      return;
    case "int":
      writeOffset(w, checkInt(v, type.min, type.max, name) - type.min, type.max - type.min);
      return;
    case "f64":
      w.f64(v as number);
      return;
    case "bool":
      w.u8(v === true ? 1 : 0);
      return;
    case "string":
      if (utf8Length(v as string) > type.maxBytes)
        throw new RangeError(`rpc argument ${name} is longer than ${type.maxBytes} bytes`);
      w.str8(v as string);
      return;
    case "enum": {
      const index = type.values.indexOf(v as string);
      if (index < 0) throw new RangeError(`rpc argument ${name}: ${String(v)} is not a value`);
      w.u8(index);
      return;
    }
    case "bytes": {
      const data = v as Uint8Array;
      checkLength(data.length, type.maxLength, name);
      writeLength(w, data.length, type.maxLength);
      w.bytes(data);
      return;
    }
    case "array": {
      const items = v as readonly unknown[];
      checkLength(items.length, type.maxLength, name);
      writeLength(w, items.length, type.maxLength);
      for (const item of items) writeValue(type.item, item, w, name);
      return;
    }
    case "record":
      writeFields(type.fields, v as Record<string, unknown>, w);
      return;
    case "optional":
      if (v === undefined) w.u8(0);
      else writeValue(type.type, v, w.u8(1), name);
      return;
    case "free-form":
      writeFreeForm(type, v, w, name);
      return;
  }
}

/** Returned by a read that refused; `ReadState.reason` and `path` say why and where. */
const REFUSED: unique symbol = Symbol("refused");

interface ReadState {
  readonly r: ByteReader;
  reason: string;
  /** Field names and `[i]` indices, filled innermost first as a refusal unwinds. */
  readonly path: string[];
}

function readFields(fields: ArgSchema, s: ReadState): Record<string, unknown> | typeof REFUSED {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const v = readValue(fields[key]!, s);
    if (v === REFUSED) {
      s.path.unshift(key);
      return REFUSED;
    }
    // An absent optional field is no key at all, as `field?: T` reads.
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function readValue(type: ArgType, s: ReadState): unknown {
  const r = s.r;
  let v: unknown;
  switch (type.kind) {
    case "u8":
      v = r.u8();
      break;
    case "u16":
      v = r.u16();
      break;
    case "u32":
      v = r.u32();
      break;
    case "i8":
      v = (r.u8() << 24) >> 24; // sign-extend the byte
      break;
    case "i16":
      v = r.i16();
      break;
    case "i32":
      v = r.u32() | 0; // reinterpret as two's complement
      break;
    case "int": {
      const offset = readOffset(r, type.max - type.min);
      if (!r.failed && offset > type.max - type.min)
        return refuse(s, `is outside ${type.min}..${type.max}`);
      v = type.min + offset;
      break;
    }
    case "f64":
      v = r.f64();
      if (!Number.isFinite(v)) return refuse(s, "is not a finite number");
      break;
    case "bool":
    case "optional": {
      const flag = r.u8();
      if (!r.failed && flag > 1)
        return refuse(s, type.kind === "bool" ? "is not a boolean" : "has a presence byte over 1");
      if (type.kind === "bool") v = flag === 1;
      else if (flag === 1) return readValue(type.type, s);
      else v = undefined;
      break;
    }
    case "string":
      v = r.str8();
      if (!r.failed && utf8Length(v as string) > type.maxBytes)
        return refuse(s, `is longer than ${type.maxBytes} bytes`);
      break;
    case "enum": {
      const index = r.u8();
      if (!r.failed && index >= type.values.length)
        return refuse(s, `is not one of its ${type.values.length} values`);
      v = type.values[index];
      break;
    }
    case "bytes": {
      const n = readLength(r, type.maxLength);
      if (!r.failed && n > type.maxLength)
        return refuse(s, `has ${n} bytes, over ${type.maxLength}`);
      // A copy: the frame's buffer may be reused once this call returns.
      v = r.bytes(n).slice();
      break;
    }
    case "array":
      return readArray(type, s);
    case "record":
      return readFields(type.fields, s);
    case "free-form": {
      const value = readFreeForm(type, r);
      return value.ok ? value.value : refuse(s, value.error);
    }
  }
  return r.failed ? refuse(s, "is truncated or malformed") : v;
}

function readArray(type: ArgType & { kind: "array" }, s: ReadState): unknown {
  const n = readLength(s.r, type.maxLength);
  if (s.r.failed) return refuse(s, "is truncated or malformed");
  // Checked before the loop: a hostile count makes us neither allocate nor iterate.
  if (n > type.maxLength) return refuse(s, `has ${n} items, over ${type.maxLength}`);
  const items: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const item = readValue(type.item, s);
    if (item === REFUSED) {
      s.path.unshift(`[${i}]`);
      return REFUSED;
    }
    items.push(item);
  }
  return items;
}

function refuse(s: ReadState, reason: string): typeof REFUSED {
  s.reason = reason;
  return REFUSED;
}

/** `["items", "[2]", "count"]` → `items[2].count`. */
function formatPath(path: readonly string[]): string {
  let out = "";
  for (const part of path) out += out === "" || part.startsWith("[") ? part : `.${part}`;
  return out;
}

/** The write path's assert for the signed and ranged kinds: a wrapped value would lie. */
function checkInt(v: unknown, min: number, max: number, name: string): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max)
    throw new RangeError(`rpc argument ${name}: ${String(v)} is not an integer in ${min}..${max}`);
  return v as number;
}

function checkLength(length: number, max: number, name: string): void {
  if (length > max) throw new RangeError(`rpc argument ${name} has length ${length}, over ${max}`);
}
