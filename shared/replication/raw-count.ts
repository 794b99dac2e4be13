// The compression report's raw side: what each update would cost at raw width (every visible
// entity's components, float32 per float lane), counted per update, by set algebra on words.

import type { EntitySet } from "../world/entity-set.js";
import { popcount } from "../world/entity-set.js";
import type { TickEncoder } from "./tick-encoder.js";

/** Counts updates' visible components at raw width into a report's `rawBits`. */
export class RawCount {
  readonly #enc: TickEncoder;
  /** Per component: 1 when every replicated entity holds it, as of {@link #heldByAllTick}. */
  readonly #heldByAll: Uint8Array;
  #heldByAllTick = -1;
  /** Per component: the raw bits the last {@link count} added (kept with a reusable update). */
  readonly added: Float64Array;

  constructor(encoder: TickEncoder) {
    this.#enc = encoder;
    const n = encoder.schema.components.length;
    this.#heldByAll = new Uint8Array(n);
    this.added = new Float64Array(n);
  }

  /**
   * Adds every entity of `visible` (`visibleCount` of them, or −1: count them) at raw width
   * to `raw`, per component. A component every replicated entity holds (checked once a tick)
   * counts the visible set, not a set algebra.
   */
  count(visible: EntitySet, visibleCount: number, raw: Float64Array): void {
    const enc = this.#enc;
    const defs = enc.schema.components;
    const vis = visible.words;
    if (this.#heldByAllTick !== enc.tick) this.#checkHeldByAll();
    let n = visibleCount;
    if (n < 0) {
      n = 0;
      for (let w = 0; w < vis.length; w++) if (vis[w] !== 0) n += popcount(vis[w]!);
    }
    for (let c = 0; c < defs.length; c++) {
      let count = n;
      if (this.#heldByAll[c] === 0) {
        const held = enc.holders[c]!.words;
        count = 0;
        for (let w = 0; w < vis.length; w++) count += popcount(vis[w]! & held[w]!);
      }
      this.added[c] = count * defs[c]!.rawBits;
      raw[c] = raw[c]! + this.added[c]!;
    }
  }

  /** Which components every replicated entity holds this tick. */
  #checkHeldByAll(): void {
    const enc = this.#enc;
    const rep = enc.replicated.words;
    for (let c = 0; c < this.#heldByAll.length; c++) {
      const held = enc.holders[c]!.words;
      let all = 1;
      for (let w = 0; w < rep.length && all === 1; w++) if ((rep[w]! & ~held[w]!) !== 0) all = 0;
      this.#heldByAll[c] = all;
    }
    this.#heldByAllTick = enc.tick;
  }
}
