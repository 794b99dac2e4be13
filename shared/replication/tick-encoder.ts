// The once-per-tick half of the encoder: everything identical for all clients. It compares
// the world with the shared replica, writes each changed entity's delta (from the previous
// tick) once into a shared bit buffer, and writes an entity's full state at most once per
// tick, on first demand. Per-client updates then only copy these bit ranges.
//
// A commit goes in three passes. Structure (tick-structure.ts): only the entities the world
// marked reshaped (spawned, despawned, a component added or removed) have their component
// set recomputed.
// Values: per component, the entities it samples this tick are compared field by field
// (change-scan.ts). Writing: in id order, each entity that changed gets its delta; a
// reshaped one goes entity by entity through detectChanges, as every entity once did
// (entity-deltas.ts).

import { BitWriter } from "../bits/bit-writer.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { SchemaStore } from "../world/component-store.js";
import { EntitySet } from "../world/entity-set.js";
import type { World } from "../world/world.js";
import { ChangeScan } from "./change-scan.js";
import { CodedStats, ordersPay } from "./coded-orders.js";
import { writeComponentFull } from "./component-encoder.js";
import { ComponentScratch } from "./component-scratch.js";
import { EntityDeltas } from "./entity-deltas.js";
import { ReplicaStore } from "./replica-store.js";
import { TickStructure } from "./tick-structure.js";

/** Shared per-tick encoding state of a server world. */
export class TickEncoder {
  readonly schema: NetworkSchema;
  readonly world: World;
  /** What every up-to-date client holds, by NetworkId. */
  readonly replica: ReplicaStore;
  /** Entities clients may hold: alive with at least one schema component. */
  readonly replicated: EntitySet;
  /** The last committed tick (−1 before the first commit). */
  tick = -1;
  /** Entity deltas of this tick against the previous one. */
  readonly delta = new BitWriter({ initialBytes: 4096, blockBytes: 4096 });
  /** Entity full states of this tick (written on demand). */
  readonly full = new BitWriter({ initialBytes: 4096, blockBytes: 4096 });
  /** Bit offset and length of an entity's delta, valid while it is in {@link changed}. */
  readonly deltaStart: Int32Array;
  readonly deltaBits: Int32Array;
  /** Bit offset and length of an entity's full state, valid when fullTick[e] === tick. */
  readonly fullStart: Int32Array;
  readonly fullBits: Int32Array;
  readonly fullTick: Float64Array;
  /** Entities with a delta this tick, as a bitset for word-wise scans. */
  readonly changed: EntitySet;
  /** Per schema component: the replicated entities holding it (for the compression report). */
  readonly holders: readonly EntitySet[];
  /** Last tick an entity's replica changed other than by prediction (spawn, presence, values). */
  readonly lastChange: Float64Array;
  /** Bits per entity per component (stride = component count) in this tick's delta / full state. */
  readonly deltaComponentBits: Int32Array;
  readonly fullComponentBits: Int32Array;
  /**
   * Per schema component: the Exp-Golomb orders of its coded fields in this tick's deltas
   * (chosen from the previous tick's values); every DELTA of the tick carries them.
   */
  readonly orders: readonly Uint8Array[];
  /** Whether any of {@link orders} is not 0 (else a DELTA carries one bit for them all). */
  ordersGiven = false;
  readonly #stats: CodedStats[];
  readonly #stores: SchemaStore[];
  readonly #scratch: ComponentScratch[];
  /** Per schema component: its NetworkSync interval (1 every tick, 0 on change, n every n). */
  readonly #interval: Int32Array;
  /** Per schema component: the world's set of entities marked changed (frequency "change"). */
  readonly #dirty: EntitySet[];
  /** Per schema component: this tick's field-by-field comparison. */
  readonly #scans: ChangeScan[];
  /** The structure pass: this tick's spawns, drops and component set changes. */
  readonly #structure: TickStructure;
  /** Scratch bitset words: the entities a component samples this tick. */
  readonly #candidates: Uint32Array;
  /** The writing pass. */
  readonly #deltas: EntityDeltas;

  constructor(world: World, schema: NetworkSchema) {
    if (world.capacity > schema.maxEntities)
      throw new Error(
        `world.capacity (${world.capacity}) must be ≤ schema.maxEntities (${schema.maxEntities})`,
      );
    this.world = world;
    this.schema = schema;
    const n = world.capacity;
    const c = schema.components.length;
    this.replica = new ReplicaStore(schema, n, true);
    this.replicated = new EntitySet(n);
    this.changed = new EntitySet(n);
    this.holders = schema.components.map(() => new EntitySet(n));
    this.deltaStart = new Int32Array(n);
    this.deltaBits = new Int32Array(n);
    this.fullStart = new Int32Array(n);
    this.fullBits = new Int32Array(n);
    this.fullTick = new Float64Array(n).fill(-1);
    this.lastChange = new Float64Array(n).fill(-1);
    this.deltaComponentBits = new Int32Array(n * c);
    this.fullComponentBits = new Int32Array(n * c);
    this.#stores = schema.components.map((def) => world.schemaStore(def));
    this.#scratch = schema.components.map((def) => new ComponentScratch(def, schema.tickSeconds));
    this.orders = this.#scratch.map((s) => s.orders);
    this.#stats = schema.components.map((def) => new CodedStats(def));
    this.#interval = Int32Array.from(schema.components, (def) => def.sync.interval);
    this.#dirty = schema.components.map((def) => world.dirtySet(def));
    this.#scans = schema.components.map((def) => new ChangeScan(def, n));
    this.#structure = new TickStructure(this, this.#stores, this.#scratch);
    this.#candidates = new Uint32Array(this.replicated.words.length);
    this.#deltas = new EntityDeltas(this, {
      stores: this.#stores,
      scratch: this.#scratch,
      stats: this.#stats,
      scans: this.#scans,
      interval: this.#interval,
      dirty: this.#dirty,
    });
  }

  /** Advances to the next tick and encodes what changed since the previous one. */
  commit(): number {
    const t = ++this.tick;
    const world = this.world;
    world.tick = t;
    this.delta.reset();
    this.full.reset();
    this.changed.clear();
    // This tick's orders: the cheapest for the values the previous tick coded.
    let gain = 0;
    for (let c = 0; c < this.#stats.length; c++) gain += this.#stats[c]!.choose(this.orders[c]!);
    this.ordersGiven = ordersPay(gain);
    // Indexed loops here and below: commit() runs once a tick, long in V8's lower tiers,
    // where a for-of allocates its iterator.
    if (!this.ordersGiven) for (let c = 0; c < this.orders.length; c++) this.orders[c]!.fill(0);
    const words = world.alive.words.length;
    this.#structure.pass(t);
    for (let c = 0; c < this.#scans.length; c++) this.#scan(c, t);
    for (let w = 0; w < words; w++) this.#commitWord(w, t);
    for (let c = 0; c < this.#dirty.length; c++) this.#dirty[c]!.clear();
    // Before the events: a listener's spawns and adds count for the next commit.
    world.reshaped.clear();
    world.flushEvents();
    return t;
  }

  /** Makes sure entity `id`'s full state of this tick is in {@link full}. */
  ensureFull(id: number): void {
    if (this.fullTick[id] === this.tick) return;
    const w = this.full;
    const n = this.schema.components.length;
    const presence = this.replica.presence[id]!;
    const start = w.bitLength;
    // With one component the mask can only be 1 (an entity without one is not replicated).
    if (n > 1) w.writeBits(presence, n);
    for (let c = 0; c < n; c++) {
      if ((presence & (1 << c)) === 0) {
        this.fullComponentBits[id * n + c] = 0;
        continue;
      }
      const from = w.bitLength;
      writeComponentFull(w, this.replica.components[c]!, id, this.tick, this.#scratch[c]!);
      this.fullComponentBits[id * n + c] = w.bitLength - from;
    }
    this.fullStart[id] = start;
    this.fullBits[id] = w.bitLength - start;
    this.fullTick[id] = this.tick;
  }

  /** The value pass of component `c`: compares the entities it samples this tick. */
  #scan(c: number, t: number): void {
    const cand = this.#candidates;
    const held = this.holders[c]!.words;
    const reshaped = this.#structure.reshaped.words;
    // Spawned this tick: their replica was just set from the world.
    const fresh = this.#structure.fresh.words;
    const interval = this.#interval[c]!;
    const dirty = this.#dirty[c]!.words;
    for (let w = 0; w < cand.length; w++) {
      let bits = held[w]! & ~(reshaped[w]! | fresh[w]!);
      if (interval === 0) bits &= dirty[w]!;
      else if (interval > 1) {
        // Every interval-th tick, staggered by id.
        let k = bits;
        while (k !== 0) {
          const low = k & -k;
          k ^= low;
          if ((t + (w << 5) + 31 - Math.clz32(low)) % interval !== 0) bits &= ~low;
        }
      }
      cand[w] = bits;
    }
    this.#scans[c]!.scan(
      cand,
      dirty,
      this.replica.components[c]!,
      this.#stores[c]!,
      t,
      this.#scratch[c]!,
    );
  }

  /**
   * The writing pass over bitset word `w`: a delta for each entity that changed. Its own
   * function so that V8 optimizes it early: commit() runs once per tick, and unoptimized code
   * boxes 32-bit words on the heap.
   */
  #commitWord(w: number, t: number): void {
    const reshaped = this.#structure.reshaped.words;
    let bits = reshaped[w]!;
    for (let c = 0; c < this.#scans.length; c++) bits |= this.#scans[c]!.any.words[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const e = (w << 5) + 31 - Math.clz32(low);
      if ((reshaped[w]! & low) !== 0)
        this.#deltas.writeReshaped(e, this.#structure.presenceOf(e), t);
      else this.#deltas.writeScanned(e, w, low, t);
    }
  }
}
