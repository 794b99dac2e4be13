import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitWriter } from "./bit-writer.js";
import { writeExpGolomb } from "./universal-codes.js";
import { WordBitWriter, wordsOf } from "./word-bit-writer.js";

/** One operation, applied to both writers. */
type Op =
  | { kind: "bits"; value: number; width: number }
  | { kind: "eg"; value: number; order: number }
  | { kind: "copy"; from: number; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: 32 }).chain((width) =>
    fc.record({
      kind: fc.constant("bits" as const),
      width: fc.constant(width),
      value: fc.integer({ min: 0, max: width === 32 ? 0xffffffff : 2 ** width - 1 }),
    }),
  ),
  fc.record({
    kind: fc.constant("eg" as const),
    value: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 0x7ffffffe })),
    order: fc.integer({ min: 0, max: 24 }),
  }),
  fc.record({
    kind: fc.constant("copy" as const),
    from: fc.integer({ min: 0, max: 900 }),
    count: fc.integer({ min: 0, max: 100 }),
  }),
);

/** A shared stream to copy from, as the tick encoder writes one (a BitWriter). */
function sourceStream(seed: number): BitWriter {
  const w = new BitWriter({ initialBytes: 4096 });
  let x = seed >>> 0 || 1;
  for (let i = 0; i < 1024 / 16; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    w.writeBits(x >>> 0, 16);
  }
  return w;
}

describe("WordBitWriter", () => {
  it("writes the bytes a BitWriter writes, for any mix of fields, codes and copies", () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer(),
        (ops, reserve, seed) => {
          const source = sourceStream(seed);
          const words = wordsOf(source.buffer);
          const expected = new BitWriter({ initialBytes: 1, blockBytes: 5 });
          for (let i = 0; i < reserve; i++) expected.writeBits(0, 8);
          // A small first buffer, so that growing is exercised.
          const actual = new WordBitWriter(reserve, 1);
          for (const o of ops) {
            if (o.kind === "bits") {
              expected.writeBits(o.value, o.width);
              actual.write(o.value, o.width);
            } else if (o.kind === "eg") {
              writeExpGolomb(expected, o.value, o.order);
              actual.writeExpGolomb(o.value, o.order);
            } else {
              expected.copyBits(source.buffer, o.from, o.count);
              actual.copy(words, o.from, o.count);
            }
          }
          expect(actual.bitLength).toBe(expected.bitLength - reserve * 8);
          expect(Array.from(actual.finish())).toEqual(Array.from(expected.finish()));
        },
      ),
    );
  });

  it("starts again from empty reserved bytes after reset", () => {
    const w = new WordBitWriter(3);
    w.write(0xabcdef, 24);
    const first = w.finish();
    first[0] = 9;
    w.reset();
    w.write(1, 1);
    expect(Array.from(w.finish())).toEqual([0, 0, 0, 1]);
  });

  it("hands out one view per length in turn, never the same object twice in a row", () => {
    const w = new WordBitWriter(2);
    const views: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) {
      w.reset();
      w.write(i, 8);
      views.push(w.finish());
    }
    expect(views[1]).not.toBe(views[0]);
    expect(views[2]).toBe(views[0]);
    expect(views[3]).toBe(views[1]);
    // A view handed out again shows the bytes written last.
    expect(Array.from(views[3]!)).toEqual([0, 0, 3]);
    w.reset();
    w.write(0xffff, 16);
    expect(Array.from(w.finish())).toEqual([0, 0, 0xff, 0xff]);
  });

  it("refuses a reserve it cannot hold", () => {
    expect(() => new WordBitWriter(65)).toThrow(/reserveBytes/);
    expect(() => wordsOf(new Uint8Array(8).subarray(1))).toThrow(/word/);
  });
});
