// Change detection of a heading angle (a facing that follows its velocity) over a tick's
// candidates: ChangeScan's loop for that field type, in its own module as the predicted
// field's is. The rules are detectHeading's (component-encoder.ts).

import type { AngleField } from "../schema/angle-field.js";
import type { FieldLayout } from "../schema/component.js";
import type { LinearField } from "../schema/linear-field.js";
import type { SchemaStore } from "../world/component-store.js";
import type { ChangeScan } from "./change-scan.js";
import { headingOfCodes } from "./heading.js";
import type { ComponentReplica } from "./replica-store.js";

const TAU = 2 * Math.PI;

/**
 * A heading angle: its code is compared with its reference — the heading of its vector's
 * new codes when the vector changed this tick, else the held code (detectHeading). Left
 * unflagged after its vector changed, it takes the derived heading in the replica here, as
 * every client derives it: nothing goes on the wire.
 */
export function scanHeading(
  scan: ChangeScan,
  candidates: Uint32Array,
  f: FieldLayout,
  rep: ComponentReplica,
  store: SchemaStore,
): void {
  const def = scan.def;
  const lane = store.lanes[f.index]![0]!;
  const raw = rep.raw;
  const codes = rep.codes;
  const next = scan.codes;
  const predicted = scan.predicted;
  const stride = def.codeStride;
  // The field's raw-value columns (ReplicaStore: one column of capacity ids per lane).
  const cap = rep.capacity;
  const rawColumn = f.laneAt * cap;
  const changed = scan.changed;
  const fc = def.fields.length;
  const any = scan.any.words;
  const vecIndex = f.headingField;
  const vecAt = def.fields[vecIndex]!.codeAt;
  const vq = (def.fields[vecIndex]!.field as LinearField<unknown>).quantizer;
  const bits = (f.field as AngleField).bits;
  const size = 2 ** bits;
  for (let w = 0; w < candidates.length; w++) {
    let word = candidates[w]!;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      const e = (w << 5) + 31 - Math.clz32(low);
      const rawAt = rawColumn + e;
      const at = e * stride + f.codeAt;
      let code = codes[at]!;
      const v = lane[e]!;
      if (v !== raw[rawAt]) {
        raw[rawAt] = v;
        // AngleField.quantize inlined: the heading angle moves with every steered entity.
        const turns = v / TAU;
        const q = Math.round((turns - Math.floor(turns)) * size);
        code = q > 0 && q < size ? q : 0; // NaN → 0; a full turn wraps to 0
      }
      const steered = changed[e * fc + vecIndex] === 1;
      const reference = steered ? headingOfCodes(next, e * stride + vecAt, vq, bits) : codes[at]!;
      const c = code === reference ? 0 : 1;
      if (c === 1) {
        predicted[at] = reference;
        next[at] = code;
      } else if (steered) codes[at] = reference; // the derived heading, nothing on the wire
      changed[e * fc + f.index] = c;
      if (c === 1) any[w] = any[w]! | low;
    }
  }
}
