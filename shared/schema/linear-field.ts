// Quantized floats and vectors: every lane shares one range and step. Bit layout of an
// absolute value: [zero flag: 1 bit, only when enabled][lanes × bitsFor(maxCode) bits,
// lane 0 first, omitted when the zero flag is 1].

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";
import type { NumericField, PredictOptions } from "./field.js";
import { LinearQuantizer, type QuantizeRange } from "./linear-quantizer.js";

/** Options of {@link quantizedFloat}, {@link vec2} and {@link vec3}. */
export interface LinearFieldOptions extends QuantizeRange {
  /**
   * Spend one bit to send "all lanes at the code of 0" (a resting velocity costs 1 bit).
   * Needs 0 within [min, max].
   * @default true for vectors without prediction, false otherwise
   */
  zeroFlag?: boolean;
  /** Extrapolate this field from a rate field; see {@link PredictOptions}. */
  predict?: PredictOptions;
}

/** Storage view of a vec2 field. */
export interface Vec2View {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Storage view of a vec3 field. */
export interface Vec3View extends Vec2View {
  readonly z: Float64Array;
}

const LANE_NAMES = [[""], ["x", "y"], ["x", "y", "z"]] as const;

/** A float or vector field quantized to a declared range and step. */
export class LinearField<View> implements NumericField<View> {
  readonly kind: "float" | "vec2" | "vec3";
  readonly lanes: number;
  readonly laneNames: readonly string[];
  readonly codeCount: number;
  readonly tolerance: number;
  readonly rawBits: number;
  readonly predict: PredictOptions | undefined;
  readonly signature: string;
  /** The lane quantizer (shared by all lanes). */
  readonly quantizer: LinearQuantizer;
  /** Whether the 1-bit zero flag precedes the lanes. */
  readonly zeroFlag: boolean;
  declare readonly view?: View;

  constructor(kind: "float" | "vec2" | "vec3", options: LinearFieldOptions) {
    const lanes = kind === "float" ? 1 : kind === "vec2" ? 2 : 3;
    this.kind = kind;
    this.lanes = lanes;
    this.laneNames = LANE_NAMES[lanes - 1]!;
    this.codeCount = lanes;
    this.quantizer = new LinearQuantizer(options, kind);
    // A predicted field (a position) is rarely exactly 0, so it skips the flag by default.
    this.zeroFlag =
      (options.zeroFlag ?? (lanes > 1 && options.predict === undefined)) &&
      this.quantizer.zeroCode >= 0;
    this.tolerance = this.quantizer.step / 2;
    this.rawBits = 32 * lanes;
    this.predict = options.predict;
    const q = this.quantizer;
    const p = options.predict;
    this.signature = `${kind}(${q.min},${q.max},${q.step},${this.zeroFlag ? "z" : ""}${
      p ? `,predict:${p.rate}:${p.tolerance ?? ""}:${p.maxAgeTicks ?? ""}` : ""
    })`;
  }

  quantize(lanes: readonly Float64Array[], slot: number, codes: Float64Array, at: number): void {
    const q = this.quantizer;
    // LinearQuantizer.code inlined: calls taking a fractional double box it in V8.
    for (let l = 0; l < this.lanes; l++) {
      const c = Math.round((lanes[l]![slot]! - q.min) / q.step);
      codes[at + l] = c > 0 ? Math.min(c, q.maxCode) : 0; // NaN → 0
    }
  }

  dequantize(codes: Float64Array, at: number, lanes: readonly Float64Array[], slot: number): void {
    for (let l = 0; l < this.lanes; l++) lanes[l]![slot] = this.quantizer.value(codes[at + l]!);
  }

  /** True when every lane holds the code of 0. */
  isZero(codes: Float64Array, at: number): boolean {
    const z = this.quantizer.zeroCode;
    for (let l = 0; l < this.lanes; l++) if (codes[at + l] !== z) return false;
    return true;
  }

  write(w: BitWriter, codes: Float64Array, at: number): void {
    if (this.zeroFlag) {
      const zero = this.isZero(codes, at);
      w.writeBits(zero ? 1 : 0, 1);
      if (zero) return;
    }
    const bits = this.quantizer.bits;
    for (let l = 0; l < this.lanes; l++) w.writeBits(codes[at + l]!, bits);
  }

  read(r: BitReader, codes: Float64Array, at: number): void {
    const q = this.quantizer;
    if (this.zeroFlag && r.readBits(1) === 1) {
      for (let l = 0; l < this.lanes; l++) codes[at + l] = q.zeroCode;
      return;
    }
    for (let l = 0; l < this.lanes; l++) {
      const c = r.readBits(q.bits);
      if (c > q.maxCode) r.fail();
      codes[at + l] = c;
    }
  }
}

/**
 * A float quantized to `step` within [min, max]: bitsFor(ceil((max − min) / step)) bits.
 *
 * @example
 * const hpRatio = quantizedFloat({ min: 0, max: 1, step: 1 / 255 }); // 8 bits
 */
export function quantizedFloat(options: LinearFieldOptions): LinearField<Float64Array> {
  return new LinearField<Float64Array>("float", options);
}

/**
 * A 2D vector; each lane quantized like {@link quantizedFloat}.
 *
 * @example
 * const pos = vec2({ min: 0, max: 2000, step: 2000 / 65535, predict: { rate: "vel" } });
 */
export function vec2(options: LinearFieldOptions): LinearField<Vec2View> {
  return new LinearField<Vec2View>("vec2", options);
}

/** A 3D vector; each lane quantized like {@link quantizedFloat}. */
export function vec3(options: LinearFieldOptions): LinearField<Vec3View> {
  return new LinearField<Vec3View>("vec3", options);
}
