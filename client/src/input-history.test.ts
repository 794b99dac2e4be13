import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputHistory } from "./input-history.js";

/** Records `value` as an input of `size` bytes, each byte `value + k`. */
function recordValue(h: InputHistory, size: number, value: number): number {
  return h.record((out, offset) => {
    for (let k = 0; k < size; k++) out[offset + k] = (value + k) & 0xff;
  });
}

function copied(h: InputHistory, size: number, from: number, count: number): Uint8Array {
  const out = new Uint8Array(2 + count * size).fill(0xee);
  h.copy(from, count, out, 2);
  expect(out.subarray(0, 2)).toEqual(Uint8Array.of(0xee, 0xee)); // nothing before the offset
  return out.subarray(2);
}

describe("InputHistory", () => {
  it("numbers inputs 0, 1, 2, … in recording order", () => {
    const h = new InputHistory(1, 4);
    expect(h.nextSeq).toBe(0);
    expect(recordValue(h, 1, 10)).toBe(0);
    expect(recordValue(h, 1, 11)).toBe(1);
    expect(recordValue(h, 1, 12)).toBe(2);
    expect(h.nextSeq).toBe(3);
  });

  it("copies recorded inputs back in sequence order at the given offset", () => {
    const h = new InputHistory(2, 8);
    for (const v of [10, 20, 30]) recordValue(h, 2, v);
    expect(copied(h, 2, 0, 3)).toEqual(Uint8Array.of(10, 11, 20, 21, 30, 31));
    expect(copied(h, 2, 1, 2)).toEqual(Uint8Array.of(20, 21, 30, 31));
  });

  it("remembers only the last `capacity` inputs once the ring wraps", () => {
    const h = new InputHistory(1, 4);
    expect(h.oldestSeq).toBe(0);
    for (let v = 0; v < 6; v++) recordValue(h, 1, 100 + v);
    // 6 recorded, capacity 4: sequences 2..5 remain.
    expect(h.oldestSeq).toBe(2);
    expect(copied(h, 1, 2, 4)).toEqual(Uint8Array.of(102, 103, 104, 105));
  });

  it("returns exactly what was recorded for any run of remembered sequences", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.integer({ min: 0, max: 0xff }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.nat(),
        (size, capacity, values, a, b) => {
          const h = new InputHistory(size, capacity);
          for (const [i, v] of values.entries()) expect(recordValue(h, size, v)).toBe(i);
          expect(h.oldestSeq).toBe(Math.max(0, values.length - capacity));
          const from = h.oldestSeq + (a % (h.nextSeq - h.oldestSeq));
          const count = 1 + (b % (h.nextSeq - from));
          const expected = values
            .slice(from, from + count)
            .flatMap((v) => Array.from({ length: size }, (_, k) => (v + k) & 0xff));
          expect(copied(h, size, from, count)).toEqual(Uint8Array.from(expected));
        },
      ),
      { numRuns: 200 },
    );
  });
});
