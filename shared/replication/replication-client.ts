// The client's replication entry point: applies updates to a mirror world and answers
// which entity mirrors which NetworkId. Decoding is validated in full before anything is
// applied; a refused update leaves the mirror exactly as it was.

import { BitReader } from "../bits/bit-reader.js";
import { err, type Ok, type Result } from "../codec/result.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { Entity, World } from "../world/world.js";
import { Mirror } from "./mirror.js";
import {
  dropUnlisted,
  readChanges,
  readHeader,
  readIdRemovals,
  readRankedRemovals,
  readUpserts,
  type UpdateCounts,
} from "./update-decoder.js";
import { UPDATE_KIND, WIRE_BITS } from "./wire-format.js";

/** What an applied update did. */
export interface UpdateSummary {
  /** The tick the mirror is now at (report it back as the ack). */
  readonly tick: number;
  readonly kind: "full" | "delta" | "baseline";
  /** Entities whose values changed (including replaced ones). */
  readonly changed: number;
  readonly spawned: number;
  readonly despawned: number;
  /**
   * Of `despawned`, the entities that left this client's view (REMOVAL_REASON.LEFT): still
   * in the server's world, they come back with a full state when they are relevant again.
   * The others were despawned on the server (or dropped by a full state).
   */
  readonly left: number;
}

const KIND_NAMES = ["full", "delta", "baseline"] as const;

const KNOWN_KINDS = new Set<number>([UPDATE_KIND.FULL, UPDATE_KIND.DELTA, UPDATE_KIND.BASELINE]);

/**
 * Mirrors the server's replicated entities into a client world.
 *
 * @example
 * const world = new World({ capacity: 4096, idReuseDelayTicks: 0 });
 * const client = new ReplicationClient(world, schema);
 * world.on("spawn", (e) => console.info("spawned", client.networkIdOf(e)));
 * const result = client.apply(bytes, 1); // skip the message-type byte
 * if (!result.ok) socket.close(4002, result.error);
 * else sendAck(result.value.tick);
 */
export class ReplicationClient {
  readonly world: World;
  readonly schema: NetworkSchema;
  readonly #mirror: Mirror;
  readonly #reader = new BitReader();
  readonly #counts: UpdateCounts = { changed: 0, spawned: 0, despawned: 0, left: 0 };
  /**
   * What apply() returns, one object reused from update to update: a client applies an
   * update per tick, and fresh result objects were most of what decoding allocated.
   */
  readonly #summary: { -readonly [K in keyof UpdateSummary]: UpdateSummary[K] } = {
    tick: -1,
    kind: "full",
    changed: 0,
    spawned: 0,
    despawned: 0,
    left: 0,
  };
  readonly #applied: Ok<UpdateSummary> = { ok: true, value: this.#summary };

  /** @throws when the mirror world delays id reuse (its slots are not NetworkIds, and a delay only starves it). */
  constructor(world: World, schema: NetworkSchema) {
    if (world.idReuseDelayTicks !== 0)
      throw new Error("the mirror world must be created with idReuseDelayTicks: 0");
    this.world = world;
    this.schema = schema;
    this.#mirror = new Mirror(world, schema);
  }

  /** The last applied tick (−1 before the first full state). */
  get tick(): number {
    return this.#mirror.tick;
  }

  /** Number of entities mirrored. */
  get size(): number {
    return this.#mirror.count;
  }

  /** The mirror entity of a NetworkId, or −1. */
  entityOf(networkId: number): Entity {
    return networkId >= 0 && networkId < this.schema.maxEntities
      ? this.#mirror.entityOf[networkId]!
      : -1;
  }

  /**
   * The NetworkId of a mirror entity, or −1 for entities that are not mirrored. A despawned
   * entity keeps answering with its id until its slot is reused (so despawn listeners can use it).
   */
  networkIdOf(entity: Entity): number {
    if (!(entity >= 0 && entity < this.world.capacity)) return -1;
    const id = this.#mirror.idOf[entity]!;
    if (id < 0) return -1;
    // A live entity must still be the mirror of that id (its slot may now hold a local one).
    return this.#mirror.entityOf[id] === entity || !this.world.isAlive(entity) ? id : -1;
  }

  /** The mirrored NetworkIds in ascending order (a view; valid until the next apply). */
  networkIds(): Int32Array {
    return this.#mirror.known.subarray(0, this.#mirror.count);
  }

  /**
   * Applies one update (`bytes` from `startByte`). Refuses, without changing anything,
   * malformed bytes and updates against a baseline this client does not hold. The result
   * and its summary are one object reused by every apply: read them before the next one
   * (copy what you keep).
   */
  apply(bytes: Uint8Array, startByte = 0): Result<UpdateSummary> {
    const refusal = this.#walk(bytes, startByte, false);
    if (refusal !== undefined) return err(refusal);
    this.#walk(bytes, startByte, true);
    const c = this.#counts;
    const kind = bytes.length > startByte ? bytes[startByte]! & 0b11 : 0;
    const summary = this.#summary;
    summary.tick = this.#mirror.tick;
    summary.kind = KIND_NAMES[kind as 0 | 1 | 2];
    summary.changed = c.changed;
    summary.spawned = c.spawned;
    summary.despawned = c.despawned;
    summary.left = c.left;
    return this.#applied;
  }

  /**
   * Whether `apply` refuses `bytes` only for its timing: a well-formed header of a FULL not
   * newer than the mirror, or of a DELTA or BASELINE not built on a tick the mirror is at
   * (or before any FULL). Over an unreliable channel such an update is a late, duplicated or
   * reordered one, to be ignored; over a reliable one it is still a protocol error. Reads
   * the header only: call it after `apply` refused.
   */
  stale(bytes: Uint8Array, startByte = 0): boolean {
    const r = this.#reader;
    r.reset(bytes, startByte);
    const kind = r.readBits(WIRE_BITS.KIND);
    if (r.failed || !KNOWN_KINDS.has(kind)) return false;
    const refused = readHeader(r, this.#mirror, kind);
    return typeof refused === "string" && !r.failed;
  }

  /**
   * Forgets the mirror (despawning every entity): the next update must be a full state, of
   * any tick — an earlier one too (a replay seeking back).
   */
  reset(): void {
    const m = this.#mirror;
    for (let i = 0; i < m.count; i++) m.despawn(m.known[i]!);
    m.count = 0;
    m.tick = -1;
    // The world times freed ids by its tick: freed at the old tick, they would stay taken for
    // a full state of an earlier one until the mirror passed the old tick again, and a world
    // without spare capacity would be full. Nothing is mirrored any more, so free them as of 0.
    this.world.tick = 0;
    this.world.flushEvents();
  }

  #walk(bytes: Uint8Array, startByte: number, apply: boolean): string | undefined {
    const r = this.#reader;
    const m = this.#mirror;
    const counts = this.#counts;
    counts.changed = 0;
    counts.spawned = 0;
    counts.despawned = 0;
    counts.left = 0;
    r.reset(bytes, startByte);
    const kind = r.readBits(WIRE_BITS.KIND);
    if (r.failed) return "empty update";
    const t = readHeader(r, m, kind);
    if (typeof t === "string") return t;
    if (apply) {
      m.tick = t;
      this.world.tick = t;
    }
    if (kind === UPDATE_KIND.DELTA) {
      readChanges(r, m, t, apply, counts);
      readRankedRemovals(r, m, apply, counts);
    } else if (kind === UPDATE_KIND.BASELINE) readIdRemovals(r, m, apply, counts);
    readUpserts(r, m, t, apply, counts);
    if (r.failed) return "malformed or truncated update";
    if (!r.atPaddedEnd()) return "trailing bytes after update";
    if (kind === UPDATE_KIND.FULL) dropUnlisted(m, t, apply, counts);
    if (apply) {
      m.settle(t);
      this.world.flushEvents();
    }
    return undefined;
  }
}
