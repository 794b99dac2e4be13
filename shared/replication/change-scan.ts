// Change detection of one component over a tick's candidate entities, field by field: each
// field's loop runs over every candidate with one field type, so it stays monomorphic and
// tight, where asking entity by entity walks the field list generically (~0.5 µs an entity).
// A field's new codes and references land per entity (codeStride apart), and the entity's
// delta is written afterwards from them (TickEncoder hands them to writeChanges as its
// source). The rules are detectChanges' (component-encoder.ts), field for field;
// the property tests hold the two to the same bytes.
//
// Workers forbid eval, so no per-schema code is generated: the field types the hot path
// meets (floats and vectors here, heading angles in heading-scan.ts, predicted ones in
// predicted-scan.ts) have their loops written out; other types go through their field's own
// quantize().

import type { ComponentDef, FieldLayout } from "../schema/component.js";
import type { NumericField } from "../schema/field.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import { EntitySet } from "../world/entity-set.js";
import type { ComponentScratch } from "./component-scratch.js";
import { scanHeading } from "./heading-scan.js";
import { scanPredicted } from "./predicted-scan.js";
import type { ComponentReplica } from "./replica-store.js";

/** One component's changes of the tick, per entity. */
export class ChangeScan {
  readonly def: ComponentDef;
  /** Entities with at least one changed field this tick. */
  readonly any: EntitySet;
  /**
   * Per entity (codeStride apart): the codes its fields take this tick. Valid where the
   * writing pass reads them: a changed field's.
   */
  readonly codes: Float64Array;
  /**
   * Per entity (codeStride apart): the references a predicted or heading field is coded
   * against. Valid where the writing pass reads them: a changed field's, and a steered
   * one's (a predicted field whose rate changed). The scan writes nothing else, so a tick
   * of coasting movers dirties no line of it.
   */
  readonly predicted: Float64Array;
  /** Per entity (one per field): 1 when the field changed. */
  readonly changed: Uint8Array;
  /**
   * Per entity (rateStride apart): a steered predicted field's new rates, valid where its
   * rate field changed this tick; the writing pass stores them in the replica rather than
   * computing them again.
   */
  readonly newRates: Float64Array;
  /**
   * The scan moves the replica itself where nothing goes on the wire: a steered predicted
   * field left unflagged re-anchors at its prediction, a heading left unflagged takes its
   * vector's heading. The writing pass only handles flagged fields.
   */
  readonly reanchored = true;
  readonly #fieldCount: number;
  /** Scratch bitset words: the candidates marked changed (a change field's candidates). */
  readonly #marked: Uint32Array;

  constructor(def: ComponentDef, capacity: number) {
    this.def = def;
    this.any = new EntitySet(capacity);
    this.#marked = new Uint32Array(this.any.words.length);
    this.codes = new Float64Array(capacity * def.codeStride);
    this.predicted = new Float64Array(capacity * def.codeStride);
    this.#fieldCount = def.fields.length;
    this.changed = new Uint8Array(capacity * this.#fieldCount);
    this.newRates = new Float64Array(capacity * def.rateStride);
  }

  /**
   * Compares the candidates (bitset words) with the replica, field by field; afterwards
   * {@link any} holds those that changed. A change field (FieldLayout.onChange) is compared
   * only for the candidates in `marked` (the world's entities marked changed this tick).
   * Updates the replica's raw-value cache as detectChanges does.
   */
  scan(
    candidates: Uint32Array,
    marked: Uint32Array,
    rep: ComponentReplica,
    store: SchemaStore,
    tick: number,
    s: ComponentScratch,
  ): void {
    const any = this.any.words;
    any.fill(0);
    const fields = this.def.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const them = f.onChange ? this.#markedOnly(candidates, marked, f) : candidates;
      if (f.stringAt >= 0) this.#strings(them, f, rep, store);
      else if (f.predictedAt >= 0) scanPredicted(this, them, f, rep, store, tick, s);
      else if (f.headingField >= 0) scanHeading(this, them, f, rep, store);
      else if (f.codedAt >= 0) this.#linear(them, f, rep, store);
      else this.#numeric(them, f, rep, store);
    }
  }

  /**
   * A change field's candidates: those marked. The others are flagged unchanged here, since
   * the fields after it read its flag (a predicted field its rate's, a heading its vector's)
   * and a flag is only valid where this tick's scan wrote it.
   */
  #markedOnly(candidates: Uint32Array, marked: Uint32Array, f: FieldLayout): Uint32Array {
    const out = this.#marked;
    const changed = this.changed;
    const fc = this.#fieldCount;
    const index = f.index;
    for (let w = 0; w < candidates.length; w++) {
      const them = candidates[w]!;
      out[w] = them & marked[w]!;
      let rest = them & ~marked[w]!;
      while (rest !== 0) {
        const low = rest & -rest;
        rest ^= low;
        changed[((w << 5) + 31 - Math.clz32(low)) * fc + index] = 0;
      }
    }
    return out;
  }

  #strings(candidates: Uint32Array, f: FieldLayout, rep: ComponentReplica, store: SchemaStore) {
    const values = store.strings[f.stringAt]!;
    const held = rep.strings;
    const sc = this.def.stringCount;
    const changed = this.changed;
    const fc = this.#fieldCount;
    const any = this.any.words;
    for (let w = 0; w < candidates.length; w++) {
      let bits = candidates[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        const c = values[e] !== held[e * sc + f.stringAt] ? 1 : 0;
        changed[e * fc + f.index] = c;
        if (c === 1) any[w] = any[w]! | low;
      }
    }
  }

  /** A float or vector: once a lane's raw value moved, every lane is quantized and compared. */
  #linear(candidates: Uint32Array, f: FieldLayout, rep: ComponentReplica, store: SchemaStore) {
    const q = (f.field as LinearField<unknown>).quantizer;
    const min = q.min;
    const step = q.step;
    const maxCode = q.maxCode;
    const lanes = store.lanes[f.index]!;
    const nLanes = lanes.length;
    const raw = rep.raw;
    const codes = rep.codes;
    const next = this.codes;
    const stride = this.def.codeStride;
    // The field's raw-value columns (ReplicaStore: one column of capacity ids per lane).
    const cap = rep.capacity;
    const rawColumn = f.laneAt * cap;
    const changed = this.changed;
    const fc = this.#fieldCount;
    const any = this.any.words;
    for (let w = 0; w < candidates.length; w++) {
      let bits = candidates[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        const rawAt = rawColumn + e;
        let same = true;
        for (let l = 0; l < nLanes; l++) {
          const v = lanes[l]![e]!;
          if (v !== raw[rawAt + l * cap]) {
            raw[rawAt + l * cap] = v;
            same = false;
          }
        }
        let c = 0;
        if (!same) {
          const at = e * stride + f.codeAt;
          for (let l = 0; l < nLanes; l++) {
            // LinearQuantizer.code inlined (a call taking a fractional double boxes it).
            const code = Math.round((lanes[l]![e]! - min) / step);
            const clamped = code > 0 ? Math.min(code, maxCode) : 0; // NaN → 0
            next[at + l] = clamped;
            if (clamped !== codes[at + l]) c = 1;
          }
        }
        changed[e * fc + f.index] = c;
        if (c === 1) any[w] = any[w]! | low;
      }
    }
  }

  /** Any other numeric field (ints, enums, bools, quaternions, plain angles), through its quantize(). */
  #numeric(candidates: Uint32Array, f: FieldLayout, rep: ComponentReplica, store: SchemaStore) {
    const field = f.field as NumericField;
    const lanes = store.lanes[f.index]!;
    const nLanes = lanes.length;
    const codeCount = field.codeCount;
    const raw = rep.raw;
    const codes = rep.codes;
    const next = this.codes;
    const stride = this.def.codeStride;
    // The field's raw-value columns (ReplicaStore: one column of capacity ids per lane).
    const cap = rep.capacity;
    const rawColumn = f.laneAt * cap;
    const changed = this.changed;
    const fc = this.#fieldCount;
    const any = this.any.words;
    for (let w = 0; w < candidates.length; w++) {
      let word = candidates[w]!;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        const rawAt = rawColumn + e;
        let same = true;
        for (let l = 0; l < nLanes; l++) {
          const v = lanes[l]![e]!;
          if (v !== raw[rawAt + l * cap]) {
            raw[rawAt + l * cap] = v;
            same = false;
          }
        }
        let c = 0;
        if (!same) {
          const at = e * stride + f.codeAt;
          field.quantize(lanes, e, next, at);
          for (let k = 0; k < codeCount; k++) if (next[at + k] !== codes[at + k]) c = 1;
        }
        changed[e * fc + f.index] = c;
        if (c === 1) any[w] = any[w]! | low;
      }
    }
  }
}
