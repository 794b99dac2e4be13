// The contract every field type implements. A field turns the game's values (stored as
// Float64Array lanes, one array per lane, indexed by entity) into integer codes, and codes
// into bits; the codes are what the replica on both ends holds, so "changed" and "predicted
// correctly" are exact integer comparisons, never float guesses.

import type { BitReader } from "../bits/bit-reader.js";
import type { BitWriter } from "../bits/bit-writer.js";

/** The field types of the network schema. */
export type FieldKind =
  | "float"
  | "int"
  | "bool"
  | "enum"
  | "vec2"
  | "vec3"
  | "angle"
  | "quat"
  | "string";

/**
 * Extrapolation of a float or vector field from a rate field of the same component (e.g.
 * position from velocity): clients reconstruct `anchor + rate · dt · age`, and the server
 * sends a correction only when that reconstruction would miss by more than `tolerance`.
 */
export interface PredictOptions {
  /** Name of the rate field (same lane count, declared earlier in the same component), in units per second. */
  rate: string;
  /**
   * Largest allowed |reconstructed − true| per lane, in the field's units.
   * @default the field's step
   */
  tolerance?: number;
  /**
   * Age (ticks since the last anchor) after which the server re-anchors anyway; bounds the
   * age field in full states to bitsFor(maxAgeTicks) bits.
   * @default 63
   */
  maxAgeTicks?: number;
}

/** A numeric field: values in Float64Array lanes, integer codes on the wire. */
export interface NumericField<View = unknown> {
  readonly kind: Exclude<FieldKind, "string">;
  /** Storage lanes (1 for scalars, 2–4 for vectors and quaternions). */
  readonly lanes: number;
  /** Names of the lanes in the storage view (`x`, `y` …); one empty name for scalars. */
  readonly laneNames: readonly string[];
  /** Integer codes held in the replica (a quaternion holds 4: largest index + 3). */
  readonly codeCount: number;
  /** Largest |decoded − source| per lane for in-range values (angles: angular distance); 0 = exact. */
  readonly tolerance: number;
  /** Bits of the same value sent uncompressed (float32 per float lane …), for the compression report. */
  readonly rawBits: number;
  /** Prediction declared on this field, or undefined. */
  readonly predict: PredictOptions | undefined;
  /** Canonical text of the declaration, hashed into the schema fingerprint. */
  readonly signature: string;
  /** Phantom: the storage view type of this field. Never set. */
  readonly view?: View;
  /** Quantizes the values of `slot` into `codes[at …]`. */
  quantize(lanes: readonly Float64Array[], slot: number, codes: Float64Array, at: number): void;
  /** Writes the values decoded from `codes[at …]` into the lanes at `slot`. */
  dequantize(codes: Float64Array, at: number, lanes: readonly Float64Array[], slot: number): void;
  /** Writes the codes as an absolute value. */
  write(w: BitWriter, codes: Float64Array, at: number): void;
  /** Reads an absolute value into `codes[at …]`; an out-of-range code fails the reader. */
  read(r: BitReader, codes: Float64Array, at: number): void;
}

/** A bounded UTF-8 string field, held as a JS string on both ends. */
export interface StringField {
  readonly kind: "string";
  readonly lanes: 0;
  /** Largest encoded length in bytes. */
  readonly maxBytes: number;
  readonly tolerance: 0;
  /** Bits of a raw length-prefixed string at its maximum (compression report). */
  readonly rawBits: number;
  readonly predict: undefined;
  readonly signature: string;
  readonly view?: string[];
  /** Writes `value`, cut at `maxBytes` on a character boundary. */
  writeString(w: BitWriter, value: string): void;
  /** Reads a string; malformed UTF-8 or an overlong length fails the reader and yields "". */
  readString(r: BitReader): string;
}

/** Any field of a component schema. */
export type Field = NumericField | StringField;

/** The storage view type of a field. */
export type FieldView<F> = F extends { readonly view?: infer V } ? V : never;
