// The portable heading: agrees with Math.atan2 to far below any angle step, quantizes like
// an angle field, and wraps code differences onto the circle.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { angle } from "../schema/index.js";
import { headingCode, portableAtan2, wrapCode } from "./heading.js";

describe("portable heading", () => {
  it("matches Math.atan2 within 1e-10 rad, and atan2(0, 0) is 0", () => {
    fc.assert(
      fc.property(
        // Signed zeros are one zero here (decoded codes never hold −0), and (0, 0) is 0.
        fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((v) => v + 0),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((v) => v + 0),
        (y, x) => {
          fc.pre(x !== 0 || y !== 0);
          expect(Math.abs(portableAtan2(y, x) - Math.atan2(y, x))).toBeLessThan(1e-10);
        },
      ),
    );
    expect(portableAtan2(0, 0)).toBe(0);
    expect(portableAtan2(0, -1)).toBe(Math.PI);
    expect(portableAtan2(-1, 0)).toBe(-Math.PI / 2);
  });

  it("gives the angle field's code of the heading", () => {
    const field = angle({ bits: 10 });
    const codes = new Float64Array(1);
    fc.assert(
      fc.property(
        fc.integer({ min: -4096, max: 4096 }),
        fc.integer({ min: -4096, max: 4096 }),
        (x, y) => {
          field.quantize([Float64Array.of(Math.atan2(y / 64, x / 64))], 0, codes, 0);
          const d = wrapCode(headingCode(x / 64, y / 64, 10) - codes[0]!, 10);
          // Equal but where the heading lies within 1e-10 of a rounding boundary.
          expect(Math.abs(d)).toBeLessThanOrEqual(1);
        },
      ),
    );
    expect(headingCode(0, 0, 10)).toBe(0);
    expect(headingCode(1, -1e-12, 10)).toBe(0); // just below 0 rounds to 2^bits, which wraps to 0
    expect(headingCode(-1, -1e-12, 10)).toBe(512); // −π is π
  });

  it("wraps differences into [−2^(bits−1), 2^(bits−1))", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: 1, max: 12 }),
        (d, bits) => {
          const w = wrapCode(d, bits);
          expect(w).toBeGreaterThanOrEqual(-(2 ** (bits - 1)));
          expect(w).toBeLessThan(2 ** (bits - 1));
          expect((((w - d) % 2 ** bits) + 2 ** bits) % 2 ** bits).toBe(0);
        },
      ),
    );
  });
});
