// What one client's DELTA or FULL update carries: which held entities get this tick's shared
// delta bits, and which get a full state (entering the client's view, or held but stale).
// Without a budget everything pending goes; with one the client's priority accumulator picks
// in order of accumulated priority, and whatever waits is tracked per client:
//
// - a held entity whose change was not sent becomes *stale*: the shared delta of a later tick
//   is against values this client does not hold, so it is refreshed with a full state when
//   its turn comes (the same bits every client entering it gets);
// - an entity entering the view that was not sent stays unknown to the client until chosen.
//
// Removals are never deferred: an entity that left the view goes in the next update.

import { expGolombBits } from "../bits/universal-codes.js";
import { EntitySet, popcount } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import { PriorityAccumulator } from "./priority-accumulator.js";
import type { TickEncoder } from "./tick-encoder.js";
import { WIRE_BITS } from "./wire-format.js";

/** Per-client weight factor of an entity this tick (distance, game rule); > 0. */
export type PriorityFactor = (entity: number) => number;

/** Candidates and choices of one update, as bitsets over entity ids. */
export class UpdateSelection {
  /** Held, current, changed this tick: its shared delta. */
  readonly delta: EntitySet;
  /** Entering, or held and stale: its full state. */
  readonly full: EntitySet;
  readonly #enc: TickEncoder;
  /** Most bits any id or rank gap can take (the fixed part's worst case). */
  readonly #gapBitsMax: number;
  /** Most bits any list count can take. */
  readonly #countBitsMax: number;
  /** Most bits the coded-field orders of a DELTA's changes can take. */
  readonly #ordersBitsMax: number;
  /** NetworkSync priority of each schema component. */
  readonly #componentPriority: Float64Array;
  /** Highest component priority of each presence mask (empty past 12 components). */
  readonly #presencePriority: Float64Array;
  readonly #planned: Int32Array;
  /** The delta candidates at plan time (the rest of the plan are full states). */
  readonly #deltaCandidates: EntitySet;
  #removedCount = 0;
  #payloadBits = 0;

  constructor(encoder: TickEncoder) {
    this.#enc = encoder;
    const n = encoder.world.capacity;
    this.delta = new EntitySet(n);
    this.full = new EntitySet(n);
    this.#planned = new Int32Array(n);
    this.#deltaCandidates = new EntitySet(n);
    let gap = 0;
    for (let k = 0; k <= 31 - Math.clz32(n); k++) gap = Math.max(gap, expGolombBits(n - 1, k));
    this.#gapBitsMax = gap;
    this.#countBitsMax = expGolombBits(n, 0);
    let coded = 0;
    for (const def of encoder.schema.components) coded += def.codedCount;
    this.#ordersBitsMax = 1 + coded * WIRE_BITS.CODED_ORDER;
    // The highest component priority of each presence mask, looked up per offer (a table
    // up to 12 components; past that, found per entity).
    this.#componentPriority = Float64Array.from(encoder.schema.components, (d) => d.sync.priority);
    const components = this.#componentPriority.length;
    this.#presencePriority = new Float64Array(components <= 12 ? 1 << components : 0);
    for (let mask = 0; mask < this.#presencePriority.length; mask++)
      this.#presencePriority[mask] = this.#highest(mask);
  }

  /** The last plan, best first (its first entries are what the update carries). */
  get planned(): Int32Array {
    return this.#planned;
  }

  /** Payload bits of the chosen entities (their states, no addressing). */
  get payloadBits(): number {
    return this.#payloadBits;
  }

  /**
   * Everything `session` is owed this tick for `visible`: the deltas of its current held
   * entities that changed, the full states of entering and stale ones. `fresh`: a FULL
   * update (the client holds nothing).
   */
  gather(session: ClientSession, visible: EntitySet, fresh: boolean): void {
    const enc = this.#enc;
    const vis = visible.words;
    const kw = session.known.words;
    const sw = session.stale.words;
    const ch = enc.changed.words;
    const d = this.delta.words;
    const f = this.full.words;
    let removed = 0;
    for (let w = 0; w < vis.length; w++) {
      const v = vis[w]!;
      const k = fresh ? 0 : kw[w]!;
      const s = fresh ? 0 : sw[w]!;
      d[w] = k & v & ch[w]! & ~s;
      f[w] = v & (~k | s);
      removed += popcount(k & ~v);
    }
    this.#removedCount = removed;
  }

  /** Bits the update takes whatever is chosen: header, list counts and removals (worst case). */
  fixedBits(headerBits: number): number {
    return (
      headerBits +
      3 * this.#countBitsMax +
      this.#ordersBitsMax +
      2 * WIRE_BITS.GAP_ORDER +
      this.#removedCount * (this.#gapBitsMax + WIRE_BITS.REASON)
    );
  }

  /**
   * Offers every candidate to `session`'s accumulator (created on first need) and narrows
   * the selection to the best that fit `creditBytes`, leaving candidates in priority order
   * in the plan. Returns how many were chosen.
   */
  plan(
    session: ClientSession,
    creditBytes: number,
    burst: number,
    factor?: PriorityFactor,
  ): number {
    const enc = this.#enc;
    session.priorities ??= new PriorityAccumulator(enc.world.capacity);
    const acc = session.priorities;
    const d = this.delta;
    const f = this.full;
    // Entities no longer owed anything (left the view, sent some other way) start over.
    acc.retain((e) => d.has(e) || f.has(e));
    const address = session.addressBits;
    for (let w = 0; w < d.words.length; w++) {
      const dw = d.words[w]!;
      const fw = f.words[w]!;
      if (dw !== 0) this.#offer(acc, dw, w, false, address, factor);
      if (fw !== 0) this.#offer(acc, fw, w, true, address, factor);
    }
    let n = acc.plan(this.#planned, creditBytes);
    // An entity bigger than the whole bucket would block the rest for ever: it goes alone
    // when the bucket is full (the one case where a tick's state overdraws the budget).
    if (n === 0 && acc.size > 0 && creditBytes >= burst) {
      this.#planned[0] = acc.best();
      n = 1;
    }
    this.#deltaCandidates.copyFrom(d);
    d.clear();
    f.clear();
    this.#payloadBits = 0;
    for (let i = 0; i < n; i++) this.#choose(this.#planned[i]!, true);
    return n;
  }

  /** Takes the `index`-th planned entity back out (the update did not fit). */
  unchoose(index: number): void {
    this.#choose(this.#planned[index]!, false);
  }

  /**
   * After the update is written: what `session` holds (into `known`) and which held entities
   * are stale; returns how many are. `fresh` as in {@link gather}.
   */
  settle(session: ClientSession, visible: EntitySet, fresh: boolean, known: EntitySet): number {
    const vis = visible.words;
    const kw = session.known.words;
    const sw = session.stale.words;
    const ch = this.#enc.changed.words;
    const d = this.delta.words;
    const f = this.full.words;
    const out = known.words;
    let stale = 0;
    for (let w = 0; w < vis.length; w++) {
      const held = fresh ? 0 : kw[w]! & vis[w]!;
      out[w] = held | f[w]!;
      const s = held & ~f[w]! & ((fresh ? 0 : sw[w]!) | (ch[w]! & ~d[w]!));
      sw[w] = s;
      if (s !== 0) stale += popcount(s);
    }
    return stale;
  }

  /** Adds (or removes) a planned entity to the update, as the kind of candidate it was. */
  #choose(e: number, on: boolean): void {
    const enc = this.#enc;
    const sign = on ? 1 : -1;
    if (this.#deltaCandidates.has(e)) {
      if (on) this.delta.add(e);
      else this.delta.delete(e);
      this.#payloadBits += sign * enc.deltaBits[e]!;
    } else {
      if (on) this.full.add(e);
      else this.full.delete(e);
      this.#payloadBits += sign * enc.fullBits[e]!;
    }
  }

  /** The highest priority among the components of `presence` (1 when none is set). */
  #highest(presence: number): number {
    const p = this.#componentPriority;
    let best = 0;
    for (let c = 0; c < p.length; c++)
      if ((presence & (1 << c)) !== 0 && p[c]! > best) best = p[c]!;
    return best > 0 ? best : 1;
  }

  /** Offers the entities of bitset word `w` (deltas, or full states when `full`). */
  #offer(
    acc: PriorityAccumulator,
    bits: number,
    w: number,
    full: boolean,
    address: number,
    factor: PriorityFactor | undefined,
  ): void {
    const enc = this.#enc;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const e = (w << 5) + 31 - Math.clz32(low);
      let payload: number;
      if (full) {
        enc.ensureFull(e);
        payload = enc.fullBits[e]!;
      } else payload = enc.deltaBits[e]!;
      const presence = enc.replica.presence[e]!;
      const table = this.#presencePriority;
      const base = presence < table.length ? table[presence]! : this.#highest(presence);
      acc.offer(e, (payload + address) / 8, factor === undefined ? base : base * factor(e));
    }
  }
}
