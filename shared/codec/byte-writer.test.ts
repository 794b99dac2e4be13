import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("ByteWriter", () => {
  it("writes every width little-endian", () => {
    const w = new ByteWriter();
    w.u8(0xab).u16(0x0102).u32(0x0304_0506).i16(-2).f32(1.5).f64(1000);
    expect(hex(w.view())).toBe(
      [
        "ab", // u8
        "0201", // u16 0x0102
        "06050403", // u32 0x03040506
        "feff", // i16 -2
        "0000c03f", // f32 1.5
        "0000000000408f40", // f64 1000
      ].join(""),
    );
    expect(w.length).toBe(21);
  });

  it("round-trips every width through ByteReader", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: -0x8000, max: 0x7fff }),
        fc.float({ noNaN: true }),
        fc.double({ noNaN: true }),
        (u8, u16, u32, i16, f32, f64) => {
          const w = new ByteWriter(1);
          w.u8(u8).u16(u16).u32(u32).i16(i16).f32(f32).f64(f64);
          const r = new ByteReader(w.view());
          expect([r.u8(), r.u16(), r.u32(), r.i16(), r.f32(), r.f64()]).toEqual([
            u8,
            u16,
            u32,
            i16,
            f32,
            f64,
          ]);
          expect(r.remaining).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("stores an f32 at single precision", () => {
    const w = new ByteWriter().f32(0.1);
    expect(new ByteReader(w.view()).f32()).toBe(Math.fround(0.1));
  });

  it("grows past its initial capacity and keeps the bytes written before", () => {
    const w = new ByteWriter(4);
    for (let i = 0; i < 3000; i++) w.u8(i & 0xff);
    w.u32(0xdead_beef);
    expect(w.length).toBe(3004);
    const out = w.view();
    for (let i = 0; i < 3000; i++) expect(out[i]).toBe(i & 0xff);
    expect(new ByteReader(out.subarray(3000)).u32()).toBe(0xdead_beef);
  });

  it("grows for one write larger than a whole block", () => {
    const big = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
    const w = new ByteWriter(2).u8(0x11).bytes(big);
    expect(w.length).toBe(5001);
    expect(w.view()[0]).toBe(0x11);
    expect(w.view().subarray(1)).toEqual(big);
  });

  it("grows from a zero capacity", () => {
    const w = new ByteWriter(0).u16(0x0201);
    expect(hex(w.view())).toBe("0102");
  });

  it("rewinds to empty on reset() and writes into the same buffer again", () => {
    const w = new ByteWriter(16);
    w.u32(0x0403_0201);
    const before = w.view();
    expect(w.reset()).toBe(w);
    expect(w.length).toBe(0);
    expect(w.view()).toEqual(new Uint8Array(0));
    w.u8(0xff);
    const after = w.view();
    expect(hex(after)).toBe("ff");
    // Same backing store: the first view now shows the overwritten byte.
    expect(after.buffer).toBe(before.buffer);
    expect(hex(before)).toBe("ff020304");
  });

  it("returns a copy from toBytes() that later writes do not change", () => {
    const w = new ByteWriter(8).u16(0x0201);
    const copy = w.toBytes();
    w.reset().u16(0xffff);
    expect(hex(copy)).toBe("0102");
    expect(hex(w.toBytes())).toBe("ffff");
  });

  it("prefixes str8 with its UTF-8 byte length in one byte", () => {
    // "héllo": h(1) é(2) l(1) l(1) o(1) = 6 bytes
    expect(hex(new ByteWriter().str8("héllo").view())).toBe("06" + "68c3a96c6c6f");
    expect(hex(new ByteWriter().str8("").view())).toBe("00");
    expect(hex(new ByteWriter().str8("😀").view())).toBe("04f09f9880");
  });

  it("prefixes str16 with its UTF-8 byte length in two little-endian bytes", () => {
    expect(hex(new ByteWriter().str16("ab").view())).toBe("0200" + "6162");
    const w = new ByteWriter(4).str16("é".repeat(150)); // 300 bytes = 0x012c
    expect(hex(w.view().subarray(0, 2))).toBe("2c01");
    expect(w.length).toBe(302);
    expect(new ByteReader(w.view()).str16()).toBe("é".repeat(150));
  });

  it("writes a lone surrogate in a string as U+FFFD", () => {
    expect(hex(new ByteWriter().str8("\ud800").view())).toBe("03efbfbd");
  });
});
