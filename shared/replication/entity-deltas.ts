// The writing pass of a commit (tick-encoder.ts): an entity's delta against the previous tick
// into the tick's shared delta buffer, with its per-component bit counts. An entity whose
// component set is unchanged is written from the value pass's findings (change-scan.ts); one
// whose set changed is compared entity by entity (detectChanges), its new components sent
// whole behind the structure bits.

import type { SchemaStore } from "../world/component-store.js";
import type { ChangeScan } from "./change-scan.js";
import { writeChanges } from "./change-writer.js";
import type { CodedStats } from "./coded-orders.js";
import { detectChanges, initComponentReplica, writeComponentFull } from "./component-encoder.js";
import type { ComponentScratch } from "./component-scratch.js";
import type { TickEncoder } from "./tick-encoder.js";

/** Per schema component, what the writing pass reads besides the encoder's public state. */
export interface DeltaParts {
  readonly stores: readonly SchemaStore[];
  readonly scratch: readonly ComponentScratch[];
  readonly stats: readonly CodedStats[];
  readonly scans: readonly ChangeScan[];
  /** NetworkSync interval: 1 every tick, 0 on change, n every n. */
  readonly interval: Int32Array;
  /** The world's sets of entities marked changed (frequency "change"). */
  readonly dirty: readonly { readonly words: Uint32Array }[];
}

/** Sets `e`'s presence mask in the replica and the per-component holder sets. */
export function setPresence(enc: TickEncoder, e: number, presence: number): void {
  enc.replica.presence[e] = presence;
  for (let c = 0; c < enc.holders.length; c++) {
    if ((presence & (1 << c)) !== 0) enc.holders[c]!.add(e);
    else enc.holders[c]!.delete(e);
  }
}

/** Writes the tick's entity deltas of a {@link TickEncoder}. */
export class EntityDeltas {
  readonly #enc: TickEncoder;
  readonly #parts: DeltaParts;
  /** Per component of the entity being written entity-wise: 1 when detectChanges found a change. */
  readonly #detected: Uint8Array;

  constructor(encoder: TickEncoder, parts: DeltaParts) {
    this.#enc = encoder;
    this.#parts = parts;
    this.#detected = new Uint8Array(encoder.schema.components.length);
  }

  /**
   * Entity `e` (bit `low` of word `w`), whose component set is unchanged, from the value
   * pass's findings.
   */
  writeScanned(e: number, w: number, low: number, t: number): void {
    const enc = this.#enc;
    const { stores, scratch, stats, scans } = this.#parts;
    const n = enc.schema.components.length;
    const presence = enc.replica.presence[e]!;
    const out = enc.delta;
    const start = out.bitLength;
    if (n > 1) out.writeBits(0, 1);
    for (let c = 0; c < n; c++) {
      enc.deltaComponentBits[e * n + c] = 0;
      if ((presence & (1 << c)) === 0) continue;
      const from = out.bitLength;
      const scan = scans[c]!;
      if ((scan.any.words[w]! & low) !== 0) {
        out.writeBits(1, 1);
        const rep = enc.replica.components[c]!;
        const def = rep.def;
        const at = e * def.codeStride;
        writeChanges(
          out,
          rep,
          stores[c]!,
          e,
          t,
          scratch[c]!,
          stats[c]!,
          scan,
          at,
          e * def.fields.length,
        );
      } else out.writeBits(0, 1);
      enc.deltaComponentBits[e * n + c] = out.bitLength - from;
    }
    this.#done(e, start, t);
  }

  /**
   * Entity `e`, alive and replicated, whose component set is now `presence`: compared entity
   * by entity; components it gained go whole.
   */
  writeReshaped(e: number, presence: number, t: number): void {
    const enc = this.#enc;
    const { stores, scratch, stats } = this.#parts;
    const n = enc.schema.components.length;
    // Detect first, write only if something changed.
    const previous = enc.replica.presence[e]!;
    const structural = previous !== presence;
    const detected = this.#detected;
    let any = structural;
    for (let c = 0; c < n; c++) {
      detected[c] = 0;
      const bit = 1 << c;
      if ((presence & bit) === 0 || (previous & bit) === 0 || !this.#sampled(c, e, t)) continue;
      const marked = (this.#parts.dirty[c]!.words[e >>> 5]! & (1 << (e & 31))) !== 0;
      if (detectChanges(enc.replica.components[c]!, stores[c]!, e, t, scratch[c]!, marked)) {
        detected[c] = 1;
        any = true;
      }
    }
    if (!any) return;
    const w = enc.delta;
    const start = w.bitLength;
    // With one component the structure can only change by leaving replication: no bit.
    if (n > 1) {
      w.writeBits(structural ? 1 : 0, 1);
      if (structural) w.writeBits(presence, n);
    }
    for (let c = 0; c < n; c++) {
      enc.deltaComponentBits[e * n + c] = 0;
      if ((presence & (1 << c)) === 0) continue;
      const rep = enc.replica.components[c]!;
      const from = w.bitLength;
      if ((previous & (1 << c)) === 0) {
        initComponentReplica(rep, stores[c]!, e, t, scratch[c]!);
        writeComponentFull(w, rep, e, t, scratch[c]!);
      } else if (detected[c] === 1) {
        w.writeBits(1, 1);
        writeChanges(w, rep, stores[c]!, e, t, scratch[c]!, stats[c]!);
      } else w.writeBits(0, 1);
      enc.deltaComponentBits[e * n + c] = w.bitLength - from;
    }
    if (structural) setPresence(enc, e, presence);
    this.#done(e, start, t);
  }

  /** Records that `e`'s delta of tick `t` starts at bit `start` of the delta buffer. */
  #done(e: number, start: number, t: number): void {
    const enc = this.#enc;
    enc.changed.add(e);
    enc.deltaStart[e] = start;
    enc.deltaBits[e] = enc.delta.bitLength - start;
    enc.lastChange[e] = t;
  }

  /** Whether component c of entity e is compared this tick (its NetworkSync frequency). */
  #sampled(c: number, e: number, t: number): boolean {
    const interval = this.#parts.interval[c]!;
    if (interval === 1) return true;
    if (interval === 0) return (this.#parts.dirty[c]!.words[e >>> 5]! & (1 << (e & 31))) !== 0;
    return (t + e) % interval === 0;
  }
}
