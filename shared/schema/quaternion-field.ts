// Rotations as smallest-three quaternions: the largest component is dropped (rebuilt from
// the unit norm) and the other three lie in [−1/√2, 1/√2]. q and −q are the same rotation,
// so the sign is chosen to make the dropped one positive. Bit layout: [index of the
// largest: 2 bits][the three others, in x, y, z, w order skipping it: bits bits each, code
// 2^bits − 1 refused].

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";
import type { NumericField } from "./field.js";
import { LinearQuantizer } from "./linear-quantizer.js";

const LANES = ["x", "y", "z", "w"] as const;
const LIMIT = Math.SQRT1_2;

/** Options of {@link quaternion}. */
export interface QuaternionOptions {
  /**
   * Bits per sent component (4 + 3·bits bits per value).
   * @default 10
   */
  bits?: number;
}

/** Storage view of a quaternion field. */
export interface QuaternionView {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly w: Float64Array;
}

/** A unit-quaternion field, smallest-three encoded. */
export class QuaternionField implements NumericField<QuaternionView> {
  readonly kind = "quat";
  readonly lanes = 4;
  readonly laneNames: readonly string[] = LANES;
  readonly codeCount = 4;
  /** Per-component bound, up to the sign of the whole quaternion. */
  readonly tolerance: number;
  readonly rawBits = 128;
  readonly predict = undefined;
  readonly signature: string;
  readonly bits: number;
  readonly #q: LinearQuantizer;
  declare readonly view?: QuaternionView;

  constructor(options: QuaternionOptions = {}) {
    const bits = options.bits ?? 10;
    if (!Number.isInteger(bits) || bits < 2 || bits > 24)
      throw new Error("quaternion.bits must be in 2..24");
    this.bits = bits;
    // An even number of steps (2^bits − 2) puts a code on 0, so axis-aligned rotations are exact;
    // the top code 2^bits − 1 is unused and refused.
    this.#q = new LinearQuantizer(
      { min: -LIMIT, max: LIMIT, step: (2 * LIMIT) / (2 ** bits - 2) },
      "quaternion",
    );
    // The three sent components err by step/2. The rebuilt one, w = sqrt(1 − a² − b² − c²),
    // errs by Σ|a·da| / w ≤ (step/2)·sqrt(3(1 − w²)) / w, which is largest at w = 1/2:
    // 1.5 steps to first order (a property test found 1.08 steps, above the one step this
    // used to claim). Two steps covers the second-order term.
    this.tolerance = 2 * this.#q.step;
    this.signature = `quat(${bits})`;
  }

  quantize(lanes: readonly Float64Array[], slot: number, codes: Float64Array, at: number): void {
    let x = lanes[0]![slot]!;
    let y = lanes[1]![slot]!;
    let z = lanes[2]![slot]!;
    let w = lanes[3]![slot]!;
    const norm = Math.hypot(x, y, z, w);
    if (!(norm > 0) || !Number.isFinite(norm)) {
      x = 0;
      y = 0;
      z = 0;
      w = 1;
    } else {
      x /= norm;
      y /= norm;
      z /= norm;
      w /= norm;
    }
    let largest = 0;
    let best = Math.abs(x);
    if (Math.abs(y) > best) {
      largest = 1;
      best = Math.abs(y);
    }
    if (Math.abs(z) > best) {
      largest = 2;
      best = Math.abs(z);
    }
    if (Math.abs(w) > best) largest = 3;
    const pick = largest === 0 ? x : largest === 1 ? y : largest === 2 ? z : w;
    const sign = pick < 0 ? -1 : 1;
    codes[at] = largest;
    let k = at + 1;
    if (largest !== 0) codes[k++] = this.#q.code(x * sign);
    if (largest !== 1) codes[k++] = this.#q.code(y * sign);
    if (largest !== 2) codes[k++] = this.#q.code(z * sign);
    if (largest !== 3) codes[k] = this.#q.code(w * sign);
  }

  dequantize(codes: Float64Array, at: number, lanes: readonly Float64Array[], slot: number): void {
    const largest = codes[at]!;
    const a = this.#q.value(codes[at + 1]!);
    const b = this.#q.value(codes[at + 2]!);
    const c = this.#q.value(codes[at + 3]!);
    const rest = 1 - a * a - b * b - c * c;
    const big = rest > 0 ? Math.sqrt(rest) : 0;
    // The three sent components fill the lanes other than `largest`, in order.
    lanes[0]![slot] = largest === 0 ? big : a;
    lanes[1]![slot] = largest === 1 ? big : largest === 0 ? a : b;
    lanes[2]![slot] = largest === 2 ? big : largest === 3 ? c : b;
    lanes[3]![slot] = largest === 3 ? big : c;
  }

  write(w: BitWriter, codes: Float64Array, at: number): void {
    w.writeBits(codes[at]!, 2);
    for (let i = 1; i < 4; i++) w.writeBits(codes[at + i]!, this.bits);
  }

  read(r: BitReader, codes: Float64Array, at: number): void {
    codes[at] = r.readBits(2);
    for (let i = 1; i < 4; i++) {
      const c = r.readBits(this.bits);
      if (c > this.#q.maxCode) r.fail();
      codes[at + i] = c;
    }
  }
}

/**
 * A rotation quaternion `{x, y, z, w}`, sent smallest-three in 2 + 3·bits bits.
 *
 * @example
 * const orientation = quaternion({ bits: 10 }); // 32 bits
 */
export function quaternion(options?: QuaternionOptions): QuaternionField {
  return new QuaternionField(options);
}
