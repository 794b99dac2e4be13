import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitReader } from "../bits/bit-reader.js";
import { BitWriter } from "../bits/bit-writer.js";
import {
  angle,
  bool,
  boundedInt,
  boundedString,
  enumOf,
  type NumericField,
  quantizedFloat,
  quaternion,
  uint8,
  uint16,
  uint32,
  vec2,
  vec3,
} from "./index.js";

/** Quantize → write → read → dequantize one value given as lanes. */
function roundTrip(
  field: NumericField,
  values: readonly number[],
): { out: number[]; bits: number } {
  const lanes = values.map((v) => Float64Array.of(v));
  const codes = new Float64Array(field.codeCount);
  field.quantize(lanes, 0, codes, 0);
  const w = new BitWriter();
  field.write(w, codes, 0);
  const r = new BitReader(w.finish());
  const back = new Float64Array(field.codeCount);
  field.read(r, back, 0);
  expect(r.failed).toBe(false);
  const outLanes = values.map(() => new Float64Array(1));
  field.dequantize(back, 0, outLanes, 0);
  return { out: outLanes.map((l) => l[0]!), bits: w.bitLength };
}

/** Reads `bits` of value `code` (for refusal tests). */
function readCode(field: NumericField, code: number, bits: number): boolean {
  const w = new BitWriter();
  w.writeBits(code, bits);
  const r = new BitReader(w.finish());
  field.read(r, new Float64Array(field.codeCount), 0);
  return !r.failed;
}

const double = (min: number, max: number) => fc.double({ min, max, noNaN: true });

describe("quantized floats and vectors", () => {
  it("round-trip within step / 2 in exactly bitsFor(range / step) bits", () => {
    const x = quantizedFloat({ min: 0, max: 2000, step: 2000 / 65535 });
    expect(x.quantizer.bits).toBe(16);
    fc.assert(
      fc.property(double(0, 2000), (v) => {
        const { out, bits } = roundTrip(x, [v]);
        expect(bits).toBe(16);
        expect(Math.abs(out[0]! - v)).toBeLessThanOrEqual(x.tolerance + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("clamp values outside the range to its ends", () => {
    const f = quantizedFloat({ min: -1, max: 1, step: 0.5 });
    expect(roundTrip(f, [5]).out).toEqual([1]);
    expect(roundTrip(f, [-5]).out).toEqual([-1]);
    expect(roundTrip(f, [Number.NaN]).out).toEqual([-1]);
  });

  it("send a zero vector in one bit and others in 1 + lanes × bits", () => {
    const v = vec3({ min: -128, max: 128, step: 1 / 16 });
    expect(roundTrip(v, [0, 0, 0]).bits).toBe(1);
    fc.assert(
      fc.property(fc.tuple(double(-128, 128), double(-128, 128), double(-128, 128)), (xyz) => {
        const { out, bits } = roundTrip(v, xyz);
        expect(bits === 1 || bits === 1 + 3 * 13).toBe(true);
        for (let l = 0; l < 3; l++)
          expect(Math.abs(out[l]! - xyz[l]!)).toBeLessThanOrEqual(v.tolerance + 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it("refuse a code above maxCode beside an accepted maxCode", () => {
    const f = quantizedFloat({ min: 0, max: 10, step: 1 }); // maxCode 10, 4 bits
    expect(readCode(f, 10, 4)).toBe(true);
    expect(readCode(f, 11, 4)).toBe(false);
    const v = vec2({ min: 0, max: 10, step: 1 }); // zero flag, then 2 × 4 bits
    expect(readCode(v, (10 << 1) | (10 << 5), 9)).toBe(true);
    expect(readCode(v, (11 << 1) | (10 << 5), 9)).toBe(false);
  });

  it("reject unusable declarations naming the problem", () => {
    expect(() => quantizedFloat({ min: 1, max: 1, step: 1 })).toThrow(/max must be > min/);
    expect(() => quantizedFloat({ min: 0, max: 1, step: 0 })).toThrow(/step must be > 0/);
  });
});

describe("integers, booleans and enums", () => {
  it("are exact and sized by their range", () => {
    const cases: [NumericField, number, number][] = [
      [uint8(), 255, 8],
      [uint16(), 65535, 16],
      [uint32(), 0xffffffff, 32],
      [boundedInt({ min: -5, max: 20 }), -5, 5],
      [boundedInt({ min: 7, max: 7 }), 7, 0],
      [bool(), 1, 1],
      [enumOf(["idle", "run", "jump"]), 2, 2],
    ];
    for (const [field, value, bits] of cases)
      expect(roundTrip(field, [value])).toEqual({ out: [value], bits });
  });

  it("round-trip every value of their range", () => {
    const f = boundedInt({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (v) => {
        expect(roundTrip(f, [v]).out).toEqual([v]);
      }),
    );
  });

  it("refuse a code past the range beside the last one", () => {
    const f = boundedInt({ min: 0, max: 4 }); // 3 bits
    expect(readCode(f, 4, 3)).toBe(true);
    expect(readCode(f, 5, 3)).toBe(false);
    const e = enumOf(["a", "b", "c"]); // 2 bits
    expect(readCode(e, 2, 2)).toBe(true);
    expect(readCode(e, 3, 2)).toBe(false);
  });
});

describe("angles", () => {
  it("round-trip within half a step, modulo a turn", () => {
    const a = angle({ bits: 10 });
    fc.assert(
      fc.property(double(-20, 20), (v) => {
        const { out, bits } = roundTrip(a, [v]);
        expect(bits).toBe(10);
        expect(out[0]!).toBeGreaterThanOrEqual(-Math.PI);
        expect(out[0]!).toBeLessThan(Math.PI);
        const d = Math.abs(out[0]! - v) % (2 * Math.PI);
        expect(Math.min(d, 2 * Math.PI - d)).toBeLessThanOrEqual(a.tolerance + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("send 0 in one bit when the zero flag is on", () => {
    const a = angle({ bits: 8, zeroFlag: true });
    expect(roundTrip(a, [0]).bits).toBe(1);
    expect(roundTrip(a, [1]).bits).toBe(9);
  });
});

describe("quaternions (smallest three)", () => {
  it("round-trip unit quaternions within the declared step, up to sign, in 2 + 3·bits bits", () => {
    const q = quaternion({ bits: 10 });
    fc.assert(
      fc.property(fc.tuple(double(-1, 1), double(-1, 1), double(-1, 1), double(-1, 1)), (raw) => {
        const n = Math.hypot(...raw);
        fc.pre(n > 0.1);
        const unit = raw.map((v) => v / n);
        const { out, bits } = roundTrip(q, unit);
        expect(bits).toBe(32);
        const dot = out.reduce((s, v, i) => s + v * unit[i]!, 0);
        const sign = dot < 0 ? -1 : 1;
        for (let l = 0; l < 4; l++)
          expect(Math.abs(out[l]! * sign - unit[l]!)).toBeLessThanOrEqual(q.tolerance);
      }),
      { numRuns: 200 },
    );
  });

  it("refuse the unused top code beside the largest valid one", () => {
    const q = quaternion({ bits: 4 }); // 2 + 3 × 4 bits; codes 0..14
    expect(readCode(q, 3 | (14 << 2) | (7 << 6) | (7 << 10), 14)).toBe(true);
    expect(readCode(q, 3 | (15 << 2) | (7 << 6) | (7 << 10), 14)).toBe(false);
  });

  it("turn a zero quaternion into the identity", () => {
    expect(roundTrip(quaternion(), [0, 0, 0, 0]).out).toEqual([0, 0, 0, 1]);
  });
});

describe("bounded strings", () => {
  const name = boundedString({ maxBytes: 8 });
  const trip = (text: string) => {
    const w = new BitWriter();
    name.writeString(w, text);
    const r = new BitReader(w.finish());
    const back = name.readString(r);
    return { back, failed: r.failed, bits: w.bitLength };
  };

  it("round-trip UTF-8 text within maxBytes", () => {
    expect(trip("héllo")).toEqual({ back: "héllo", failed: false, bits: 4 + 6 * 8 });
    expect(trip("")).toEqual({ back: "", failed: false, bits: 4 });
  });

  it("cut longer text on a character boundary", () => {
    expect(trip("abcdefg€").back).toBe("abcdefg");
    expect(trip("abcdefghij").back).toBe("abcdefgh");
  });

  it("refuse a length above maxBytes beside an accepted maxBytes", () => {
    const at = (length: number, bytes: number[]) => {
      const w = new BitWriter();
      w.writeBits(length, 4);
      for (const b of bytes) w.writeBits(b, 8);
      const r = new BitReader(w.finish());
      name.readString(r);
      return !r.failed;
    };
    expect(at(8, [97, 97, 97, 97, 97, 97, 97, 97])).toBe(true);
    expect(at(9, [97, 97, 97, 97, 97, 97, 97, 97, 97])).toBe(false);
  });

  it("refuse malformed UTF-8 beside a valid sequence", () => {
    const at = (bytes: number[]) => {
      const w = new BitWriter();
      w.writeBits(bytes.length, 4);
      for (const b of bytes) w.writeBits(b, 8);
      const r = new BitReader(w.finish());
      return { text: name.readString(r), ok: !r.failed };
    };
    expect(at([0xc3, 0xa9])).toEqual({ text: "é", ok: true });
    expect(at([0xc3, 0x28])).toEqual({ text: "", ok: false });
    expect(at([0xc0, 0xaf])).toEqual({ text: "", ok: false }); // overlong
  });
});
