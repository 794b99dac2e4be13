import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";

type Field =
  | { kind: "u8" | "u16" | "u32" | "i16" | "f32" | "f64"; value: number }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "str8" | "str16"; value: string };

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.integer({ min: 0, max: 0xff }).map((value) => ({ kind: "u8", value }) as const),
  fc.integer({ min: 0, max: 0xffff }).map((value) => ({ kind: "u16", value }) as const),
  fc.integer({ min: 0, max: 0xffff_ffff }).map((value) => ({ kind: "u32", value }) as const),
  fc.integer({ min: -0x8000, max: 0x7fff }).map((value) => ({ kind: "i16", value }) as const),
  fc.float({ noNaN: true }).map((value) => ({ kind: "f32", value }) as const),
  fc.double({ noNaN: true }).map((value) => ({ kind: "f64", value }) as const),
  fc.uint8Array({ maxLength: 12 }).map((value) => ({ kind: "bytes", value }) as const),
  fc.string({ unit: "binary", maxLength: 20 }).map((value) => ({ kind: "str8", value }) as const),
  fc.string({ unit: "binary", maxLength: 20 }).map((value) => ({ kind: "str16", value }) as const),
);

function write(w: ByteWriter, f: Field): void {
  switch (f.kind) {
    case "bytes":
      w.bytes(f.value);
      return;
    case "str8":
    case "str16":
      w[f.kind](f.value);
      return;
    default:
      w[f.kind](f.value);
  }
}

function read(r: ByteReader, f: Field): number | string | Uint8Array {
  return f.kind === "bytes" ? r.bytes(f.value.length) : r[f.kind]();
}

describe("ByteReader", () => {
  it("reads back every width and string ByteWriter wrote, in order, to the last byte", () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 12 }), (fields) => {
        const w = new ByteWriter(8);
        for (const f of fields) write(w, f);
        const r = new ByteReader(w.toBytes());
        for (const f of fields) expect(read(r, f)).toEqual(f.value);
        expect(r.failed).toBe(false);
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("reads little-endian integers and floats", () => {
    const r = new ByteReader(
      Uint8Array.of(
        0x01,
        0x02, // u16 0x0201
        0x01,
        0x02,
        0x03,
        0x04, // u32 0x04030201
        0xfe,
        0xff, // i16 -2
        0x00,
        0x00,
        0xc0,
        0x3f, // f32 1.5
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x40,
        0x8f,
        0x40, // f64 1000
      ),
    );
    expect(r.u16()).toBe(0x0201);
    expect(r.u32()).toBe(0x0403_0201);
    expect(r.i16()).toBe(-2);
    expect(r.f32()).toBe(1.5);
    expect(r.f64()).toBe(1000);
    expect(r.failed).toBe(false);
  });

  it("reads a subarray from its own start, not from the start of the underlying buffer", () => {
    const whole = Uint8Array.of(0xaa, 0xbb, 0x34, 0x12, 0xcc);
    const r = new ByteReader(whole.subarray(2, 4));
    expect(r.u16()).toBe(0x1234);
    expect(r.remaining).toBe(0);
    expect(r.u8()).toBe(0); // 0xcc lies outside the view
    expect(r.failed).toBe(true);
  });

  it("returns 0 past the end and latches failed without throwing, for every width", () => {
    const widths = [
      ["u8", 1],
      ["u16", 2],
      ["u32", 4],
      ["i16", 2],
      ["f32", 4],
      ["f64", 8],
    ] as const;
    for (const [kind, size] of widths) {
      const short = new ByteReader(new Uint8Array(size - 1).fill(0xff));
      expect(short[kind]()).toBe(0);
      expect(short.failed).toBe(true);
      const exact = new ByteReader(new Uint8Array(size).fill(0x01));
      expect(exact[kind]()).not.toBe(0);
      expect(exact.failed).toBe(false);
    }
  });

  it("keeps failing after the first failure, even when later reads would fit", () => {
    const r = new ByteReader(Uint8Array.of(0x07, 0x08));
    expect(r.u32()).toBe(0);
    expect(r.failed).toBe(true);
    expect(r.u8()).toBe(0); // 0x07 is there, but the reader has failed
    expect(r.str8()).toBe("");
    expect(r.bytes(1)).toEqual(new Uint8Array(0));
    expect(r.failed).toBe(true);
  });

  it("returns an empty view when bytes(n) asks for more than remains", () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3));
    expect(r.bytes(3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(r.failed).toBe(false);
    const short = new ByteReader(Uint8Array.of(1, 2, 3));
    expect(short.bytes(4)).toEqual(new Uint8Array(0));
    expect(short.failed).toBe(true);
  });

  it("returns the rest of the input from the cursor and moves to the end", () => {
    const r = new ByteReader(Uint8Array.of(9, 1, 2));
    expect(r.u8()).toBe(9);
    expect(r.rest()).toEqual(Uint8Array.of(1, 2));
    expect(r.remaining).toBe(0);
    expect(r.offset).toBe(3);
    expect(r.rest()).toEqual(new Uint8Array(0));
    expect(r.failed).toBe(false);
  });

  it("reads str8 and str16 by their u8 and u16 byte-length prefixes", () => {
    const r = new ByteReader(
      Uint8Array.of(0x02, 0xc3, 0xa9, 0x03, 0x00, 0x61, 0x62, 0x63, 0x00, 0x00, 0x00),
    );
    expect(r.str8()).toBe("é");
    expect(r.str16()).toBe("abc");
    expect(r.str8()).toBe("");
    expect(r.str16()).toBe("");
    expect(r.failed).toBe(false);
    expect(r.remaining).toBe(0);
  });

  it("fails a string whose prefix claims more bytes than remain, but not one that fits", () => {
    const over = new ByteReader(Uint8Array.of(0x03, 0x61, 0x62));
    expect(over.str8()).toBe("");
    expect(over.failed).toBe(true);
    const fits = new ByteReader(Uint8Array.of(0x02, 0x61, 0x62));
    expect(fits.str8()).toBe("ab");
    expect(fits.failed).toBe(false);
    const over16 = new ByteReader(Uint8Array.of(0x01, 0x01, 0x61));
    expect(over16.str16()).toBe("");
    expect(over16.failed).toBe(true);
  });

  it("fails a string holding malformed UTF-8 but not its well-formed neighbour", () => {
    const bad = new ByteReader(Uint8Array.of(0x02, 0xc0, 0x80));
    expect(bad.str8()).toBe("");
    expect(bad.failed).toBe(true);
    const good = new ByteReader(Uint8Array.of(0x02, 0xc2, 0x80));
    expect(good.str8()).toBe("\u0080");
    expect(good.failed).toBe(false);
  });

  it("never throws on random bytes and random reads, and never moves past the end", () => {
    const op = fc.constantFrom(
      "u8",
      "u16",
      "u32",
      "i16",
      "f32",
      "f64",
      "str8",
      "str16",
      "bytes",
      "rest",
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.array(op, { maxLength: 20 }), (b, ops) => {
        const r = new ByteReader(b);
        for (const o of ops) {
          if (o === "bytes") r.bytes(3);
          else r[o]();
          expect(r.offset).toBeLessThanOrEqual(b.length);
          expect(r.remaining).toBe(b.length - r.offset);
        }
      }),
      { numRuns: 200 },
    );
  });
});
