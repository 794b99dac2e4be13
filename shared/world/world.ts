// The entity world (ECS style): entities are ids into preallocated structure-of-arrays
// storage, components are declared once (schema or local), queries scan bitsets. The same
// class holds the server's authoritative state and the client's mirror.
//
// Lifecycle events are deferred: spawn/despawn queue an event and `flushEvents()` delivers
// them (ReplicationServer.commit and ReplicationClient.apply call it), so a spawn listener
// sees the entity with its components and a despawn listener can still read its last values.

import type { ComponentDef, Schema, StoreOf, ValuesOf } from "../schema/component.js";
import type { LocalComponentDef } from "../schema/local-component.js";
import {
  assignValues,
  type ComponentStore,
  clearValues,
  createSchemaStore,
  type SchemaStore,
} from "./component-store.js";
import { EntitySet } from "./entity-set.js";
import { Query } from "./query.js";
import { resolveWorldOptions, type WorldOptions } from "./world-options.js";

/** An entity: an index into the world's storage. On the server it is also the NetworkId. */
export type Entity = number;

/** Any component a world can hold. */
// biome-ignore lint/suspicious/noExplicitAny: a local component's value type does not matter to the world.
export type AnyComponent = ComponentDef<Schema> | LocalComponentDef<any>;

/** A lifecycle listener. */
export type EntityListener = (entity: Entity) => void;

const SPAWN = 0;
const DESPAWN = 1;

/**
 * Entities, components and queries.
 *
 * @example
 * const world = new World({ capacity: 1024 });
 * const e = world.spawn();
 * world.add(e, Body, { pos: { x: 10, y: 20 }, hp: 100 });
 * const body = world.store(Body);
 * body.pos.x[e] += body.vel.x[e] * dt;
 */
export class World {
  readonly capacity: number;
  readonly idReuseDelayTicks: number;
  /** The current tick; the replication server advances it. Freed ids are timed by it. */
  tick = 0;
  /** Alive entities. Read-only for callers. */
  readonly alive: EntitySet;
  /**
   * Entities spawned, despawned, or given or stripped of a component since the replication
   * server last cleared this set (at each commit): its commit recomputes which components
   * these hold and takes every other entity's as unchanged, rather than asking every entity
   * every tick. Marked by the world's own methods; callers only read it.
   */
  readonly reshaped: EntitySet;
  readonly #stride: number;
  readonly #masks: Uint32Array;
  readonly #stores: ComponentStore[] = [];
  readonly #dirty: EntitySet[] = [];
  readonly #index: number[] = [];
  readonly #maxComponents: number;
  #fresh = 0;
  readonly #freeIds: Int32Array;
  readonly #freeAt: Float64Array;
  #freeHead = 0;
  #freeCount = 0;
  /**
   * Queued events as (kind, entity) pairs, the first #eventCount valid: a typed array that
   * grows by doubling and is reused, so steady spawning and despawning allocates nothing (a
   * plain array truncated after each flush gives its storage back and regrows it).
   */
  #events = new Int32Array(64);
  #eventCount = 0;
  readonly #listeners = [new Set<EntityListener>(), new Set<EntityListener>()] as const;
  /** The listeners as arrays, rebuilt when one subscribes or leaves: walked without iterators. */
  readonly #listenerLists: EntityListener[][] = [[], []];

  constructor(options?: WorldOptions) {
    const resolved = resolveWorldOptions(options);
    this.capacity = resolved.capacity;
    this.idReuseDelayTicks = resolved.idReuseDelayTicks;
    this.#maxComponents = resolved.maxComponents;
    this.#stride = (resolved.maxComponents + 31) >>> 5;
    this.#masks = new Uint32Array(this.capacity * this.#stride);
    this.alive = new EntitySet(this.capacity);
    this.reshaped = new EntitySet(this.capacity);
    this.#freeIds = new Int32Array(this.capacity);
    this.#freeAt = new Float64Array(this.capacity);
  }

  /** Creates an entity (lowest fresh id, or the oldest freed id past its reuse delay). */
  spawn(): Entity {
    let e: number;
    if (this.#freeCount > 0 && this.#freeAt[this.#freeHead]! <= this.tick) {
      e = this.#freeIds[this.#freeHead]!;
      this.#freeHead = (this.#freeHead + 1) % this.capacity;
      this.#freeCount--;
    } else if (this.#fresh < this.capacity) e = this.#fresh++;
    else throw new Error(`world is full (capacity ${this.capacity})`);
    this.alive.add(e);
    this.reshaped.add(e);
    this.#queue(SPAWN, e);
    return e;
  }

  /** How many spawns would succeed right now (capped at `limit`). */
  spawnable(limit: number): number {
    let n = this.capacity - this.#fresh;
    for (let i = 0; i < this.#freeCount && n < limit; i++) {
      if (this.#freeAt[(this.#freeHead + i) % this.capacity]! > this.tick) break;
      n++;
    }
    return Math.min(n, limit);
  }

  /** Removes an entity; its values stay readable until {@link flushEvents}. */
  despawn(e: Entity): void {
    if (!this.alive.has(e)) return;
    this.alive.delete(e);
    this.reshaped.add(e);
    this.#queue(DESPAWN, e);
  }

  /** True while `e` is alive. */
  isAlive(e: Entity): boolean {
    return this.alive.has(e);
  }

  /** Adds a schema component with optional initial values (the rest 0 / ""). */
  add<S extends Schema>(e: Entity, component: ComponentDef<S>, values?: ValuesOf<S>): void;
  /** Adds a local component, made by its `create` unless a value is given. */
  add<T>(e: Entity, component: LocalComponentDef<T>, value?: T): void;
  add(e: Entity, component: AnyComponent, init?: unknown): void {
    const i = this.componentIndex(component);
    const store = this.#stores[i]!;
    if (store.kind === "schema") {
      clearValues(store, e);
      if (init !== undefined) assignValues(store, e, init as Record<string, unknown>);
      this.#dirty[i]!.add(e);
    } else store.values[e] = init !== undefined ? init : store.def.create();
    this.#masks[e * this.#stride + (i >>> 5)]! |= 1 << (i & 31);
    this.reshaped.add(e);
  }

  /** Removes a component from `e`. */
  remove(e: Entity, component: AnyComponent): void {
    const i = this.componentIndex(component);
    this.#masks[e * this.#stride + (i >>> 5)]! &= ~(1 << (i & 31));
    this.reshaped.add(e);
    const store = this.#stores[i]!;
    if (store.kind === "local") store.values[e] = undefined;
  }

  /** True when alive `e` has `component`. */
  has(e: Entity, component: AnyComponent): boolean {
    return this.alive.has(e) && this.hasIndex(e, this.componentIndex(component));
  }

  /** Every component this world has registered, schema and local (for persistence). */
  components(): AnyComponent[] {
    return this.#stores.map((s) => s.def);
  }

  /** The structure-of-arrays storage of a schema component, indexed by entity. */
  store<S extends Schema>(component: ComponentDef<S>): StoreOf<S> {
    return this.schemaStore(component).view as StoreOf<S>;
  }

  /** The value of a local component on `e` (undefined when absent). */
  get<T>(e: Entity, component: LocalComponentDef<T>): T {
    const store = this.#stores[this.componentIndex(component)] as ComponentStore & {
      kind: "local";
    };
    return store.values[e] as T;
  }

  /** Writes values into `e`'s component and marks it changed. */
  set<S extends Schema>(e: Entity, component: ComponentDef<S>, values: ValuesOf<S>): void {
    assignValues(this.schemaStore(component), e, values as Record<string, unknown>);
    this.markChanged(e, component);
  }

  /** Flags `e`'s component for comparison at the next commit (needed for frequency "change"). */
  markChanged(e: Entity, component: ComponentDef): void {
    this.#dirty[this.componentIndex(component)]!.add(e);
  }

  /** A reusable query over the entities having every component listed. */
  query(components: readonly AnyComponent[]): Query {
    const want = new Uint32Array(this.#stride);
    for (const c of components) {
      const i = this.componentIndex(c);
      want[i >>> 5]! |= 1 << (i & 31);
    }
    return new Query(this.alive, this.#masks, this.#stride, want);
  }

  /** Subscribes to spawn or despawn events; returns the unsubscribe function. */
  on(event: "spawn" | "despawn", listener: EntityListener): () => void {
    const kind = event === "spawn" ? SPAWN : DESPAWN;
    const set = this.#listeners[kind];
    set.add(listener);
    this.#listenerLists[kind] = [...set];
    return () => {
      set.delete(listener);
      this.#listenerLists[kind] = [...set];
    };
  }

  /** Delivers queued lifecycle events in order, then frees despawned ids (after the reuse delay). */
  flushEvents(): void {
    // A listener may spawn or despawn: its events are delivered in this flush too.
    for (let k = 0; k < this.#eventCount; k += 2) {
      const kind = this.#events[k]!;
      const e = this.#events[k + 1]!;
      const listeners = this.#listenerLists[kind]!;
      const set = this.#listeners[kind as 0 | 1];
      // One that left during this flush is not called again (as a Set's iteration skips it).
      for (let i = 0; i < listeners.length; i++) if (set.has(listeners[i]!)) listeners[i]!(e);
    }
    const events = this.#events;
    for (let k = 0; k < this.#eventCount; k += 2)
      if (events[k] === DESPAWN && !this.alive.has(events[k + 1]!)) this.#free(events[k + 1]!);
    this.#eventCount = 0;
  }

  #queue(kind: number, e: Entity): void {
    if (this.#eventCount + 2 > this.#events.length) {
      const grown = new Int32Array(this.#events.length * 2);
      grown.set(this.#events);
      this.#events = grown;
    }
    this.#events[this.#eventCount++] = kind;
    this.#events[this.#eventCount++] = e;
  }

  /** World-local index of a component, registering it on first use. */
  componentIndex(component: AnyComponent): number {
    const known = this.#index[component.id];
    if (known !== undefined) return known;
    const i = this.#stores.length;
    if (i >= this.#maxComponents)
      throw new Error(`world.maxComponents (${this.#maxComponents}) exceeded by ${component.name}`);
    this.#index[component.id] = i;
    this.#stores.push(
      component.kind === "schema"
        ? createSchemaStore(component, this.capacity)
        : { kind: "local", def: component, values: new Array<unknown>(this.capacity) },
    );
    this.#dirty.push(new EntitySet(this.capacity));
    return i;
  }

  /** True when `e` has the component of world-local index `i` (alive or not). */
  hasIndex(e: Entity, i: number): boolean {
    return (this.#masks[e * this.#stride + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  /** The storage record of a schema component (for codecs). */
  schemaStore(component: ComponentDef): SchemaStore {
    return this.#stores[this.componentIndex(component)] as SchemaStore;
  }

  /** Entities marked changed for a component since the set was last cleared (by the replication server). */
  dirtySet(component: ComponentDef): EntitySet {
    return this.#dirty[this.componentIndex(component)]!;
  }

  #free(e: Entity): void {
    for (let k = 0; k < this.#stride; k++) this.#masks[e * this.#stride + k] = 0;
    // Indexed, not for-of: an entity leaving a client's view frees it every tick or so, and
    // the iterator is allocated wherever V8 has not optimized this away.
    const stores = this.#stores;
    for (let i = 0; i < stores.length; i++) {
      const store = stores[i]!;
      if (store.kind === "local") store.values[e] = undefined;
    }
    const tail = (this.#freeHead + this.#freeCount) % this.capacity;
    this.#freeIds[tail] = e;
    this.#freeAt[tail] = this.tick + this.idReuseDelayTicks;
    this.#freeCount++;
  }
}
