// Server side of a component's delta form on the wire: a changed bit per field, then for a
// float or vector a delta from the held codes (or, when shorter, the absolute value), for a
// predicted field one signed Exp-Golomb residual per lane against the code the client
// predicts, for a heading angle a residual against the derived heading. It writes what the
// comparison found (detectChanges in component-encoder.ts, or a ChangeScan) and moves the
// shared replica to the new values.

import type { BitWriter } from "../bits/bit-writer.js";
import { zigzag } from "../bits/universal-codes.js";
import type { AngleField } from "../schema/angle-field.js";
import type { FieldLayout } from "../schema/component.js";
import type { NumericField, StringField } from "../schema/field.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import { type CodedStats, codedBits, writeCoded } from "./coded-orders.js";
import type { ComponentScratch } from "./component-scratch.js";
import { wrapCode } from "./heading.js";
import { captureRate } from "./prediction.js";
import type { ComponentReplica } from "./replica-store.js";

/** Where {@link writeChanges} finds what detection found: new codes, references, changed flags. */
export interface ChangeSource {
  readonly codes: Float64Array;
  readonly predicted: Float64Array;
  readonly changed: Uint8Array;
  /** A steered predicted field's new rates per entity (rateStride apart), or null: compute them. */
  readonly newRates: Float64Array | null;
  /**
   * True when the comparison already moved the replica for the unflagged fields (a steered
   * predicted field's implicit re-anchor, a heading's derived value): ChangeScan does.
   */
  readonly reanchored: boolean;
}

/**
 * Server: writes the delta form of the fields {@link detectChanges} flagged, moves the
 * replica to the new values (re-anchoring predicted fields at `tick`, steered ones at their
 * prediction when not flagged) and counts the coded values in `stats`. What was found is
 * read from `src` — the scratch by default, or a ChangeScan's per-entity arrays from `at`
 * (codes and references) and `flagsAt` (changed flags) — so a scan's findings need no copy.
 */
export function writeChanges(
  w: BitWriter,
  rep: ComponentReplica,
  store: SchemaStore,
  e: number,
  tick: number,
  s: ComponentScratch,
  stats: CodedStats,
  src: ChangeSource = s,
  at = 0,
  flagsAt = 0,
): void {
  const def = rep.def;
  const base = e * def.codeStride;
  const codes = rep.codes;
  const next = src.codes;
  const predicted = src.predicted;
  const changed = src.changed;
  const fields = def.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (changed[flagsAt + f.index] === 0) {
      w.writeBits(0, 1);
      if (src.reanchored) continue;
      if (f.predictedAt >= 0 && changed[flagsAt + f.rateField] === 1) {
        // Steered and predicted well: re-anchored at the prediction, nothing on the wire.
        for (let l = 0; l < f.field.lanes; l++)
          codes[base + f.codeAt + l] = predicted[at + f.codeAt + l]!;
        rep.anchorTick[e * def.predictedCount + f.predictedAt] = tick;
        storeRate(rep, f, e, codes, base, s, src.newRates);
      } else if (f.headingField >= 0 && changed[flagsAt + f.headingField] === 1)
        codes[base + f.codeAt] = predicted[at + f.codeAt]!; // the new heading, as derived
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
    if (f.headingField >= 0) {
      const bits = (f.field as AngleField).bits;
      const r = wrapCode(next[at + f.codeAt]! - predicted[at + f.codeAt]!, bits);
      writeCoded(w, zigzag(r), s.orders[f.codedAt]!);
      stats.add(f.codedAt, zigzag(r));
      codes[base + f.codeAt] = next[at + f.codeAt]!;
      continue;
    }
    if (f.predictedAt < 0) {
      if (f.codedAt >= 0) writeDelta(w, f, codes, base, next, at, s, stats);
      else field.write(w, next, at + f.codeAt);
      for (let k = 0; k < field.codeCount; k++)
        codes[base + f.codeAt + k] = next[at + f.codeAt + k]!;
      continue;
    }
    const k = s.orders[f.codedAt]!;
    for (let l = 0; l < field.lanes; l++) {
      const code = next[at + f.codeAt + l]!;
      const r = code - predicted[at + f.codeAt + l]!;
      writeCoded(w, zigzag(r), k);
      stats.add(f.codedAt, zigzag(r));
      codes[base + f.codeAt + l] = code;
    }
    rep.anchorTick[e * def.predictedCount + f.predictedAt] = tick;
    // The rate field precedes this one, so the replica already holds its new code.
    if (changed[flagsAt + f.rateField] === 1) storeRate(rep, f, e, codes, base, s, src.newRates);
    else captureRate(def, f, codes, base, rep.rate, e, s);
  }
}

/**
 * Sets predicted field `f`'s rates in the replica from its rate field's new codes (in the
 * replica's `codes` at `base`): copied from `newRates` when the comparison left them there
 * (the same computation on the same codes), else computed.
 */
function storeRate(
  rep: ComponentReplica,
  f: FieldLayout,
  e: number,
  codes: Float64Array,
  base: number,
  s: ComponentScratch,
  newRates: Float64Array | null,
): void {
  if (newRates === null) {
    captureRate(rep.def, f, codes, base, rep.rate, e, s);
    return;
  }
  const at = e * rep.def.rateStride + f.rateAt;
  for (let l = 0; l < f.field.lanes; l++) rep.rate[at + l] = newRates[at + l]!;
}

/**
 * A float or vector's change: `0` then per lane the signed delta from the held code, or `1`
 * then the absolute value, whichever is shorter (the delta on a tie).
 */
function writeDelta(
  w: BitWriter,
  f: FieldLayout,
  codes: Float64Array,
  base: number,
  next: Float64Array,
  at: number,
  s: ComponentScratch,
  stats: CodedStats,
): void {
  const field = f.field as LinearField<unknown>;
  const k = s.orders[f.codedAt]!;
  const q = field.quantizer;
  const lanes = field.lanes;
  // Each lane's zigzagged delta, computed once for costing and writing.
  const z = s.zigzags;
  let deltaBits = 0;
  let zero = field.zeroFlag;
  for (let l = 0; l < lanes; l++) {
    const code = next[at + f.codeAt + l]!;
    const v = zigzag(code - codes[base + f.codeAt + l]!);
    z[l] = v;
    deltaBits += codedBits(v, k);
    if (code !== q.zeroCode) zero = false;
    // Only deltas that can beat the absolute value (≥ 2 bits shorter) tell what order suits
    // the field; a coasting velocity's new values would pull it up for nothing.
    if (32 - Math.clz32(v) <= q.bits - 2) stats.add(f.codedAt, v);
  }
  const absoluteBits = (field.zeroFlag ? 1 : 0) + (zero ? 0 : lanes * q.bits);
  if (absoluteBits < deltaBits) {
    w.writeBits(1, 1);
    field.write(w, next, at + f.codeAt);
    return;
  }
  w.writeBits(0, 1);
  for (let l = 0; l < lanes; l++) writeCoded(w, z[l]!, k);
}
