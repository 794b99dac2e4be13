// Change detection of a predicted field (position from velocity) over a tick's candidates:
// ChangeScan's loop for the field type that runs for every moving entity every tick, kept
// in its own module. The rules are detectPredicted's (component-encoder.ts), line for line.

import type { FieldLayout } from "../schema/component.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import type { ChangeScan } from "./change-scan.js";
import type { ComponentScratch } from "./component-scratch.js";
import type { ComponentReplica } from "./replica-store.js";

/**
 * A predicted field: the client's code this tick is its anchor extrapolated at the held
 * rate, or, when the rate changed this tick, last tick's extrapolation plus one tick at the
 * new rate. Changed when that misses the true value by more than the tolerance, or the age
 * would outgrow its bits (detectPredicted, component-encoder.ts, line for line).
 */
export function scanPredicted(
  scan: ChangeScan,
  candidates: Uint32Array,
  f: FieldLayout,
  rep: ComponentReplica,
  store: SchemaStore,
  tick: number,
  s: ComponentScratch,
): void {
  const def = scan.def;
  const q = (f.field as LinearField<unknown>).quantizer;
  const lanes = store.lanes[f.index]!;
  const nLanes = lanes.length;
  const codes = rep.codes;
  const rate = rep.rate;
  const anchorTick = rep.anchorTick;
  const next = scan.codes;
  const predicted = scan.predicted;
  const stride = def.codeStride;
  const changed = scan.changed;
  const fc = def.fields.length;
  const any = scan.any.words;
  const interval = def.sync.interval > 0 ? def.sync.interval : 1;
  const rates = scan.newRates;
  const min = q.min;
  const max = q.max;
  const qstep = q.step;
  const maxCode = q.maxCode;
  const tolerance = f.predictTolerance;
  // writeRates (prediction.ts), inlined with the same operations in the same order: it
  // runs for every steered entity, and its lookups are the same for all of them.
  const rateLayout = def.fields[f.rateField]!;
  const rq = (rateLayout.field as LinearField<unknown>).quantizer;
  const rateMin = rq.min;
  const rateStep = rq.step;
  const rateCodeAt = rateLayout.codeAt;
  const tickSeconds = s.tickSeconds;
  // The field's layout, read once: the loop runs for every moving entity every tick.
  const codeAt = f.codeAt;
  const predictedCount = def.predictedCount;
  const predictedAt = f.predictedAt;
  const rateStride = def.rateStride;
  const fieldRateAt = f.rateAt;
  const rateField = f.rateField;
  const fieldIndex = f.index;
  // age + interval − 1 > maxAgeTicks, for integer ages.
  const maxAge = f.maxAgeTicks - interval + 1;
  for (let w = 0; w < candidates.length; w++) {
    let word = candidates[w]!;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      const e = (w << 5) + 31 - Math.clz32(low);
      const base = e * stride;
      const at = base + codeAt;
      const anchorAt = e * predictedCount + predictedAt;
      const age = tick - anchorTick[anchorAt]!;
      const rateAt = e * rateStride + fieldRateAt;
      let c = 0;
      if (changed[e * fc + rateField] === 1) {
        // Steered: last tick's extrapolation plus one tick at the new rate per tick, from
        // the rate field's new codes.
        for (let l = 0; l < nLanes; l++)
          rates[rateAt + l] =
            ((rateMin + next[base + rateCodeAt + l]! * rateStep) * tickSeconds) / qstep;
        for (let l = 0; l < nLanes; l++) {
          // Math.max/min rather than ternaries: a ternary mixing a double with a field read
          // makes V8 box the double on the heap.
          const continuous = codes[at + l]! + rate[rateAt + l]! * (age - 1) + rates[rateAt + l]!;
          const p = Math.max(0, Math.min(Math.round(continuous), maxCode));
          predicted[at + l] = p;
          const truth = Math.max(min, Math.min(lanes[l]![e]!, max));
          if (!(Math.abs(min + p * qstep - truth) <= tolerance)) c = 1;
        }
        if (c === 0) {
          // The implicit re-anchor at the prediction (nothing on the wire), applied here,
          // column by column, rather than by the writing pass entity by entity.
          for (let l = 0; l < nLanes; l++) {
            codes[at + l] = predicted[at + l]!;
            rate[rateAt + l] = rates[rateAt + l]!;
          }
          anchorTick[anchorAt] = tick;
        }
      } else {
        // Coasting: the anchor extrapolated at the held rate.
        let moving = false;
        for (let l = 0; l < nLanes; l++) {
          const r = rate[rateAt + l]!;
          if (r !== 0) moving = true;
          const p = Math.max(0, Math.min(Math.round(codes[at + l]! + r * age), maxCode));
          const truth = Math.max(min, Math.min(lanes[l]![e]!, max));
          if (!(Math.abs(min + p * qstep - truth) <= tolerance)) c = 1;
        }
        if (moving && age > maxAge) c = 1;
        // A coasting miss (rare): its prediction, as computed above, is the reference.
        if (c === 1)
          for (let l = 0; l < nLanes; l++)
            predicted[at + l] = Math.max(
              0,
              Math.min(Math.round(codes[at + l]! + rate[rateAt + l]! * age), maxCode),
            );
      }
      if (c === 1)
        for (let l = 0; l < nLanes; l++) {
          const code = Math.round((lanes[l]![e]! - min) / qstep);
          next[at + l] = code > 0 ? Math.min(code, maxCode) : 0;
        }
      changed[e * fc + fieldIndex] = c;
      if (c === 1) any[w] = any[w]! | low;
    }
  }
}
