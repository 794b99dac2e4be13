// Server side of one component of one entity on the wire. Full form: every field's
// absolute value (a predicted field: its anchor, then the anchor's age when its rate is
// non-zero). Delta form: a changed bit per field, then the absolute value, or for a
// predicted field one signed Exp-Golomb residual per lane against the code the client
// predicts for this tick. The encoder writes from (and updates) the shared replica.

import type { BitWriter } from "../bits/bit-writer.js";
import { writeSignedExpGolomb } from "../bits/universal-codes.js";
import type { NumericField, StringField } from "../schema/field.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import { type ComponentScratch, movingFromCodes } from "./component-scratch.js";
import { captureRate } from "./prediction.js";
import type { ComponentReplica } from "./replica-store.js";
import { RESIDUAL_ORDER } from "./wire-format.js";

/** Writes the full form of `id`'s component from the replica. */
export function writeComponentFull(
  w: BitWriter,
  rep: ComponentReplica,
  id: number,
  tick: number,
  tickSeconds: number,
  s: ComponentScratch,
): void {
  const def = rep.def;
  const base = id * def.codeStride;
  for (const f of def.fields) {
    if (f.stringAt >= 0) {
      (f.field as StringField).writeString(w, rep.strings[id * def.stringCount + f.stringAt]!);
      continue;
    }
    (f.field as NumericField).write(w, rep.codes, base + f.codeAt);
    if (f.predictedAt >= 0 && movingFromCodes(def, f.index, rep.codes, base, tickSeconds, s))
      w.writeBits(tick - rep.anchorTick[id * def.predictedCount + f.predictedAt]!, f.ageBits);
  }
}

/** Server: sets `id`'s replica from the world's current values, anchored at `tick`. */
export function initComponentReplica(
  rep: ComponentReplica,
  store: SchemaStore,
  e: number,
  tick: number,
  tickSeconds: number,
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
      rep.raw[e * def.laneStride + f.laneAt + l] = lanes[l]![e]!;
    if (f.predictedAt < 0) continue;
    rep.anchorTick[e * def.predictedCount + f.predictedAt] = tick;
    captureRate(def, f, rep.codes, base, rep.rate, e, tickSeconds);
  }
}

/**
 * Server: compares the world's values of `e` with the replica without writing anything:
 * quantizes into `s.codes`, flags changed fields in `s.changed` (a predicted field is
 * "changed" when it must be re-anchored) and returns whether any field changed. Most
 * entities are unchanged on most ticks, so this is the hot path and it never touches the
 * bit writer.
 */
export function detectChanges(
  rep: ComponentReplica,
  store: SchemaStore,
  e: number,
  tick: number,
  s: ComponentScratch,
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
    if (f.stringAt >= 0) {
      if (store.strings[f.stringAt]![e] !== rep.strings[e * def.stringCount + f.stringAt])
        changed = 1;
    } else if (f.predictedAt < 0) {
      const field = f.field as NumericField;
      const lanes = store.lanes[i]!;
      const rawAt = e * def.laneStride + f.laneAt;
      let same = true;
      for (let l = 0; l < lanes.length; l++) {
        const v = lanes[l]![e]!;
        if (v !== raw[rawAt + l]) {
          raw[rawAt + l] = v;
          same = false;
        }
      }
      // Only a lane whose raw value moved can have a new code.
      if (!same) {
        field.quantize(lanes, e, s.codes, f.codeAt);
        for (let k = 0; k < field.codeCount; k++)
          if (s.codes[f.codeAt + k] !== codes[base + f.codeAt + k]) changed = 1;
      }
    } else {
      // Predicted: keep the anchor while the reconstruction stays within tolerance.
      const field = f.field as LinearField<unknown>;
      const q = field.quantizer;
      const lanes = store.lanes[i]!;
      const age = tick - rep.anchorTick[e * def.predictedCount + f.predictedAt]!;
      const rateAt = e * def.rateStride + f.rateAt;
      let moving = false;
      if (s.changed[f.rateField] === 1) changed = 1;
      for (let l = 0; l < field.lanes; l++) {
        const rate = rep.rate[rateAt + l]!;
        if (rate !== 0) moving = true;
        // predictCode and quantizer.value, inlined: a call passing or returning a fractional
        // double boxes it on the heap in V8's mid-tier, and this runs for every mover.
        // Math.max/min rather than ternaries: a ternary mixing a double with a field read
        // makes V8 box the double on the heap, once per mover per tick.
        const predicted = Math.max(
          0,
          Math.min(Math.round(codes[base + f.codeAt + l]! + rate * age), q.maxCode),
        );
        s.predicted[f.codeAt + l] = predicted;
        const truth = Math.max(q.min, Math.min(lanes[l]![e]!, q.max));
        if (!(Math.abs(q.min + predicted * q.step - truth) <= f.predictTolerance)) changed = 1;
      }
      // The age must fit its bits at every tick until the next comparison.
      if (moving && age + interval - 1 > f.maxAgeTicks) changed = 1;
      if (changed === 1)
        for (let l = 0; l < field.lanes; l++) s.codes[f.codeAt + l] = q.code(lanes[l]![e]!);
    }
    s.changed[i] = changed;
    if (changed === 1) any = true;
  }
  return any;
}

/**
 * Server: writes the delta form of the fields {@link detectChanges} flagged and moves the
 * replica to the new values (re-anchoring predicted fields at `tick`).
 */
export function writeChanges(
  w: BitWriter,
  rep: ComponentReplica,
  store: SchemaStore,
  e: number,
  tick: number,
  tickSeconds: number,
  s: ComponentScratch,
): void {
  const def = rep.def;
  const base = e * def.codeStride;
  const codes = rep.codes;
  for (const f of def.fields) {
    if (s.changed[f.index] === 0) {
      w.writeBits(0, 1);
      continue;
    }
    w.writeBits(1, 1);
    if (f.stringAt >= 0) {
      const value = store.strings[f.stringAt]![e]!;
      (f.field as StringField).writeString(w, value);
      rep.strings[e * def.stringCount + f.stringAt] = value;
      continue;
    }
    const field = f.field as NumericField;
    if (f.predictedAt < 0) {
      field.write(w, s.codes, f.codeAt);
      for (let k = 0; k < field.codeCount; k++) codes[base + f.codeAt + k] = s.codes[f.codeAt + k]!;
      continue;
    }
    for (let l = 0; l < field.lanes; l++) {
      const code = s.codes[f.codeAt + l]!;
      writeSignedExpGolomb(w, code - s.predicted[f.codeAt + l]!, RESIDUAL_ORDER);
      codes[base + f.codeAt + l] = code;
    }
    rep.anchorTick[e * def.predictedCount + f.predictedAt] = tick;
    // The rate field precedes this one, so the replica already holds its new code.
    captureRate(def, f, codes, base, rep.rate, e, tickSeconds);
  }
}
