// The client's side of replication state: its replica (codes by NetworkId), the sorted list
// of NetworkIds it holds (the ranks DELTA updates address), and the mapping between
// NetworkIds and the mirror world's entities.

import type { NetworkSchema } from "../schema/network-schema.js";
import type { SchemaStore } from "../world/component-store.js";
import type { World } from "../world/world.js";
import { materializeComponent, materializePredicted } from "./component-decoder.js";
import { ComponentScratch } from "./component-scratch.js";
import { ReplicaStore } from "./replica-store.js";

/** Mutable client-side replication state (internal to ReplicationClient and its decoder). */
export class Mirror {
  readonly world: World;
  readonly schema: NetworkSchema;
  readonly replica: ReplicaStore;
  readonly scratch: readonly ComponentScratch[];
  readonly stores: readonly SchemaStore[];
  /** Held NetworkIds, ascending; the first `count` are valid. */
  readonly known: Int32Array;
  count = 0;
  /** NetworkId → mirror entity, or −1. */
  readonly entityOf: Int32Array;
  /** Mirror entity → NetworkId, or −1 (a despawned entity keeps its id until its slot is reused). */
  readonly idOf: Int32Array;
  /** NetworkIds spawned by the update being applied, ascending. */
  readonly added: Int32Array;
  addedCount = 0;
  /** Tick stamp per NetworkId: listed by the FULL update being applied. */
  readonly listed: Float64Array;
  /** Last applied tick (−1: none). */
  tick = -1;

  constructor(world: World, schema: NetworkSchema) {
    const n = schema.maxEntities;
    this.world = world;
    this.schema = schema;
    this.replica = new ReplicaStore(schema, n);
    this.scratch = schema.components.map((def) => new ComponentScratch(def, schema.tickSeconds));
    this.stores = schema.components.map((def) => world.schemaStore(def));
    this.known = new Int32Array(n);
    this.entityOf = new Int32Array(n).fill(-1);
    this.idOf = new Int32Array(world.capacity).fill(-1);
    this.added = new Int32Array(n);
    this.listed = new Float64Array(n).fill(-1);
  }

  /** Creates the mirror entity of `id` (its components are added by the caller). */
  spawn(id: number): number {
    const e = this.world.spawn();
    this.entityOf[id] = e;
    this.idOf[e] = id;
    this.added[this.addedCount++] = id;
    return e;
  }

  /** Despawns the mirror entity of `id`; the known list is compacted by {@link settle}. */
  despawn(id: number): void {
    const e = this.entityOf[id]!;
    if (e < 0) return;
    this.world.despawn(e);
    // idOf[e] stays until the slot is reused, so despawn listeners can still name the entity.
    this.entityOf[id] = -1;
    this.replica.presence[id] = 0;
  }

  /** Sets `id`'s component presence, adding and removing world components to match. */
  setPresence(id: number, presence: number): void {
    const e = this.entityOf[id]!;
    const previous = this.replica.presence[id]!;
    const defs = this.schema.components;
    for (let c = 0; c < defs.length; c++) {
      const bit = 1 << c;
      if ((presence & bit) !== 0 && (previous & bit) === 0) this.world.add(e, defs[c]!);
      else if ((presence & bit) === 0 && (previous & bit) !== 0) this.world.remove(e, defs[c]!);
    }
    this.replica.presence[id] = presence;
  }

  /** Writes every field of `id`'s component c into the world. */
  materialize(id: number, c: number, changed: Uint8Array | undefined): void {
    materializeComponent(
      this.replica.components[c]!,
      id,
      this.stores[c]!,
      this.entityOf[id]!,
      changed,
    );
  }

  /**
   * Ends an update at `tick`: drops despawned ids from the known list, merges the spawned
   * ones in, and re-evaluates every predicted field at the new tick.
   */
  settle(tick: number): void {
    this.tick = tick;
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const id = this.known[i]!;
      if (this.entityOf[id]! >= 0) this.known[n++] = id;
    }
    // Merge from the back: both lists ascending, result in place.
    let i = n - 1;
    let j = this.addedCount - 1;
    let out = n + this.addedCount - 1;
    while (j >= 0) {
      if (i >= 0 && this.known[i]! > this.added[j]!) this.known[out--] = this.known[i--]!;
      else this.known[out--] = this.added[j--]!;
    }
    this.count = n + this.addedCount;
    this.addedCount = 0;
    const defs = this.schema.components;
    for (let c = 0; c < defs.length; c++) {
      if (defs[c]!.predictedCount === 0) continue;
      const rep = this.replica.components[c]!;
      const store = this.stores[c]!;
      for (let k = 0; k < this.count; k++) {
        const id = this.known[k]!;
        if ((this.replica.presence[id]! & (1 << c)) !== 0)
          materializePredicted(rep, id, store, this.entityOf[id]!, tick);
      }
    }
  }
}
