import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SEQ_SPACE, seqAfter, unwrapSeq } from "./input-sequence.js";

describe("input sequences across the wrap", () => {
  it("orders sequences across 0xffffffff → 0", () => {
    expect(seqAfter(0, 0xffff_ffff)).toBe(true);
    expect(seqAfter(0xffff_ffff, 0)).toBe(false);
    expect(seqAfter(5, 5)).toBe(false);
    expect(seqAfter(1, 0)).toBe(true);
  });

  it("agrees with plain order for any two sequences less than half the space apart", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 ** 40, noNaN: true }),
        fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }),
        (base, d) => {
          const a = Math.floor(base);
          const b = a + d;
          if (b < 0) return;
          expect(seqAfter(b % SEQ_SPACE, a % SEQ_SPACE)).toBe(d > 0);
        },
      ),
      { seed: 19, numRuns: 1000 },
    );
  });

  it("maps a wire sequence back to the unbounded one at or below the newest", () => {
    expect(unwrapSeq(3, 2 ** 32 + 10)).toBe(2 ** 32 + 3);
    expect(unwrapSeq(0xffff_fffe, 2 ** 32 + 1)).toBe(2 ** 32 - 2);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 ** 45, noNaN: true }),
        fc.nat({ max: 2 ** 32 - 1 }),
        (n, back) => {
          const newest = Math.floor(n);
          const seq = newest - back;
          if (seq < 0) return;
          expect(unwrapSeq(seq % SEQ_SPACE, newest)).toBe(seq);
        },
      ),
      { seed: 19, numRuns: 1000 },
    );
  });
});
