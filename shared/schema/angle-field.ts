// Angles in radians on a circle of 2^bits codes: the wire never spends a bit on the range,
// and decoded values land in [−π, π). Bit layout: [zero flag: 1 bit, when enabled]
// [code: bits bits, omitted when the zero flag is 1].

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";
import type { NumericField } from "./field.js";

const TAU = 2 * Math.PI;
const SCALAR = [""] as const;

/** Options of {@link angle}. */
export interface AngleOptions {
  /**
   * Codes per turn as a power of two: the step is 2π / 2^bits radians (10 bits ≈ 0.35°).
   * @default 10
   */
  bits?: number;
  /**
   * Spend one bit to send code 0 (an angle of 0) in one bit.
   * @default false
   */
  zeroFlag?: boolean;
  /**
   * Name of a vec2 field declared earlier in the same component whose direction this angle
   * follows (a heading from a velocity). The angle is then coded as a residual against the
   * heading of that field's decoded value: when the game keeps `angle = atan2(y, x)` of it,
   * a changed velocity carries its new angle in one bit. Any angle stays exact to its code;
   * the derivation only makes the likely value cheap.
   */
  heading?: string;
}

/** An angle field; compare decoded values modulo 2π. */
export class AngleField implements NumericField<Float64Array> {
  readonly kind = "angle";
  readonly lanes = 1;
  readonly laneNames: readonly string[] = SCALAR;
  readonly codeCount = 1;
  readonly tolerance: number;
  readonly rawBits = 32;
  readonly predict = undefined;
  readonly signature: string;
  /** Bits per code. */
  readonly bits: number;
  /** Radians per code. */
  readonly step: number;
  /** Codes per turn, 2^bits. */
  readonly #size: number;
  readonly zeroFlag: boolean;
  /** The vec2 field this angle is the heading of, or undefined. */
  readonly heading: string | undefined;
  declare readonly view?: Float64Array;

  constructor(options: AngleOptions = {}) {
    const bits = options.bits ?? 10;
    if (!Number.isInteger(bits) || bits < 1 || bits > 24)
      throw new Error("angle.bits must be in 1..24");
    this.bits = bits;
    this.step = TAU / 2 ** bits;
    this.#size = 2 ** bits;
    this.tolerance = this.step / 2;
    this.zeroFlag = options.zeroFlag ?? false;
    this.heading = options.heading;
    this.signature = `angle(${bits}${this.zeroFlag ? ",z" : ""}${
      this.heading === undefined ? "" : `,heading:${this.heading}`
    })`;
  }

  quantize(lanes: readonly Float64Array[], slot: number, codes: Float64Array, at: number): void {
    const size = this.#size;
    const t = lanes[0]![slot]! / TAU;
    const c = Math.round((t - Math.floor(t)) * size);
    // NaN → 0; a full turn wraps to 0.
    codes[at] = c > 0 && c < size ? c : 0;
  }

  dequantize(codes: Float64Array, at: number, lanes: readonly Float64Array[], slot: number): void {
    const v = codes[at]! * this.step;
    lanes[0]![slot] = v >= Math.PI ? v - TAU : v;
  }

  write(w: BitWriter, codes: Float64Array, at: number): void {
    const c = codes[at]!;
    if (this.zeroFlag) {
      w.writeBits(c === 0 ? 1 : 0, 1);
      if (c === 0) return;
    }
    w.writeBits(c, this.bits);
  }

  read(r: BitReader, codes: Float64Array, at: number): void {
    if (this.zeroFlag && r.readBits(1) === 1) {
      codes[at] = 0;
      return;
    }
    codes[at] = r.readBits(this.bits);
  }
}

/**
 * An angle in radians, sent in `bits` bits (any input; decoded into [−π, π)).
 *
 * @example
 * const heading = angle({ bits: 10 });
 * const facing = angle({ bits: 10, heading: "vel" }); // usually atan2(vel.y, vel.x)
 */
export function angle(options?: AngleOptions): AngleField {
  return new AngleField(options);
}
