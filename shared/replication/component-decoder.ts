// Client side of one component of one entity: reads the full and delta forms written by
// component-encoder.ts into a scratch (so a refused update leaves the mirror untouched),
// commits the scratch into the client's replica, and materializes replica codes into the
// world's storage as the values the game reads.

import type { BitReader } from "../bits/bit-reader.js";
import { unzigzag } from "../bits/universal-codes.js";
import type { AngleField } from "../schema/angle-field.js";
import type { ComponentDef, FieldLayout } from "../schema/component.js";
import type { NumericField, StringField } from "../schema/field.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import { readCoded } from "./coded-orders.js";
import { type ComponentScratch, movingFromCodes } from "./component-scratch.js";
import { fieldHeading } from "./field-heading.js";
import { captureRate, writeRates } from "./prediction.js";
import type { ComponentReplica } from "./replica-store.js";
import { RESIDUAL_ORDER } from "./wire-format.js";

// Loops here go by index, not for-of: a decoder called a few times an update runs for a
// while in tiers that allocate an iterator per for-of (a client's decode allocated per update).

/** Reads a full form into `s`; bad values fail the reader. */
export function readComponentFull(r: BitReader, def: ComponentDef, s: ComponentScratch): void {
  for (let fi = 0; fi < def.fields.length; fi++) {
    const f = def.fields[fi]!;
    if (f.stringAt >= 0) {
      s.strings[f.stringAt] = (f.field as StringField).readString(r);
      continue;
    }
    if (f.headingField >= 0) {
      const bits = (f.field as AngleField).bits;
      readHeading(
        r,
        s,
        fieldHeading(def.fields[f.headingField]!, s.codes, 0, bits),
        f.codeAt,
        bits,
        RESIDUAL_ORDER,
      );
      continue;
    }
    (f.field as NumericField).read(r, s.codes, f.codeAt);
    if (f.predictedAt < 0) continue;
    let age = 0;
    if (movingFromCodes(def, f.index, s.codes, 0, s)) {
      age = r.readBits(f.ageBits);
      if (age > f.maxAgeTicks) r.fail();
    }
    s.age[f.predictedAt] = age;
  }
}

/** Commits a full form read by {@link readComponentFull} into the replica. */
export function commitComponentFull(
  rep: ComponentReplica,
  id: number,
  s: ComponentScratch,
  tick: number,
): void {
  const def = rep.def;
  rep.codes.set(s.codes, id * def.codeStride);
  for (let k = 0; k < def.stringCount; k++) rep.strings[id * def.stringCount + k] = s.strings[k]!;
  for (let fi = 0; fi < def.fields.length; fi++) {
    const f = def.fields[fi]!;
    if (f.predictedAt < 0) continue;
    rep.anchorTick[id * def.predictedCount + f.predictedAt] = tick - s.age[f.predictedAt]!;
    captureRate(def, f, rep.codes, id * def.codeStride, rep.rate, id, s);
  }
}

/** Reads a heading angle's residual against `reference`; a residual off the circle fails. */
function readHeading(
  r: BitReader,
  s: ComponentScratch,
  reference: number,
  at: number,
  bits: number,
  k: number,
): void {
  const residual = unzigzag(readCoded(r, k));
  const size = 2 ** bits;
  if (!(residual >= -size / 2 && residual < size / 2)) r.fail();
  s.codes[at] = (((reference + residual) % size) + size) % size;
}

/**
 * Reads a delta form of `id`'s component into `s` (unchanged fields keep the replica's
 * codes; a steered predicted field and a heading angle whose vector changed take their
 * references), with the orders in `s.orders`.
 */
export function readComponentDelta(
  r: BitReader,
  rep: ComponentReplica,
  id: number,
  tick: number,
  s: ComponentScratch,
): void {
  const def = rep.def;
  const base = id * def.codeStride;
  for (let k = 0; k < def.codeStride; k++) s.codes[k] = rep.codes[base + k]!;
  for (let fi = 0; fi < def.fields.length; fi++) {
    const f = def.fields[fi]!;
    const changed = r.readBits(1);
    s.changed[f.index] = changed;
    if (f.stringAt >= 0) {
      if (changed === 1) s.strings[f.stringAt] = (f.field as StringField).readString(r);
      continue;
    }
    if (f.headingField >= 0) {
      const bits = (f.field as AngleField).bits;
      if (s.changed[f.headingField] === 1) {
        const derived = fieldHeading(def.fields[f.headingField]!, s.codes, 0, bits);
        if (changed === 0) s.codes[f.codeAt] = derived;
        else readHeading(r, s, derived, f.codeAt, bits, s.orders[f.codedAt]!);
      } else if (changed === 1)
        readHeading(r, s, s.codes[f.codeAt]!, f.codeAt, bits, s.orders[f.codedAt]!);
      continue;
    }
    if (f.predictedAt < 0) {
      if (changed === 0) continue;
      if (f.codedAt >= 0) readDelta(r, f, s);
      else (f.field as NumericField).read(r, s.codes, f.codeAt);
      continue;
    }
    const steered = s.changed[f.rateField] === 1;
    if (changed === 0 && !steered) continue;
    const q = (f.field as LinearField<unknown>).quantizer;
    const age = tick - rep.anchorTick[id * def.predictedCount + f.predictedAt]!;
    const rateAt = id * def.rateStride + f.rateAt;
    if (steered) writeRates(def, f, s.codes, 0, s, s.rates, 0);
    const k = s.orders[f.codedAt]!;
    for (let l = 0; l < f.field.lanes; l++) {
      const anchor = rep.codes[base + f.codeAt + l]!;
      const rate = rep.rate[rateAt + l]!;
      // The server's expression (component-encoder.ts detectPredicted), operation for operation.
      // predictCode's body inlined, the same expression: a call passing
      // doubles boxes them in the tiers a decode runs in before V8's top one.
      let predicted: number;
      if (steered)
        predicted = Math.max(
          0,
          Math.min(Math.round(anchor + rate * (age - 1) + s.rates[l]!), q.maxCode),
        );
      else {
        const c = Math.round(anchor + rate * age);
        predicted = c > 0 ? Math.min(c, q.maxCode) : 0;
      }
      const code = changed === 0 ? predicted : predicted + unzigzag(readCoded(r, k));
      if (!(code >= 0 && code <= q.maxCode)) r.fail();
      s.codes[f.codeAt + l] = code;
    }
  }
}

/** A float or vector's change: a mode bit, then deltas from the held codes or the absolute value. */
function readDelta(r: BitReader, f: FieldLayout, s: ComponentScratch): void {
  const field = f.field as LinearField<unknown>;
  if (r.readBits(1) === 1) {
    field.read(r, s.codes, f.codeAt);
    return;
  }
  const k = s.orders[f.codedAt]!;
  const max = field.quantizer.maxCode;
  for (let l = 0; l < field.lanes; l++) {
    const code = s.codes[f.codeAt + l]! + unzigzag(readCoded(r, k));
    if (!(code >= 0 && code <= max)) r.fail();
    s.codes[f.codeAt + l] = code;
  }
}

/** Commits a delta form read by {@link readComponentDelta} into the replica. */
export function commitComponentDelta(
  rep: ComponentReplica,
  id: number,
  s: ComponentScratch,
  tick: number,
): void {
  const def = rep.def;
  const base = id * def.codeStride;
  for (let fi = 0; fi < def.fields.length; fi++) {
    const f = def.fields[fi]!;
    // Unflagged fields move too: a steered predicted field re-anchors at its prediction, a
    // heading angle takes its vector's new heading.
    const implied =
      (f.predictedAt >= 0 && s.changed[f.rateField] === 1) ||
      (f.headingField >= 0 && s.changed[f.headingField] === 1);
    if (s.changed[f.index] === 0 && !implied) continue;
    if (f.stringAt >= 0) {
      rep.strings[id * def.stringCount + f.stringAt] = s.strings[f.stringAt]!;
      continue;
    }
    for (let k = 0; k < (f.field as NumericField).codeCount; k++)
      rep.codes[base + f.codeAt + k] = s.codes[f.codeAt + k]!;
    if (f.predictedAt < 0) continue;
    rep.anchorTick[id * def.predictedCount + f.predictedAt] = tick;
    // The rate field precedes this one, so the replica already holds its new code.
    captureRate(def, f, rep.codes, base, rep.rate, id, s);
  }
}

/**
 * Writes the values of `id`'s replica into entity `e` of the world's storage: every field
 * when `changed` is undefined, else the changed ones. Predicted fields are left to
 * {@link materializePredicted}, which the client runs for every entity after each update.
 */
export function materializeComponent(
  rep: ComponentReplica,
  id: number,
  store: SchemaStore,
  e: number,
  changed: Uint8Array | undefined,
): void {
  const def = rep.def;
  const base = id * def.codeStride;
  for (let fi = 0; fi < def.fields.length; fi++) {
    const f = def.fields[fi]!;
    if (f.predictedAt >= 0) continue; // evaluated for every entity by materializePredicted
    if (
      changed !== undefined &&
      changed[f.index] === 0 &&
      !(f.headingField >= 0 && changed[f.headingField] === 1)
    )
      continue;
    if (f.stringAt >= 0)
      store.strings[f.stringAt]![e] = rep.strings[id * def.stringCount + f.stringAt]!;
    else (f.field as NumericField).dequantize(rep.codes, base + f.codeAt, store.lanes[f.index]!, e);
  }
}

/** Re-evaluates only the predicted fields of `id` at `tick` (entities the update did not touch). */
export function materializePredicted(
  rep: ComponentReplica,
  id: number,
  store: SchemaStore,
  e: number,
  tick: number,
): void {
  const def = rep.def;
  if (def.predictedCount === 0) return;
  const base = id * def.codeStride;
  for (let fi = 0; fi < def.fields.length; fi++) {
    const f = def.fields[fi]!;
    if (f.predictedAt < 0) continue;
    const q = (f.field as LinearField<unknown>).quantizer;
    const age = tick - rep.anchorTick[id * def.predictedCount + f.predictedAt]!;
    const rateAt = id * def.rateStride + f.rateAt;
    const lanes = store.lanes[f.index]!;
    for (let l = 0; l < f.field.lanes; l++) {
      // predictCode and quantizer.value inlined (the same expression): this runs for every
      // mirrored mover on every update, and calls with fractional doubles box them.
      const code = Math.max(
        0,
        Math.min(
          Math.round(rep.codes[base + f.codeAt + l]! + rep.rate[rateAt + l]! * age),
          q.maxCode,
        ),
      );
      lanes[l]![e] = q.min + code * q.step;
    }
  }
}
