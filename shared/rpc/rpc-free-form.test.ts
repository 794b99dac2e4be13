import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { err, ok } from "../codec/result.js";
import { World } from "../world/world.js";
import { readArgs, writeArgs } from "./rpc-arg-codec.js";
import { type ArgsOf, arg } from "./rpc-args.js";
import { RpcClient } from "./rpc-client.js";
import { RPC_STATUS } from "./rpc-frames.js";
import type { FreeFormValue } from "./rpc-free-form.js";
import { MAX_FREE_FORM_DEPTH } from "./rpc-free-form-scan.js";
import { RpcServer } from "./rpc-server.js";
import { defineRpcs } from "./rpc-table.js";

type Item = { readonly id: number; readonly n: number };

/** A game's validator: a list of { id, n } objects. */
function isInventory(v: FreeFormValue) {
  if (!Array.isArray(v)) return err("not a list");
  for (const item of v as readonly FreeFormValue[]) {
    const o = item as { id?: unknown; n?: unknown } | null;
    if (typeof o !== "object" || o === null || typeof o.id !== "number" || typeof o.n !== "number")
      return err("an item is not { id, n }");
  }
  return ok(v as readonly Item[]);
}

const ATTACHMENT = { v: arg.freeForm(32) };
const INVENTORY = { items: arg.freeForm(300, isInventory) };

/** A frame of `ATTACHMENT`: the length byte, then `cbor`. */
function attachment(cbor: readonly number[]) {
  return readArgs(ATTACHMENT, Uint8Array.from([cbor.length, ...cbor]));
}

function encode(schema: typeof ATTACHMENT | typeof INVENTORY, args: never): number[] {
  const w = new ByteWriter();
  writeArgs(schema, args, w);
  return [...w.view()];
}

describe("free-form arguments", () => {
  it("pins the bytes: a length, then CBOR from cbor-x", () => {
    // {"hp": 3}: a1 (map of 1) 62 68 70 ("hp") 03.
    expect(encode(ATTACHMENT, { v: { hp: 3 } } as never)).toEqual([
      5, 0xa1, 0x62, 0x68, 0x70, 0x03,
    ]);
    // A bound over 255 takes a u16 length. [{"id": 1, "n": 2}]: 81 (list of 1), a2 (map of 2),
    // 62 69 64 ("id") 01, 61 6e ("n") 02: 9 bytes.
    expect(encode(INVENTORY, { items: [{ id: 1, n: 2 }] } as never)).toEqual([
      9, 0, 0x81, 0xa2, 0x62, 0x69, 0x64, 0x01, 0x61, 0x6e, 0x02,
    ]);
  });

  it("round-trips plain data: null, booleans, numbers, text, bytes, lists and maps", () => {
    const value = {
      name: "ada ☃",
      at: [1.5, -7, 2 ** 40, null, true],
      raw: Uint8Array.from([0, 255]),
      deep: { a: { b: [{}] } },
    };
    const schema = { v: arg.freeForm(200) };
    const w = new ByteWriter();
    writeArgs(schema, { v: value }, w);
    expect(readArgs(schema, w.toBytes())).toEqual({ ok: true, value: { v: value } });
  });

  it("round-trips random plain data", () => {
    const data = fc.letrec<{ v: FreeFormValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", maxDepth: 5 },
        fc.constantFrom(null, true, false),
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
        fc.string({ unit: "binary", maxLength: 8 }),
        fc.uint8Array({ maxLength: 8 }),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(
          fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__"),
          tie("v"),
          {
            maxKeys: 4,
            noNullPrototype: true,
          },
        ),
      ),
    })).v;
    const schema = { v: arg.freeForm(65_535) };
    fc.assert(
      fc.property(data, (v) => {
        const w = new ByteWriter();
        writeArgs(schema, { v }, w);
        expect(readArgs(schema, w.toBytes())).toEqual({ ok: true, value: { v } });
      }),
      { numRuns: 300 },
    );
  });

  it("types the value by the validator, and plain data without one", () => {
    expectTypeOf<ArgsOf<typeof INVENTORY>>().toEqualTypeOf<{ items: readonly Item[] }>();
    expectTypeOf<ArgsOf<typeof ATTACHMENT>>().toEqualTypeOf<{ v: FreeFormValue }>();
  });

  it("runs the validator on arrival and refuses what it refuses", () => {
    const good = encode(INVENTORY, { items: [{ id: 1, n: 2 }] } as never);
    expect(readArgs(INVENTORY, Uint8Array.from(good))).toEqual({
      ok: true,
      value: { items: [{ id: 1, n: 2 }] },
    });
    const w = new ByteWriter();
    writeArgs({ items: arg.freeForm(300) }, { items: [{ id: "sword" }] }, w);
    expect(readArgs(INVENTORY, w.toBytes())).toEqual({
      ok: false,
      error: "argument items is refused by its validator: an item is not { id, n }",
    });
  });

  it("refuses a validator's throw instead of passing it on", () => {
    const schema = {
      v: arg.freeForm(8, (v) => ok((v as { x: number }).x)),
    };
    // CBOR null: the validator reads a property of null and throws.
    const refused = readArgs(schema, Uint8Array.from([1, 0xf6]));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/^argument v is refused by its validator: /);
  });

  it("answers a call with a refused inventory with BAD_ARGUMENTS and runs nothing", () => {
    const rpcs = defineRpcs({
      stash: { direction: "client-to-server", args: INVENTORY },
      attach: { direction: "client-to-server", args: ATTACHMENT },
    });
    const ran: unknown[] = [];
    const server = new RpcServer(rpcs, {
      stash: (_c, { items }) => {
        ran.push(items);
      },
      attach: (_c, { v }) => {
        ran.push(v);
      },
    });
    const client = new RpcClient(rpcs);
    const world = new World({ capacity: 1 });
    const w = new ByteWriter();
    client.writeCall("stash", { items: [{ id: 4, n: 1 }] }, w);
    expect(server.receive(1, w.toBytes(), 0, world, new ByteWriter())).toBe(RPC_STATUS.OK);
    // attach (id 0), call 1, a 1-byte CBOR tag head: refused.
    const tagged = Uint8Array.from([0x04, 0x00, 0x01, 0x00, 2, 0xc1, 0x00]);
    expect(server.receive(1, tagged, 0, world, new ByteWriter())).toBe(RPC_STATUS.BAD_ARGUMENTS);
    expect(ran).toEqual([[{ id: 4, n: 1 }]]);
  });
});

/** A CBOR array nested `depth` deep around 0: [[[…0…]]]. */
function nested(depth: number): number[] {
  return [...new Array(depth).fill(0x81), 0x00];
}

/** [what, refused CBOR, reason, accepted neighbour CBOR]. */
const REFUSALS: [string, number[], string, number[]][] = [
  ["bad CBOR: a reserved argument", [0x1c], "CBOR reserved argument 28", [0x17]],
  [
    "bad CBOR: a break with nothing open",
    [0xff],
    "CBOR simple value 31 is refused (false, true, null and floats only)",
    [0xf6],
  ],
  [
    "truncated CBOR: a text cut short",
    [0x63, 0x61, 0x62],
    "CBOR string of 3 bytes in 2",
    [0x62, 0x61, 0x62],
  ],
  [
    "truncated CBOR: an array missing its item",
    [0x82, 0x01],
    "CBOR array of 2 items in 1 bytes",
    [0x81, 0x01],
  ],
  ["a tag (1: a Date)", [0xc1, 0x00], "CBOR tags are refused", [0x00]],
  ["an indefinite-length list", [0x9f, 0xff], "CBOR indefinite lengths are refused", [0x80]],
  [
    "undefined",
    [0xf7],
    "CBOR simple value 23 is refused (false, true, null and floats only)",
    [0xf5],
  ],
  ["a NaN", [0xf9, 0x7e, 0x00], "CBOR float is not finite", [0xf9, 0x7b, 0xff]],
  [
    "an integer beyond 2^53",
    [0x1b, 0, 0x20, 0, 0, 0, 0, 0, 0],
    "CBOR integer or length beyond 2^53",
    [0x1b, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  ],
  [
    "a map with a number key",
    [0xa1, 0x01, 0x02],
    "CBOR map key is not text",
    [0xa1, 0x61, 0x31, 0x02],
  ],
  [
    "a __proto__ key",
    [0xa1, 0x69, ...[..."__proto__"].map((c) => c.charCodeAt(0)), 0x00],
    "CBOR map key __proto__ is refused",
    [0xa1, 0x68, ...[..."__proto_"].map((c) => c.charCodeAt(0)), 0x00],
  ],
  ["text that is not UTF-8", [0x61, 0xff], "CBOR text is not strict UTF-8", [0x61, 0x7f]],
  ["a second CBOR value", [0x01, 0x02], "1 bytes after the CBOR value", [0x01]],
  // 17 lists inside each other (18 bytes) against the limit of 16.
  [
    "nesting deeper than the limit",
    nested(MAX_FREE_FORM_DEPTH + 1),
    "CBOR nests deeper than 16",
    nested(MAX_FREE_FORM_DEPTH),
  ],
];

describe("refusals of hostile free-form bytes", () => {
  for (const [what, refused, reason, accepted] of REFUSALS) {
    it(`refuses ${what} and accepts its neighbour`, () => {
      expect(attachment(refused)).toEqual({ ok: false, error: `argument v is refused: ${reason}` });
      expect(attachment(accepted).ok).toBe(true);
    });
  }

  it("refuses a length over the bound before reading the CBOR, and accepts the bound", () => {
    // 33 > 32: refused on the length byte alone, so the 33 bytes need not even be there.
    expect(readArgs(ATTACHMENT, Uint8Array.from([33]))).toEqual({
      ok: false,
      error: "argument v is 33 bytes of CBOR, over 32",
    });
    // 32 bytes: a text of 30 (head 0x78 0x1e, then 30 letters).
    const bound = [0x78, 30, ...new Array(30).fill(0x61)];
    expect(attachment(bound)).toEqual({ ok: true, value: { v: "a".repeat(30) } });
  });

  it("refuses CBOR shorter than its length, and a frame cut inside the length", () => {
    expect(readArgs(ATTACHMENT, Uint8Array.from([2, 0x01]))).toEqual({
      ok: false,
      error: "argument v is truncated or malformed",
    });
    expect(readArgs(INVENTORY, Uint8Array.from([1]))).toEqual({
      ok: false,
      error: "argument items is truncated or malformed",
    });
  });

  it("throws on the write path for values the reader would refuse or that overflow the bound", () => {
    const w = new ByteWriter();
    expect(() => writeArgs(ATTACHMENT, { v: "x".repeat(31) }, w)).toThrow(
      "33 bytes of CBOR, over 32",
    );
    expect(() => writeArgs(ATTACHMENT, { v: new Date(0) as never }, w)).toThrow("not plain data");
    expect(() => writeArgs(ATTACHMENT, { v: Number.NaN }, w)).toThrow("not finite");
    expect(() => writeArgs(ATTACHMENT, { v: "x".repeat(30) }, w)).not.toThrow();
  });
});
