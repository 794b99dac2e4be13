// Reusable per-component scratch of the codecs, and the one rule both ends share for
// whether a predicted field's anchor age is on the wire: only when its rate is non-zero.

import type { ComponentDef } from "../schema/component.js";
import { type TickTime, writeRates } from "./prediction.js";

/** Per-component decode scratch, reused across entities. */
export class ComponentScratch implements TickTime {
  /** The network schema's tick length, seconds (what prediction rates are per tick of). */
  readonly tickSeconds: number;
  readonly codes: Float64Array;
  readonly strings: string[];
  /** Per field: 1 when the delta carried it. */
  readonly changed: Uint8Array;
  /** Per predicted field: age in ticks read from a full state. */
  readonly age: Float64Array;
  /** Rates of the predicted field being coded (see movingFromCodes). */
  readonly rates = new Float64Array(4);
  /** Per lane of the vector being written: its zigzagged delta (change-writer.ts). */
  readonly zigzags = new Float64Array(4);
  /**
   * Per code of a coded field: the reference its change is coded against this tick (a
   * predicted field's prediction, a heading angle's derived heading).
   */
  readonly predicted: Float64Array;
  /**
   * Per coded field (FieldLayout.codedAt): the Exp-Golomb order of its deltas and residuals
   * in this tick's DELTA (the server's choice, carried in the update; coded-orders.ts).
   */
  readonly orders: Uint8Array;
  /** No per-entity rates here: the writer computes a steered field's rates itself. */
  readonly newRates = null;
  /** detectChanges leaves the implicit re-anchors to the writer (change-writer.ts). */
  readonly reanchored = false;

  constructor(def: ComponentDef, tickSeconds: number) {
    this.tickSeconds = tickSeconds;
    this.codes = new Float64Array(def.codeStride);
    this.strings = new Array<string>(def.stringCount).fill("");
    this.changed = new Uint8Array(def.fields.length);
    this.age = new Float64Array(def.predictedCount);
    this.predicted = new Float64Array(def.codeStride);
    this.orders = new Uint8Array(def.codedCount);
  }
}

/** True when predicted field `fi`'s rate, computed from `codes` at `base`, is non-zero. */
export function movingFromCodes(
  def: ComponentDef,
  fi: number,
  codes: Float64Array,
  base: number,
  s: ComponentScratch,
): boolean {
  return writeRates(def, def.fields[fi]!, codes, base, s, s.rates, 0);
}
