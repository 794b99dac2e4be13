// The structure pass of a commit (tick-encoder.ts): only the entities the world marked
// reshaped (spawned, despawned, a component added or removed), and those replicated but no
// longer alive, have their set of schema components looked up again. It spawns and drops
// them in the shared replica and keeps the sets the value and writing passes read.

import type { SchemaStore } from "../world/component-store.js";
import { EntitySet } from "../world/entity-set.js";
import { initComponentReplica } from "./component-encoder.js";
import type { ComponentScratch } from "./component-scratch.js";
import { setPresence } from "./entity-deltas.js";
import type { TickEncoder } from "./tick-encoder.js";

/** One encoder's structure pass and what it found this tick. */
export class TickStructure {
  /** Entities whose component set changed this tick: compared entity-wise by the writing pass. */
  readonly reshaped: EntitySet;
  /** Entities spawned this tick: their replica was just set, nothing to compare. */
  readonly fresh: EntitySet;
  readonly #enc: TickEncoder;
  readonly #stores: readonly SchemaStore[];
  readonly #scratch: readonly ComponentScratch[];
  /** Per schema component: its index in the world's component table. */
  readonly #worldIndex: number[];

  constructor(
    encoder: TickEncoder,
    stores: readonly SchemaStore[],
    scratch: readonly ComponentScratch[],
  ) {
    this.#enc = encoder;
    this.#stores = stores;
    this.#scratch = scratch;
    const n = encoder.world.capacity;
    this.reshaped = new EntitySet(n);
    this.fresh = new EntitySet(n);
    this.#worldIndex = encoder.schema.components.map((def) => encoder.world.componentIndex(def));
  }

  /** Runs the pass for tick `t`. */
  pass(t: number): void {
    this.reshaped.clear();
    this.fresh.clear();
    // Indexed: this runs once a tick, long in V8's lower tiers, where a for-of allocates.
    const words = this.#enc.world.alive.words.length;
    for (let w = 0; w < words; w++) this.#word(w, t);
  }

  /** The schema components `e` holds in the world, as a presence mask. */
  presenceOf(e: number): number {
    const world = this.#enc.world;
    let presence = 0;
    for (let c = 0; c < this.#worldIndex.length; c++)
      if (world.hasIndex(e, this.#worldIndex[c]!)) presence |= 1 << c;
    return presence >>> 0;
  }

  /**
   * Bitset word `w`: drops the entities despawned (or left with no replicated component)
   * since the last commit, adds the new ones, and keeps in {@link reshaped} those whose
   * component set changed. An entity the world did not mark reshaped holds the components
   * it held.
   */
  #word(w: number, t: number): void {
    const enc = this.#enc;
    const alive = enc.world.alive.words[w]!;
    const replicated = enc.replicated.words[w]!;
    // Despawned since the last commit: clients learn it from their removal lists.
    let bits = enc.world.reshaped.words[w]! | (replicated & ~alive);
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const e = (w << 5) + 31 - Math.clz32(low);
      const presence = (alive & low) === 0 ? 0 : this.presenceOf(e);
      if (presence === 0) {
        if ((replicated & low) !== 0) this.#drop(e, t);
      } else if ((replicated & low) === 0) {
        this.#spawn(e, presence, t);
        this.fresh.add(e);
      } else if (presence !== enc.replica.presence[e]) this.reshaped.add(e);
    }
  }

  #spawn(e: number, presence: number, t: number): void {
    const enc = this.#enc;
    enc.replicated.add(e);
    setPresence(enc, e, presence);
    for (let c = 0; c < this.#stores.length; c++)
      if ((presence & (1 << c)) !== 0)
        initComponentReplica(enc.replica.components[c]!, this.#stores[c]!, e, t, this.#scratch[c]!);
    enc.lastChange[e] = t;
  }

  #drop(e: number, t: number): void {
    const enc = this.#enc;
    enc.replicated.delete(e);
    setPresence(enc, e, 0);
    enc.lastChange[e] = t;
  }
}
