// The coded-field codes: every order round-trips every value in exactly codedBits bits, a
// truncated code is refused, and the server's choice follows the values it coded.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitReader, BitWriter } from "../bits/index.js";
import { defineComponent, vec2 } from "../schema/index.js";
import { CodedStats, codedBits, MAX_CODED_ORDER, readCoded, writeCoded } from "./coded-orders.js";

const Body = defineComponent("Body", { vel: vec2({ min: -8, max: 8, step: 1 / 16 }) });

describe("coded values", () => {
  it("round-trip every order in exactly codedBits bits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_CODED_ORDER }),
        fc.array(fc.nat({ max: 2 ** 20 }), { minLength: 1, maxLength: 8 }),
        (order, values) => {
          const w = new BitWriter();
          let bits = 0;
          for (const v of values) {
            writeCoded(w, v, order);
            bits += codedBits(v, order);
          }
          expect(w.bitLength).toBe(bits);
          const r = new BitReader(w.finish());
          for (const v of values) expect(readCoded(r, order)).toBe(v);
          expect(r.failed).toBe(false);
        },
      ),
    );
  });

  it("refuses a truncated escape beside the whole one", () => {
    // Order 18: 3-bit values 0..6, 7 escapes to 7 + EG0.
    const w = new BitWriter();
    writeCoded(w, 7 + 5, 18);
    expect(codedBits(12, 18)).toBe(3 + 5);
    const whole = w.finish().slice();
    const r = new BitReader(whole);
    expect(readCoded(r, 18)).toBe(12);
    const cut = new BitReader(Uint8Array.of(0b111));
    readCoded(cut, 18);
    expect(cut.failed).toBe(true);
  });

  it("spends w bits on values below 2^w − 1 and escapes the rest", () => {
    expect([0, 6, 7, 8].map((v) => codedBits(v, 18))).toEqual([3, 3, 4, 6]);
    expect([0, 1, 2].map((v) => codedBits(v, 0))).toEqual([1, 3, 3]);
  });
});

describe("the server's choice of orders", () => {
  it("takes Exp-Golomb order 0 for peaked residuals and an escape code for evenly spread kicks", () => {
    const stats = new CodedStats(Body);
    const orders = new Uint8Array(1);
    // Residuals 0 (90%), ±1 (zigzag 1 and 2): EG0 spends 1 bit on the zeros.
    for (let i = 0; i < 100; i++) stats.add(0, i % 10 === 0 ? 1 + (i % 20 === 0 ? 1 : 0) : 0);
    expect(stats.choose(orders)).toBe(0);
    expect(orders[0]).toBe(0);
    // Zigzagged kicks spread over 0..256: 8-bit values with an escape (order 23) beat
    // Exp-Golomb's ~9 bits, and save over order 0's ~15.
    for (let z = 0; z <= 256; z++) stats.add(0, z);
    expect(stats.choose(orders)).toBeGreaterThan(257 * 5);
    expect(orders[0]).toBe(23);
  });

  it("keeps an order through a tick that coded nothing", () => {
    const stats = new CodedStats(Body);
    const orders = Uint8Array.of(23);
    expect(stats.choose(orders)).toBe(0);
    expect(orders[0]).toBe(23);
  });
});
