// The heading a heading angle is coded against: headingCode of its vec2's values decoded
// from codes (both ends hold the same codes, so they derive the same heading).

import type { FieldLayout } from "../schema/component.js";
import type { LinearField } from "../schema/linear-field.js";
import { headingOfCodes } from "./heading.js";

/** The heading code (of `bits` bits) of vec2 field `vec`, from its codes in `codes` at `base`. */
export function fieldHeading(
  vec: FieldLayout,
  codes: Float64Array,
  base: number,
  bits: number,
): number {
  return headingOfCodes(
    codes,
    base + vec.codeAt,
    (vec.field as LinearField<unknown>).quantizer,
    bits,
  );
}
