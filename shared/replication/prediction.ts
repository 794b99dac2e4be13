// The value prediction both ends compute. It is a pure function of replica codes and tick
// numbers, evaluated with the same IEEE double operations on both ends, so server and
// client agree bit for bit on what the client reconstructs.

import type { ComponentDef, FieldLayout } from "../schema/component.js";
import type { LinearField } from "../schema/linear-field.js";

/**
 * Where the prediction reads the schema's tick length, seconds (a component scratch). Passed
 * as an object: a fractional double passed to a call that V8 does not inline is boxed on the
 * heap, and these run for every steered entity every tick.
 */
export interface TickTime {
  readonly tickSeconds: number;
}

/**
 * Writes the per-tick rate of each lane of predicted field `f` (in codes of `f`, from the
 * rate field's codes in `codes` at `base`) into `out` at `at`; returns whether any is
 * non-zero. Rates go straight into a typed array: returning a fractional double from a
 * call makes V8 box it.
 */
export function writeRates(
  def: ComponentDef,
  f: FieldLayout,
  codes: Float64Array,
  base: number,
  time: TickTime,
  out: Float64Array,
  at: number,
): boolean {
  const tickSeconds = time.tickSeconds;
  const rate = def.fields[f.rateField]!;
  const q = (rate.field as LinearField<unknown>).quantizer;
  const step = (f.field as LinearField<unknown>).quantizer.step;
  let moving = false;
  for (let l = 0; l < f.field.lanes; l++) {
    const r = ((q.min + codes[base + rate.codeAt + l]! * q.step) * tickSeconds) / step;
    out[at + l] = r;
    if (r !== 0) moving = true;
  }
  return moving;
}

/**
 * The code a client reconstructs: anchor + rate · age, rounded and clamped to [0, maxCode].
 * The server's per-tick check inlines this exact expression (component-encoder.ts); keep
 * them identical, or server and client disagree on what the client holds.
 */
export function predictCode(anchor: number, rate: number, age: number, maxCode: number): number {
  const c = Math.round(anchor + rate * age);
  return c > 0 ? Math.min(c, maxCode) : 0;
}

/** Stores the rates of predicted field `f` for `id`, from the codes in `codes` at `base`. */
export function captureRate(
  def: ComponentDef,
  f: FieldLayout,
  codes: Float64Array,
  base: number,
  rates: Float64Array,
  id: number,
  time: TickTime,
): boolean {
  return writeRates(def, f, codes, base, time, rates, id * def.rateStride + f.rateAt);
}
