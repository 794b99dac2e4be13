// Properties of the argument codec over random nested schemas: encode → decode is the identity
// for any value the schema admits, and no byte string makes a decoder throw.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { readArgs, writeArgs } from "./rpc-arg-codec.js";
import { type ArgSchema, type ArgType, arg } from "./rpc-args.js";
import type { FreeFormValue } from "./rpc-free-form.js";

const FIELD_NAMES = ["a", "b", "c", "d"] as const;

/** Field types and schemas; containers nest at most 4 deep. */
const arbs = fc.letrec<{ type: ArgType; schema: ArgSchema }>((tie) => ({
  type: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    fc.constantFrom<ArgType>(arg.u8, arg.u16, arg.u32, arg.i8, arg.i16, arg.i32, arg.f64, arg.bool),
    fc
      .tuple(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      )
      .map(([min, span]) => arg.int(min, min + span)),
    fc.integer({ min: 0, max: 255 }).map((n) => arg.string(n)),
    fc.constantFrom(arg.enumOf(["x"]), arg.enumOf(["x", "y", "z"])),
    fc.constantFrom(0, 3, 255, 256, 1000).map((n) => arg.bytes(n)),
    // The largest bound: random plain data stays under it (its bound is tested beside the codec).
    fc.constant(arg.freeForm(65_535)),
    fc.tuple(tie("type"), fc.constantFrom(0, 2, 5, 300)).map(([t, n]) => arg.array(t, n)),
    tie("schema").map((fields) => arg.record(fields)),
    tie("type").map((t) => (t.kind === "optional" ? t : arg.optional(t))),
  ),
  schema: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), tie("type")), {
      maxLength: 4,
      selector: ([name]) => name,
    })
    .map((fields) => Object.fromEntries(fields)),
}));

/** Free-form plain data; −0 is left out because CBOR integers carry it as 0. */
const freeForm: fc.Arbitrary<FreeFormValue> = fc.letrec<{ value: FreeFormValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    fc.constantFrom(null, true, false),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
    fc.string({ unit: "binary", maxLength: 8 }),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__"),
      tie("value"),
      { maxKeys: 4, noNullPrototype: true },
    ),
  ),
})).value;

/** A value `type` admits. */
function arbitraryOf(type: ArgType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "u8":
      return fc.integer({ min: 0, max: 0xff });
    case "u16":
      return fc.integer({ min: 0, max: 0xffff });
    case "u32":
      return fc.integer({ min: 0, max: 0xffff_ffff });
    case "i8":
      return fc.integer({ min: -0x80, max: 0x7f });
    case "i16":
      return fc.integer({ min: -0x8000, max: 0x7fff });
    case "i32":
      return fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
    case "int":
      return fc.integer({ min: type.min, max: type.max });
    case "f64":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "bool":
      return fc.boolean();
    case "string":
      // A code point is at most 4 bytes of UTF-8, so this many always fit.
      return fc.string({ unit: "binary", maxLength: Math.floor(type.maxBytes / 4) });
    case "enum":
      return fc.constantFrom(...type.values);
    case "bytes":
      return fc.uint8Array({ maxLength: Math.min(type.maxLength, 40) });
    case "array":
      return fc.array(arbitraryOf(type.item), { maxLength: Math.min(type.maxLength, 6) });
    case "record":
      return recordOf(type.fields);
    case "optional":
      return fc.option(arbitraryOf(type.type), { nil: undefined });
    case "free-form":
      return freeForm;
  }
}

/** A value of `fields`: optional fields are sometimes absent (no key), never `undefined`. */
function recordOf(fields: ArgSchema): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [name, t] of Object.entries(fields)) {
    model[name] = arbitraryOf(t.kind === "optional" ? t.type : t);
    if (t.kind !== "optional") requiredKeys.push(name);
  }
  return fc.record(model, { requiredKeys, noNullPrototype: true });
}

function encode(schema: ArgSchema, value: unknown): Uint8Array {
  const w = new ByteWriter();
  writeArgs(schema, value as Record<string, unknown>, w);
  return w.toBytes();
}

describe("argument codec properties", () => {
  it("decodes what it encodes, for random values of random nested schemas", () => {
    fc.assert(
      fc.property(
        arbs.schema.chain((schema) => fc.tuple(fc.constant(schema), recordOf(schema))),
        ([schema, value]) => {
          const bytes = encode(schema, value);
          // Encoding is deterministic, and decoding gives back the value.
          expect(encode(schema, value)).toEqual(bytes);
          expect(readArgs(schema, bytes)).toEqual({ ok: true, value });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws on hostile bytes, and refuses every strict prefix of a valid encoding", () => {
    fc.assert(
      fc.property(
        arbs.schema.chain((schema) => fc.tuple(fc.constant(schema), recordOf(schema))),
        fc.uint8Array({ maxLength: 64 }),
        ([schema, value], noise) => {
          const bytes = encode(schema, value);
          // Every field is fixed-size or length-prefixed, so a cut encoding is always short.
          for (let n = 0; n < bytes.length; n++)
            expect(readArgs(schema, bytes.subarray(0, n)).ok).toBe(false);
          expect(() => readArgs(schema, noise)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
