// Uniform quantization of a bounded real range: code = round((v − min) / step), clamped to
// [0, maxCode]. Shared by floats, vectors and the rate/anchor arithmetic of prediction.

import { bitsFor } from "../bits/universal-codes.js";

/** Range and step of a quantized lane. */
export interface QuantizeRange {
  /** Smallest value, units. */
  min: number;
  /** Largest value, units. */
  max: number;
  /** Distance between representable values, units; the error is at most step/2 in range. */
  step: number;
}

/** Maps reals in [min, max] to integer codes in [0, maxCode] and back. */
export class LinearQuantizer {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Largest code. */
  readonly maxCode: number;
  /** Bits per code: bitsFor(maxCode). */
  readonly bits: number;
  /** Code of the value nearest 0, or −1 when 0 is outside the range. */
  readonly zeroCode: number;

  /** @throws naming `name` when the range or step is unusable. */
  constructor(range: QuantizeRange, name = "field") {
    const { min, max, step } = range;
    if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min))
      throw new Error(`${name}: max must be > min, both finite`);
    if (!Number.isFinite(step) || !(step > 0)) throw new Error(`${name}: step must be > 0`);
    // The epsilon absorbs float noise such as 2000 / (2000 / 65535) = 65535.00000000001.
    const maxCode = Math.ceil((max - min) / step - 1e-6);
    if (maxCode > 0xffffffff) throw new Error(`${name}: (max − min) / step must be < 2^32`);
    this.min = min;
    this.max = max;
    this.step = step;
    this.maxCode = maxCode;
    this.bits = bitsFor(maxCode);
    this.zeroCode = min <= 0 && max >= 0 ? this.code(0) : -1;
  }

  /** The code nearest `value` (clamped into range; NaN maps to the lowest code). */
  code(value: number): number {
    const c = Math.round((value - this.min) / this.step);
    if (c > 0) return Math.min(c, this.maxCode);
    return 0; // also catches NaN
  }

  /** The value a code stands for. */
  value(code: number): number {
    return this.min + code * this.step;
  }
}
