// Integers, booleans and enums: exact values sized by their range. Bit layout: the code
// (value − min) in bitsFor(max − min) bits; bool is 1 bit; an enum of n names is its index
// in bitsFor(n − 1) bits (0 bits for a single name).

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";
import { bitsFor } from "../bits/universal-codes.js";
import type { NumericField } from "./field.js";

const SCALAR = [""] as const;

/** An exact integer in [min, max] (also bool and enum, which are integers with names). */
export class IntField implements NumericField<Float64Array> {
  readonly kind: "int" | "bool" | "enum";
  readonly lanes = 1;
  readonly laneNames: readonly string[] = SCALAR;
  readonly codeCount = 1;
  readonly tolerance = 0;
  readonly rawBits: number;
  readonly predict = undefined;
  readonly signature: string;
  readonly min: number;
  readonly max: number;
  /** Bits per value. */
  readonly bits: number;
  /** Names of an enum's values, by index; empty otherwise. */
  readonly names: readonly string[];
  declare readonly view?: Float64Array;

  constructor(
    kind: "int" | "bool" | "enum",
    min: number,
    max: number,
    rawBits: number,
    names: readonly string[] = [],
  ) {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min)
      throw new Error(`${kind}: min and max must be integers with max ≥ min`);
    if (max - min > 0xffffffff) throw new Error(`${kind}: max − min must be < 2^32`);
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.bits = bitsFor(max - min);
    this.rawBits = rawBits;
    this.names = names;
    this.signature = `${kind}(${min},${max}${names.length > 0 ? `,${names.join("|")}` : ""})`;
  }

  quantize(lanes: readonly Float64Array[], slot: number, codes: Float64Array, at: number): void {
    const v = Math.round(lanes[0]![slot]!);
    // Out-of-range and NaN values clamp: the write path trusts the game, but must stay decodable.
    codes[at] = v > this.min ? (v < this.max ? v - this.min : this.max - this.min) : 0;
  }

  dequantize(codes: Float64Array, at: number, lanes: readonly Float64Array[], slot: number): void {
    lanes[0]![slot] = this.min + codes[at]!;
  }

  write(w: BitWriter, codes: Float64Array, at: number): void {
    w.writeBits(codes[at]!, this.bits);
  }

  read(r: BitReader, codes: Float64Array, at: number): void {
    const c = r.readBits(this.bits);
    if (c > this.max - this.min) r.fail();
    codes[at] = c;
  }
}

/** Range of {@link boundedInt}. */
export interface BoundedIntOptions {
  /** Smallest value (integer). */
  min: number;
  /** Largest value (integer). */
  max: number;
}

/**
 * An integer in [min, max], sent in bitsFor(max − min) bits.
 *
 * @example
 * const kind = boundedInt({ min: 0, max: 3 }); // 2 bits
 */
export function boundedInt(options: BoundedIntOptions): IntField {
  // Raw width (compression report): the smallest standard integer holding the range.
  const span = options.max - options.min;
  return new IntField("int", options.min, options.max, span < 256 ? 8 : span < 65536 ? 16 : 32);
}

/** An unsigned 8-bit integer. */
export function uint8(): IntField {
  return new IntField("int", 0, 0xff, 8);
}

/** An unsigned 16-bit integer. */
export function uint16(): IntField {
  return new IntField("int", 0, 0xffff, 16);
}

/** An unsigned 32-bit integer. */
export function uint32(): IntField {
  return new IntField("int", 0, 0xffffffff, 32);
}

/** A boolean, stored as 0 or 1, sent as one bit. */
export function bool(): IntField {
  return new IntField("bool", 0, 1, 8);
}

/**
 * An enum: stored as the index of its name, sent in bitsFor(names.length − 1) bits.
 *
 * @example
 * const state = enumOf(["idle", "run", "jump"]); // 2 bits; store 1 for "run"
 */
export function enumOf(names: readonly string[]): IntField {
  if (names.length === 0) throw new Error("enum: needs at least one name");
  return new IntField("enum", 0, names.length - 1, 8, names);
}
