import { describe, expect, expectTypeOf, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { readArgs, writeArgs } from "./rpc-arg-codec.js";
import { type ArgSchema, type ArgsOf, arg } from "./rpc-args.js";

function encode<S extends ArgSchema>(schema: S, args: ArgsOf<S>): number[] {
  const w = new ByteWriter();
  writeArgs(schema, args, w);
  return [...w.view()];
}

function decode(schema: ArgSchema, bytes: readonly number[]) {
  return readArgs(schema, Uint8Array.from(bytes));
}

/** Each new kind with a value, its pinned bytes and the decoded value. */
const ROUND_TRIPS: [string, ArgSchema, Record<string, unknown>, number[]][] = [
  ["i8", { v: arg.i8 }, { v: -2 }, [0xfe]],
  ["i16", { v: arg.i16 }, { v: -300 }, [0xd4, 0xfe]],
  ["i32", { v: arg.i32 }, { v: -70_000 }, [0x90, 0xee, 0xfe, 0xff]],
  // −1000..1000 spans 2000: a u16 offset, 5 − (−1000) = 1005 = 0x03ed.
  ["int, u16 offset", { v: arg.int(-1000, 1000) }, { v: 5 }, [0xed, 0x03]],
  ["int, u8 offset", { v: arg.int(10, 20) }, { v: 20 }, [0x0a]],
  ["int, u32 offset", { v: arg.int(0, 100_000) }, { v: 65_536 }, [0x00, 0x00, 0x01, 0x00]],
  ["bytes", { v: arg.bytes(4) }, { v: Uint8Array.from([1, 2]) }, [0x02, 0x01, 0x02]],
  ["bytes, u16 length", { v: arg.bytes(300) }, { v: Uint8Array.from([7]) }, [0x01, 0x00, 0x07]],
  ["array", { v: arg.array(arg.u8, 8) }, { v: [3, 4, 5] }, [0x03, 0x03, 0x04, 0x05]],
  ["empty array", { v: arg.array(arg.u8, 8) }, { v: [] }, [0x00]],
  ["array, u16 count", { v: arg.array(arg.bool, 1000) }, { v: [true] }, [0x01, 0x00, 0x01]],
  [
    "record",
    { v: arg.record({ x: arg.i16, y: arg.u8 }) },
    { v: { x: -1, y: 9 } },
    [0xff, 0xff, 0x09],
  ],
  ["optional, present", { v: arg.optional(arg.u16) }, { v: 258 }, [0x01, 0x02, 0x01]],
  ["optional, absent", { v: arg.optional(arg.u16) }, {}, [0x00]],
  [
    "array of optional items",
    { v: arg.array(arg.optional(arg.u8), 4) },
    { v: [1, undefined, 3] },
    [0x03, 0x01, 0x01, 0x00, 0x01, 0x03],
  ],
  [
    "nested lists of records",
    {
      squad: arg.array(
        arg.record({ id: arg.u16, tags: arg.array(arg.enumOf(["a", "b"]), 2), hp: arg.i8 }),
        4,
      ),
    },
    { squad: [{ id: 1, tags: ["b"], hp: -1 }] },
    [0x01, 0x01, 0x00, 0x01, 0x01, 0xff],
  ],
];

describe("declared argument kinds", () => {
  for (const [name, schema, value, bytes] of ROUND_TRIPS) {
    it(`encodes ${name} to its pinned bytes and decodes them back`, () => {
      expect(encode(schema, value)).toEqual(bytes);
      expect(decode(schema, bytes)).toEqual({ ok: true, value });
    });
  }

  it("leaves an absent optional field out of the object instead of setting it undefined", () => {
    const decoded = decode({ a: arg.u8, b: arg.optional(arg.u8) }, [0x01, 0x00]);
    expect(decoded.ok && Object.keys(decoded.value)).toEqual(["a"]);
  });

  it("decodes bytes as a copy that later writes to the frame do not change", () => {
    const frame = Uint8Array.from([0x02, 0x0a, 0x0b]);
    const decoded = readArgs({ v: arg.bytes(2) }, frame);
    frame[1] = 0;
    expect(decoded).toEqual({ ok: true, value: { v: Uint8Array.from([0x0a, 0x0b]) } });
  });

  it("infers readonly arrays, nested objects and optional fields from the declaration", () => {
    const schema = {
      ids: arg.array(arg.u16, 8),
      at: arg.record({ x: arg.i16, y: arg.int(0, 99), label: arg.optional(arg.string(8)) }),
      slots: arg.array(arg.optional(arg.enumOf(["sword", "bow"])), 2),
      blob: arg.bytes(16),
      note: arg.optional(arg.bool),
    };
    expectTypeOf<ArgsOf<typeof schema>>().toEqualTypeOf<{
      ids: readonly number[];
      at: { x: number; y: number; label?: string };
      slots: readonly ("sword" | "bow" | undefined)[];
      blob: Uint8Array;
      note?: boolean;
    }>();
  });
});

/** Schemas whose bounds the refusal cases below sit on. */
const BOUNDED = {
  int: { v: arg.int(-10, 10) },
  list: { v: arg.array(arg.u8, 3) },
  wideList: { v: arg.array(arg.u8, 300) },
  bytes: { v: arg.bytes(2) },
  optional: { v: arg.optional(arg.u8) },
  nested: { v: arg.array(arg.record({ n: arg.int(0, 5) }), 2) },
} as const;

/** [what, schema, refused bytes, reason, accepted neighbour]. */
const REFUSALS: [string, ArgSchema, number[], string, number[]][] = [
  // int: offset 21 is 11 > 10; offset 20 is 10, the max.
  ["an int over its max", BOUNDED.int, [21], "argument v is outside -10..10", [20]],
  [
    "a list over its bound",
    BOUNDED.list,
    [4, 1, 2, 3, 4],
    "argument v has 4 items, over 3",
    [3, 1, 2, 3],
  ],
  // A u16 count of 301 against 300 (0x012d): refused before any item is read.
  [
    "a u16 list count over its bound",
    BOUNDED.wideList,
    [0x2d, 0x01],
    "argument v has 301 items, over 300",
    [0x00, 0x00],
  ],
  [
    "a list cut short",
    BOUNDED.list,
    [3, 1, 2],
    "argument v[2] is truncated or malformed",
    [2, 1, 2],
  ],
  [
    "bytes over their bound",
    BOUNDED.bytes,
    [3, 1, 2, 3],
    "argument v has 3 bytes, over 2",
    [2, 1, 2],
  ],
  ["bytes cut short", BOUNDED.bytes, [2, 1], "argument v is truncated or malformed", [1, 1]],
  [
    "a presence byte of 2",
    BOUNDED.optional,
    [2, 5],
    "argument v has a presence byte over 1",
    [1, 5],
  ],
  ["an optional cut short", BOUNDED.optional, [1], "argument v is truncated or malformed", [0]],
  [
    "a nested int out of range",
    BOUNDED.nested,
    [2, 5, 6],
    "argument v[1].n is outside 0..5",
    [2, 5, 5],
  ],
  ["a byte after the last argument", BOUNDED.int, [10, 0], "1 bytes after the last argument", [10]],
];

describe("refusals of hostile argument bytes", () => {
  for (const [what, schema, refused, reason, accepted] of REFUSALS) {
    it(`refuses ${what}, naming the field, and accepts its boundary neighbour`, () => {
      expect(decode(schema, refused)).toEqual({ ok: false, error: reason });
      expect(decode(schema, accepted).ok).toBe(true);
    });
  }

  it("refuses a signed int cut short and accepts the same int whole", () => {
    expect(decode({ v: arg.i32 }, [0xff, 0xff, 0xff])).toEqual({
      ok: false,
      error: "argument v is truncated or malformed",
    });
    expect(decode({ v: arg.i32 }, [0xff, 0xff, 0xff, 0x7f])).toEqual({
      ok: true,
      value: { v: 0x7fff_ffff },
    });
  });

  it("reads the extremes of each signed kind", () => {
    expect(decode({ a: arg.i8, b: arg.i16 }, [0x80, 0x00, 0x80])).toEqual({
      ok: true,
      value: { a: -128, b: -32768 },
    });
  });
});

describe("the write path (our own code)", () => {
  it("throws for values outside their declared bounds instead of wrapping them", () => {
    const w = new ByteWriter();
    expect(() => writeArgs({ v: arg.i8 }, { v: 128 }, w)).toThrow("not an integer in -128..127");
    expect(() => writeArgs({ v: arg.int(0, 5) }, { v: 2.5 }, w)).toThrow("0..5");
    expect(() => writeArgs({ v: arg.array(arg.u8, 1) }, { v: [1, 2] }, w)).toThrow("over 1");
    expect(() => writeArgs({ v: arg.bytes(1) }, { v: new Uint8Array(2) }, w)).toThrow("over 1");
  });

  it("refuses declarations whose bounds the wire cannot carry", () => {
    expect(() => arg.int(5, 4)).toThrow("min ≤ max");
    expect(() => arg.int(0, 2 ** 32)).toThrow("below 2^32");
    expect(() => arg.array(arg.u8, 65_536)).toThrow("0..65535");
    expect(() => arg.bytes(-1)).toThrow("0..65535");
    expect(() => arg.optional(arg.optional(arg.u8))).toThrow("optional of an optional");
    expect(() => arg.freeForm(0)).toThrow("1..65535");
    expect(arg.int(-(2 ** 31), 2 ** 32 - 1 - 2 ** 31)).toEqual({
      kind: "int",
      min: -(2 ** 31),
      max: 2 ** 31 - 1,
    });
  });
});
