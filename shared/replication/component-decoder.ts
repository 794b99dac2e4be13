// Client side of one component of one entity: reads the full and delta forms written by
// component-encoder.ts into a scratch (so a refused update leaves the mirror untouched),
// commits the scratch into the client's replica, and materializes replica codes into the
// world's storage as the values the game reads.

import type { BitReader } from "../bits/bit-reader.js";
import { readSignedExpGolomb } from "../bits/universal-codes.js";
import type { ComponentDef } from "../schema/component.js";
import type { NumericField, StringField } from "../schema/field.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import { type ComponentScratch, movingFromCodes } from "./component-scratch.js";
import { captureRate, predictCode } from "./prediction.js";
import type { ComponentReplica } from "./replica-store.js";
import { RESIDUAL_ORDER } from "./wire-format.js";

/** Reads a full form into `s`; bad values fail the reader. */
export function readComponentFull(
  r: BitReader,
  def: ComponentDef,
  s: ComponentScratch,
  tickSeconds: number,
): void {
  for (const f of def.fields) {
    if (f.stringAt >= 0) {
      s.strings[f.stringAt] = (f.field as StringField).readString(r);
      continue;
    }
    (f.field as NumericField).read(r, s.codes, f.codeAt);
    if (f.predictedAt < 0) continue;
    let age = 0;
    if (movingFromCodes(def, f.index, s.codes, 0, tickSeconds, s)) {
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
  tickSeconds: number,
): void {
  const def = rep.def;
  rep.codes.set(s.codes, id * def.codeStride);
  for (let k = 0; k < def.stringCount; k++) rep.strings[id * def.stringCount + k] = s.strings[k]!;
  for (const f of def.fields) {
    if (f.predictedAt < 0) continue;
    rep.anchorTick[id * def.predictedCount + f.predictedAt] = tick - s.age[f.predictedAt]!;
    captureRate(def, f, rep.codes, id * def.codeStride, rep.rate, id, tickSeconds);
  }
}

/** Reads a delta form of `id`'s component into `s` (unchanged fields keep the replica's codes). */
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
  for (const f of def.fields) {
    const changed = r.readBits(1);
    s.changed[f.index] = changed;
    if (changed === 0) continue;
    if (f.stringAt >= 0) {
      s.strings[f.stringAt] = (f.field as StringField).readString(r);
      continue;
    }
    if (f.predictedAt < 0) {
      (f.field as NumericField).read(r, s.codes, f.codeAt);
      continue;
    }
    const q = (f.field as LinearField<unknown>).quantizer;
    const age = tick - rep.anchorTick[id * def.predictedCount + f.predictedAt]!;
    const rateAt = id * def.rateStride + f.rateAt;
    for (let l = 0; l < f.field.lanes; l++) {
      const predicted = predictCode(
        rep.codes[base + f.codeAt + l]!,
        rep.rate[rateAt + l]!,
        age,
        q.maxCode,
      );
      const code = predicted + readSignedExpGolomb(r, RESIDUAL_ORDER);
      if (!(code >= 0 && code <= q.maxCode)) r.fail();
      s.codes[f.codeAt + l] = code;
    }
  }
}

/** Commits a delta form read by {@link readComponentDelta} into the replica. */
export function commitComponentDelta(
  rep: ComponentReplica,
  id: number,
  s: ComponentScratch,
  tick: number,
  tickSeconds: number,
): void {
  const def = rep.def;
  const base = id * def.codeStride;
  for (const f of def.fields) {
    if (s.changed[f.index] === 0) continue;
    if (f.stringAt >= 0) {
      rep.strings[id * def.stringCount + f.stringAt] = s.strings[f.stringAt]!;
      continue;
    }
    for (let k = 0; k < (f.field as NumericField).codeCount; k++)
      rep.codes[base + f.codeAt + k] = s.codes[f.codeAt + k]!;
    if (f.predictedAt < 0) continue;
    rep.anchorTick[id * def.predictedCount + f.predictedAt] = tick;
    // The rate field precedes this one, so the replica already holds its new code.
    captureRate(def, f, rep.codes, base, rep.rate, id, tickSeconds);
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
  for (const f of def.fields) {
    if (f.predictedAt >= 0) continue; // evaluated for every entity by materializePredicted
    if (changed !== undefined && changed[f.index] === 0) continue;
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
  for (const f of def.fields) {
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
