// Server side of one component of one entity on the wire. Full form: every field's
// absolute value (a predicted field: its anchor, then the anchor's age when its rate is
// non-zero; a heading angle: its residual against the heading of its vector). The delta form
// is written by change-writer.ts from what detectChanges (here) or a ChangeScan found. The
// encoder writes from (and updates) the shared replica.

import type { BitWriter } from "../bits/bit-writer.js";
import { zigzag } from "../bits/universal-codes.js";
import type { AngleField } from "../schema/angle-field.js";
import type { FieldLayout } from "../schema/component.js";
import type { NumericField, StringField } from "../schema/field.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import { writeCoded } from "./coded-orders.js";
import { type ComponentScratch, movingFromCodes } from "./component-scratch.js";
import { fieldHeading } from "./field-heading.js";
import { wrapCode } from "./heading.js";
import { captureRate, type TickTime, writeRates } from "./prediction.js";
import type { ComponentReplica } from "./replica-store.js";
import { RESIDUAL_ORDER } from "./wire-format.js";

/** Writes the full form of `id`'s component from the replica. */
export function writeComponentFull(
  w: BitWriter,
  rep: ComponentReplica,
  id: number,
  tick: number,
  s: ComponentScratch,
): void {
  const def = rep.def;
  const base = id * def.codeStride;
  for (const f of def.fields) {
    if (f.stringAt >= 0) {
      (f.field as StringField).writeString(w, rep.strings[id * def.stringCount + f.stringAt]!);
      continue;
    }
    if (f.headingField >= 0) {
      const bits = (f.field as AngleField).bits;
      const derived = fieldHeading(def.fields[f.headingField]!, rep.codes, base, bits);
      writeCoded(w, zigzag(wrapCode(rep.codes[base + f.codeAt]! - derived, bits)), RESIDUAL_ORDER);
      continue;
    }
    (f.field as NumericField).write(w, rep.codes, base + f.codeAt);
    if (f.predictedAt >= 0 && movingFromCodes(def, f.index, rep.codes, base, s))
      w.writeBits(tick - rep.anchorTick[id * def.predictedCount + f.predictedAt]!, f.ageBits);
  }
}

/** Server: sets `id`'s replica from the world's current values, anchored at `tick`. */
export function initComponentReplica(
  rep: ComponentReplica,
  store: SchemaStore,
  e: number,
  tick: number,
  time: TickTime,
): void {
  const def = rep.def;
  const base = e * def.codeStride;
  for (const f of def.fields) {
    if (f.stringAt >= 0) {
      rep.strings[e * def.stringCount + f.stringAt] = store.strings[f.stringAt]![e]!;
      continue;
    }
    const lanes = store.lanes[f.index]!;
    (f.field as NumericField).quantize(lanes, e, rep.codes, base + f.codeAt);
    for (let l = 0; l < lanes.length; l++)
      rep.raw[(f.laneAt + l) * rep.capacity + e] = lanes[l]![e]!;
    if (f.predictedAt < 0) continue;
    rep.anchorTick[e * def.predictedCount + f.predictedAt] = tick;
    captureRate(def, f, rep.codes, base, rep.rate, e, time);
  }
}

/**
 * Server: compares the world's values of `e` with the replica without writing anything:
 * quantizes into `s.codes`, flags changed fields in `s.changed` (a predicted field is
 * "changed" when its prediction misses by more than its tolerance) and returns whether any
 * field changed. A change field (FieldLayout.onChange) is compared only when `marked`.
 */
export function detectChanges(
  rep: ComponentReplica,
  store: SchemaStore,
  e: number,
  tick: number,
  s: ComponentScratch,
  marked: boolean,
): boolean {
  const def = rep.def;
  const base = e * def.codeStride;
  const codes = rep.codes;
  const interval = def.sync.interval > 0 ? def.sync.interval : 1;
  const fields = def.fields;
  const raw = rep.raw;
  let any = false;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    let changed = 0;
    if (f.onChange && !marked) {
      // Not compared: the game did not mark it (ChangeScan skips it the same way).
    } else if (f.stringAt >= 0) {
      if (store.strings[f.stringAt]![e] !== rep.strings[e * def.stringCount + f.stringAt])
        changed = 1;
    } else if (f.predictedAt >= 0) {
      changed = detectPredicted(rep, f, store.lanes[i]!, e, tick, interval, s);
    } else {
      const field = f.field as NumericField;
      const lanes = store.lanes[i]!;
      const rawAt = f.laneAt * rep.capacity + e;
      let same = true;
      for (let l = 0; l < lanes.length; l++) {
        const v = lanes[l]![e]!;
        const at = rawAt + l * rep.capacity;
        if (v !== raw[at]) {
          raw[at] = v;
          same = false;
        }
      }
      // Only a lane whose raw value moved can have a new code.
      if (!same) {
        field.quantize(lanes, e, s.codes, f.codeAt);
        for (let k = 0; k < field.codeCount; k++)
          if (s.codes[f.codeAt + k] !== codes[base + f.codeAt + k]) changed = 1;
      }
      // A heading angle is also re-derived when its vector changed.
      if (f.headingField >= 0)
        changed = detectHeading(
          rep,
          f,
          base,
          s,
          same ? codes[base + f.codeAt]! : s.codes[f.codeAt]!,
        );
    }
    s.changed[i] = changed;
    if (changed === 1) any = true;
  }
  return any;
}

/**
 * A predicted field: the client's code this tick is its anchor extrapolated at the held
 * rate, or — when the rate changed this tick — last tick's extrapolation plus one tick at
 * the new rate (semi-implicit Euler, how games integrate). Changed when that misses the
 * true value by more than the tolerance, or the age would outgrow its bits.
 */
function detectPredicted(
  rep: ComponentReplica,
  f: FieldLayout,
  lanes: readonly Float64Array[],
  e: number,
  tick: number,
  interval: number,
  s: ComponentScratch,
): number {
  const def = rep.def;
  const base = e * def.codeStride;
  const codes = rep.codes;
  const field = f.field as LinearField<unknown>;
  const q = field.quantizer;
  const age = tick - rep.anchorTick[e * def.predictedCount + f.predictedAt]!;
  const rateAt = e * def.rateStride + f.rateAt;
  const steered = s.changed[f.rateField] === 1;
  // The new rate per tick, from the rate field's new codes (already in s.codes).
  if (steered) writeRates(def, f, s.codes, 0, s, s.rates, 0);
  let changed = 0;
  let moving = false;
  for (let l = 0; l < field.lanes; l++) {
    const rate = rep.rate[rateAt + l]!;
    if (rate !== 0) moving = true;
    // predictCode and quantizer.value, inlined: a call passing or returning a fractional
    // double boxes it on the heap in V8's mid-tier, and this runs for every mover.
    // Math.max/min rather than ternaries: a ternary mixing a double with a field read
    // makes V8 box the double on the heap, once per mover per tick.
    const continuous = steered
      ? codes[base + f.codeAt + l]! + rate * (age - 1) + s.rates[l]!
      : codes[base + f.codeAt + l]! + rate * age;
    const predicted = Math.max(0, Math.min(Math.round(continuous), q.maxCode));
    s.predicted[f.codeAt + l] = predicted;
    const truth = Math.max(q.min, Math.min(lanes[l]![e]!, q.max));
    if (!(Math.abs(q.min + predicted * q.step - truth) <= f.predictTolerance)) changed = 1;
  }
  // The age must fit its bits at every tick until the next comparison (a steered field is
  // re-anchored at its prediction, age 0).
  if (!steered && moving && age + interval - 1 > f.maxAgeTicks) changed = 1;
  if (changed === 1)
    for (let l = 0; l < field.lanes; l++) s.codes[f.codeAt + l] = q.code(lanes[l]![e]!);
  return changed;
}

/**
 * A heading angle whose true code is `code`: its reference is the heading of the vector's
 * new value when that changed this tick, else the held code. Changed when it differs.
 */
function detectHeading(
  rep: ComponentReplica,
  f: FieldLayout,
  base: number,
  s: ComponentScratch,
  code: number,
): number {
  const def = rep.def;
  const bits = (f.field as AngleField).bits;
  const reference =
    s.changed[f.headingField] === 1
      ? fieldHeading(def.fields[f.headingField]!, s.codes, 0, bits)
      : rep.codes[base + f.codeAt]!;
  s.predicted[f.codeAt] = reference;
  s.codes[f.codeAt] = code;
  return code === reference ? 0 : 1;
}
