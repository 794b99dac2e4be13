// A query: the alive entities that have every listed component, collected into a reused
// Int32Array by scanning the alive bitset, so a system's loop allocates nothing.

import type { EntitySet } from "./entity-set.js";

/** The entities matching a component mask; create once per system, `collect()` per tick. */
export class Query {
  /** Matching entities after {@link collect}; the first {@link count} are valid. */
  readonly entities: Int32Array;
  /** Number of valid entries in {@link entities}. */
  count = 0;
  readonly #alive: EntitySet;
  readonly #masks: Uint32Array;
  readonly #stride: number;
  readonly #want: Uint32Array;

  /** @internal built by World.query */
  constructor(alive: EntitySet, masks: Uint32Array, stride: number, want: Uint32Array) {
    this.#alive = alive;
    this.#masks = masks;
    this.#stride = stride;
    this.#want = want;
    this.entities = new Int32Array(alive.capacity);
  }

  /** Refreshes {@link entities} in ascending id order; returns the count. */
  collect(): number {
    const words = this.#alive.words;
    const masks = this.#masks;
    const stride = this.#stride;
    const want = this.#want;
    let n = 0;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        let match = true;
        for (let k = 0; k < stride; k++) {
          const need = want[k]!;
          if ((masks[e * stride + k]! & need) !== need) {
            match = false;
            break;
          }
        }
        if (match) this.entities[n++] = e;
      }
    }
    this.count = n;
    return n;
  }
}
