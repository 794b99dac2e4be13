// The ghosts a zone holds of its neighbours' border entities: read-only entities in its own
// world, so its players see across the edge through the normal interest and replication
// pipeline. Each batch replaces the sender's previous one (a ghost missing from it goes).
// The game steps every entity, ghosts included, so after each step the mirror writes the
// batch's values back: a ghost moves only when its owner says so.

import type { NetworkSchema } from "../schema/network-schema.js";
import type { Entity, World } from "../world/world.js";
import type { GhostBatch, GhostEntry } from "./ghost-batch.js";
import type { ZoneId } from "./zone-grid.js";

/** One neighbour's ghost: the local entity and the values last received for it. */
interface Ghost {
  readonly entity: Entity;
  entry: GhostEntry;
  /** The sender's tick of the last batch that named it (it goes once a batch
   * `graceTicks` later leaves it out: see `apply`). */
  seenTick: number;
}

/** The ghosts of one zone's world, by sender and the sender's entity id. */
export class GhostMirror {
  readonly #world: World;
  readonly #schema: NetworkSchema;
  readonly #bySender = new Map<ZoneId, Map<number, Ghost>>();
  /** Local entities that are ghosts (the zone never ghosts them back, never hands them off). */
  readonly #entities = new Set<Entity>();
  /** Ghosts a commit named, kept whatever later batches say until the adoption takes them. */
  readonly #pinned = new Set<Entity>();

  readonly #graceTicks: number;
  /** The game's rewrite of a ghost's values (ZoneDeclaration.ghosted), if any. */
  readonly #ghosted: ((world: World, e: Entity) => void) | undefined;

  /**
   * @param graceTicks sender ticks a ghost outlives its last mention (two batch intervals:
   *   2 × ghostEveryTicks)
   * @param ghosted the game's rewrite of what a ghost shows here (its owner ids: a player of
   *   this zone may hold the sender's), applied to each entry as it arrives
   */
  constructor(
    world: World,
    schema: NetworkSchema,
    graceTicks: number,
    ghosted?: (world: World, e: Entity) => void,
  ) {
    this.#graceTicks = graceTicks;
    this.#ghosted = ghosted;
    this.#world = world;
    this.#schema = schema;
  }

  /** Ghosts held, over all senders. */
  get size(): number {
    return this.#entities.size;
  }

  /** The local entities that are ghosts (placeholders included), for a snapshot. */
  entities(): Int32Array {
    return Int32Array.from(this.#entities);
  }

  /** Whether local entity `e` is a ghost. */
  isGhost(e: Entity): boolean {
    return this.#entities.has(e);
  }

  /** The local ghost of `from`'s entity `key`, or -1. */
  entityOf(from: ZoneId, key: number): Entity {
    return this.#bySender.get(from)?.get(key)?.entity ?? -1;
  }

  /**
   * Replaces `from`'s ghosts with `batch`'s: new ones spawn, values update, and one left out
   * of a batch `graceTicks` after the last one naming it despawns (by the sender's ticks, so
   * a host that delivers only the newest batch loses nothing). The grace covers a handoff
   * seen from a third zone: the old owner's batch may leave the entity out before the new owner's
   * names it (with `was`, so the ghost held is kept and filed under its new owner).
   */
  apply(from: ZoneId, batch: GhostBatch): void {
    const held = this.#held(from);
    const seen = new Set<number>();
    for (const entry of batch.ghosts) {
      seen.add(entry.key);
      if (entry.was) this.#moved(from, entry.key, entry.was);
      const ghost = held.get(entry.key);
      if (ghost) {
        ghost.entry = entry;
        ghost.seenTick = batch.tick;
        this.#localize(ghost.entity, entry);
      } else {
        const entity = this.#world.spawn();
        this.#entities.add(entity);
        held.set(entry.key, { entity, entry, seenTick: batch.tick });
        for (const c of entry.components)
          this.#world.add(entity, this.#schema.components[c.index]!);
        this.#localize(entity, entry);
      }
    }
    // Negative keys are placeholders waiting for their id (rekey): no batch names them yet.
    for (const [key, ghost] of held)
      if (
        key >= 0 &&
        !seen.has(key) &&
        batch.tick - ghost.seenTick >= this.#graceTicks &&
        !this.#pinned.has(ghost.entity)
      )
        this.#drop(held, key, ghost);
    this.reassert();
  }

  /** `from`'s entity `key` was `was.zone`'s `was.key`: a ghost held of it is filed under `from`. */
  #moved(from: ZoneId, key: number, was: { readonly zone: string; readonly key: number }): void {
    const old = this.#bySender.get(was.zone);
    const ghost = old?.get(was.key);
    if (!old || !ghost) return;
    old.delete(was.key);
    const held = this.#held(from);
    if (held.has(key)) {
      this.#entities.delete(ghost.entity);
      this.#world.despawn(ghost.entity);
    } else held.set(key, ghost);
  }

  /**
   * Keeps `entity` as `from`'s ghost of `key` from now on (the avatar a handoff just moved
   * there: it stays on screen, frozen, until `from` ghosts it back or leaves it out).
   */
  adopt(from: ZoneId, key: number, entity: Entity, entry: GhostEntry): void {
    const held = this.#held(from);
    held.set(key, { entity, entry, seenTick: Number.NEGATIVE_INFINITY });
    this.#entities.add(entity);
    this.#localize(entity, entry);
  }

  /**
   * Files `from`'s ghost `oldKey` under `newKey` (a placeholder learns the id its entity got
   * in `from`); when `from` already ghosted `newKey`, or `newKey` is -1, the placeholder goes.
   */
  rekey(from: ZoneId, oldKey: number, newKey: number): void {
    const held = this.#bySender.get(from);
    const ghost = held?.get(oldKey);
    if (!held || !ghost) return;
    if (newKey < 0 || held.has(newKey)) return this.#drop(held, oldKey, ghost);
    held.delete(oldKey);
    held.set(newKey, ghost);
  }

  /**
   * Keeps `from`'s ghost of `key` until `release` (a commit of that entity arrived): the
   * sender's batches leave it out from the commit on, and a sender that stops ticking dates
   * its last, empty batch past the grace, which must not take the avatar away before the
   * adoption makes the ghost it (the next zone's players would see it vanish and respawn).
   */
  pin(from: ZoneId, key: number): void {
    const ghost = this.#bySender.get(from)?.get(key);
    if (ghost) this.#pinned.add(ghost.entity);
  }

  /**
   * Hands `from`'s ghost of `key` over to the caller (a handoff made it this zone's own):
   * the entity stays alive, no longer a ghost. -1 when there was none.
   */
  release(from: ZoneId, key: number): Entity {
    const held = this.#bySender.get(from);
    const ghost = held?.get(key);
    if (!held || !ghost) return -1;
    held.delete(key);
    this.#entities.delete(ghost.entity);
    this.#pinned.delete(ghost.entity);
    return ghost.entity;
  }

  /** Writes every ghost's received values back over whatever the step did to them. */
  reassert(): void {
    for (const held of this.#bySender.values())
      for (const [key, { entity, entry }] of held) {
        // The game removed it (a lifetime system…): forgotten here, the next batch brings it back.
        if (!this.#world.isAlive(entity)) {
          held.delete(key);
          this.#entities.delete(entity);
          this.#pinned.delete(entity);
          continue;
        }
        this.#write(entity, entry);
      }
  }

  /**
   * The game rewrites what `entry` shows here (ZoneDeclaration.ghosted): its values are
   * written to `entity`, rewritten, and read back into the entry, so each reassert writes
   * the rewritten values (no change flagged tick after tick).
   */
  #localize(entity: Entity, entry: GhostEntry): void {
    if (!this.#ghosted) return;
    this.#write(entity, entry);
    this.#ghosted(this.#world, entity);
    for (const c of entry.components) {
      const store = this.#world.schemaStore(this.#schema.components[c.index]!);
      let l = 0;
      for (const field of store.lanes) for (const lane of field) c.lanes[l++] = lane[entity]!;
    }
  }

  /** Writes `entry`'s values over `entity`'s, flagging the components that changed. */
  #write(entity: Entity, entry: GhostEntry): void {
    const { components } = this.#schema;
    for (const c of entry.components) {
      const def = components[c.index]!;
      const store = this.#world.schemaStore(def);
      let changed = false;
      let l = 0;
      for (const field of store.lanes)
        for (const lane of field) {
          const v = c.lanes[l++]!;
          if (lane[entity] !== v) {
            lane[entity] = v;
            changed = true;
          }
        }
      store.strings.forEach((field, s) => {
        if (field[entity] !== c.strings[s]) {
          field[entity] = c.strings[s]!;
          changed = true;
        }
      });
      if (changed) this.#world.markChanged(entity, def);
    }
  }

  #held(from: ZoneId): Map<number, Ghost> {
    let held = this.#bySender.get(from);
    if (!held) {
      held = new Map();
      this.#bySender.set(from, held);
    }
    return held;
  }

  #drop(held: Map<number, Ghost>, key: number, ghost: Ghost): void {
    held.delete(key);
    this.#entities.delete(ghost.entity);
    this.#pinned.delete(ghost.entity);
    this.#world.despawn(ghost.entity);
  }
}
