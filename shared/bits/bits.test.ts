import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BitReader,
  BitWriter,
  bitsFor,
  EXP_GOLOMB_MAX,
  expGolombBits,
  gapOrder,
  readExpGolomb,
  readSignedExpGolomb,
  writeExpGolomb,
  writeSignedExpGolomb,
} from "./index.js";

const field = fc.integer({ min: 0, max: 32 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    value:
      width === 32
        ? fc.integer({ min: 0, max: 0xffffffff })
        : fc.integer({ min: 0, max: 2 ** width - 1 }),
  }),
);

describe("BitWriter and BitReader", () => {
  it("round-trip any sequence of fields at every width and alignment", () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 40 }), (fields) => {
        const w = new BitWriter({ initialBytes: 1, blockBytes: 3 });
        for (const f of fields) w.writeBits(f.value, f.width);
        const total = fields.reduce((s, f) => s + f.width, 0);
        expect(w.bitLength).toBe(total);
        const r = new BitReader(w.finish());
        for (const f of fields) expect(r.readBits(f.width)).toBe(f.value);
        expect(r.failed).toBe(false);
        expect(r.atPaddedEnd()).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("copies bit ranges from any offset to any offset", () => {
    fc.assert(
      fc.property(
        fc.array(field, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 31 }),
        (fields, lead) => {
          const src = new BitWriter();
          for (const f of fields) src.writeBits(f.value, f.width);
          const dst = new BitWriter({ initialBytes: 2 });
          dst.writeBits(0, lead);
          const from = fields[0]!.width;
          dst.copyBits(src.buffer, from, src.bitLength - from);
          const r = new BitReader(dst.finish());
          expect(r.readBits(lead)).toBe(0);
          for (const f of fields.slice(1)) expect(r.readBits(f.width)).toBe(f.value);
          expect(r.atPaddedEnd()).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("truncates back to a bit position and keeps writing from there", () => {
    const w = new BitWriter();
    w.writeBits(0b101, 3);
    w.writeBits(0xffff, 16);
    w.truncate(3);
    w.writeBits(0b1, 1);
    expect(Array.from(w.finish())).toEqual([0b1101]);
  });

  it("reuses its buffer after reset, leaving no stale bits", () => {
    const w = new BitWriter({ initialBytes: 4 });
    w.writeBits(0xffffffff, 32);
    w.reset();
    w.writeBits(1, 1);
    expect(Array.from(w.finish())).toEqual([1]);
  });

  it("refuses a read past the end with 0 and a latched error", () => {
    const r = new BitReader(new Uint8Array([0xff]));
    expect(r.readBits(8)).toBe(255);
    expect(r.failed).toBe(false);
    expect(r.readBits(1)).toBe(0);
    expect(r.failed).toBe(true);
    expect(r.readBits(1)).toBe(0);
  });

  it("accepts a read that ends exactly at the last bit", () => {
    const r = new BitReader(new Uint8Array([0xff, 0x01]));
    expect(r.readBits(9)).toBe(0x1ff);
    expect(r.failed).toBe(false);
  });

  it("tells zero padding from trailing data", () => {
    const padded = new BitReader(new Uint8Array([0b0000_0101]));
    padded.readBits(3);
    expect(padded.atPaddedEnd()).toBe(true);
    const trailing = new BitReader(new Uint8Array([0b0001_0101]));
    trailing.readBits(3);
    expect(trailing.atPaddedEnd()).toBe(false);
  });

  it("skips a byte prefix such as the message-type byte", () => {
    const r = new BitReader(new Uint8Array([9, 7]), 1);
    expect(r.readBits(8)).toBe(7);
  });
});

describe("Exp-Golomb codes", () => {
  it("round-trip unsigned and signed values at orders 0..8", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 1 << 20 }),
            fc.integer({ min: -(1 << 20), max: 1 << 20 }),
          ),
        ),
        fc.integer({ min: 0, max: 8 }),
        (pairs, k) => {
          const w = new BitWriter();
          for (const [u, s] of pairs) {
            writeExpGolomb(w, u, k);
            writeSignedExpGolomb(w, s, k);
          }
          const r = new BitReader(w.finish());
          for (const [u, s] of pairs) {
            expect(readExpGolomb(r, k)).toBe(u);
            expect(readSignedExpGolomb(r, k)).toBe(s);
          }
          expect(r.failed).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("write the same bits in one word as field by field, up to 32 bits and past them", () => {
    // The layout of docs/replication.md section 1, field by field: n − 1 zeros, a 1, the low
    // n − 1 bits of x = (v >> k) + 1, then the low k bits of v.
    const reference = (w: BitWriter, v: number, k: number) => {
      const x = Math.floor(v / 2 ** k) + 1;
      const n = 32 - Math.clz32(x);
      w.writeBits(0, n - 1);
      w.writeBits(1, 1);
      w.writeBits(x - 2 ** (n - 1), n - 1);
      w.writeBits(v % 2 ** k, k);
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.integer({ min: 0, max: 1 << 16 }),
              fc.integer({ min: 0, max: 2 ** 31 - 1 }),
            ),
            fc.integer({ min: 0, max: 24 }),
          ),
          { maxLength: 30 },
        ),
        (codes) => {
          const fast = new BitWriter();
          const slow = new BitWriter();
          for (const [v, k] of codes) {
            writeExpGolomb(fast, v, k);
            reference(slow, v, k);
          }
          expect(fast.bitLength).toBe(slow.bitLength);
          expect(Array.from(fast.finish())).toEqual(Array.from(slow.finish()));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("spend exactly expGolombBits bits", () => {
    for (const [v, k] of [
      [0, 0],
      [1, 0],
      [6, 0],
      [7, 0],
      [100, 3],
      [EXP_GOLOMB_MAX, 0],
    ] as const) {
      const w = new BitWriter();
      writeExpGolomb(w, v, k);
      expect(w.bitLength).toBe(expGolombBits(v, k));
    }
    const w = new BitWriter();
    writeExpGolomb(w, 0, 0);
    expect(w.bitLength).toBe(1);
  });

  it("refuse a zero run longer than 30 beside an accepted run of 30", () => {
    const accepted = new BitWriter();
    writeExpGolomb(accepted, EXP_GOLOMB_MAX, 0);
    const r = new BitReader(accepted.finish());
    expect(readExpGolomb(r, 0)).toBe(EXP_GOLOMB_MAX);
    expect(r.failed).toBe(false);
    const refused = new BitReader(new Uint8Array(8));
    expect(readExpGolomb(refused, 0)).toBe(0);
    expect(refused.failed).toBe(true);
  });

  it("pick the gap order from the mean gap", () => {
    expect(gapOrder(500, 500)).toBe(0);
    expect(gapOrder(500, 25)).toBe(4);
    expect(gapOrder(2000, 1)).toBe(10);
    expect(gapOrder(10, 0)).toBe(0);
  });

  it("size fields by their range", () => {
    expect([
      bitsFor(0),
      bitsFor(1),
      bitsFor(3),
      bitsFor(4),
      bitsFor(65535),
      bitsFor(2 ** 32 - 1),
    ]).toEqual([0, 1, 2, 3, 16, 32]);
  });
});
