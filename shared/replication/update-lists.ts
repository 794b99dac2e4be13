// The entity lists of one client's update and how they go on the wire. A DELTA addresses the
// entities the client holds by their rank in its sorted known list: the changed ones get a copy
// of the tick's shared delta bits, the removed ones a reason. Everything else is addressed by
// id gaps: the upserts (a copy of the shared full-state bits) of every kind, and a BASELINE's
// removals. The lists are preallocated, one slot per entity, and refilled for every update.

import type { BitWriter } from "../bits/bit-writer.js";
import { gapOrder, writeExpGolomb } from "../bits/universal-codes.js";
import { EntitySet, popcount } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import type { TickEncoder } from "./tick-encoder.js";
import type { UpdateSelection } from "./update-selection.js";
import { REMOVAL_REASON, WIRE_BITS } from "./wire-format.js";

/** The tick's coded-field orders, before a DELTA's first change: a flag, then 4 bits each. */
function writeOrders(out: BitWriter, enc: TickEncoder): void {
  out.writeBits(enc.ordersGiven ? 1 : 0, 1);
  if (!enc.ordersGiven) return;
  for (const orders of enc.orders)
    for (let f = 0; f < orders.length; f++) out.writeBits(orders[f]!, WIRE_BITS.CODED_ORDER);
}

/** Selects an update's entities into lists and writes them, adding their bits to `sent`. */
export class UpdateLists {
  readonly #enc: TickEncoder;
  readonly #selection: UpdateSelection;
  /** Per-component bits of values sent (CompressionStats.sentBits). */
  readonly #sent: Float64Array;
  readonly #changed: Int32Array;
  readonly #changedRank: Int32Array;
  readonly #removed: Int32Array;
  readonly #removedRank: Int32Array;
  readonly #upserts: Int32Array;
  /** Scratch of a BASELINE selection: what the client may hold, what it surely holds. */
  readonly #union: EntitySet;
  readonly #both: EntitySet;
  #nChanged = 0;
  #nRemoved = 0;
  #nUpserts = 0;

  constructor(encoder: TickEncoder, selection: UpdateSelection, sentBits: Float64Array) {
    this.#enc = encoder;
    this.#selection = selection;
    this.#sent = sentBits;
    const n = encoder.world.capacity;
    this.#changed = new Int32Array(n);
    this.#changedRank = new Int32Array(n);
    this.#removed = new Int32Array(n);
    this.#removedRank = new Int32Array(n);
    this.#upserts = new Int32Array(n);
    this.#union = new EntitySet(n);
    this.#both = new EntitySet(n);
  }

  /** Empties every list (before each update is selected). */
  clear(): void {
    this.#nChanged = 0;
    this.#nRemoved = 0;
    this.#nUpserts = 0;
  }

  /** Appends the ids of `set` to the upsert list, ascending (a FULL update's entities). */
  collect(set: EntitySet): void {
    const words = set.words;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        this.#upserts[this.#nUpserts++] = (w << 5) + 31 - Math.clz32(low);
      }
    }
  }

  /**
   * Splits the client's known list into deltas and removals (by rank) and lists the full
   * states as upserts: everything owed when `whole` (the deltas of held current entities that
   * changed; entering and stale ones in full), else the selection's choice. Word-wise: a word
   * with nothing sent or removed only adds its popcount to the rank, so the cost follows the
   * changes, not the entities in view. Returns the length of the known list.
   */
  selectDelta(session: ClientSession, visible: EntitySet, whole: boolean): number {
    const vis = visible.words;
    const kw = session.known.words;
    const sw = session.stale.words;
    const changed = this.#enc.changed.words;
    const chosen = this.#selection.delta.words;
    const chosenFull = this.#selection.full.words;
    let rank = 0;
    for (let w = 0; w < vis.length; w++) {
      const v = vis[w]!;
      const k = kw[w]!;
      const s = sw[w]!;
      const delta = whole ? k & v & changed[w]! & ~s : chosen[w]!;
      let hits = (k & v & delta) | (k & ~v);
      while (hits !== 0) {
        const low = hits & -hits;
        hits ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        const r = rank + popcount(k & (low - 1));
        if ((v & low) !== 0) {
          this.#changedRank[this.#nChanged] = r;
          this.#changed[this.#nChanged++] = e;
        } else {
          this.#removedRank[this.#nRemoved] = r;
          this.#removed[this.#nRemoved++] = e;
        }
      }
      rank += popcount(k);
      let add = whole ? v & (~k | s) : chosenFull[w]!;
      while (add !== 0) {
        const low = add & -add;
        add ^= low;
        this.#upserts[this.#nUpserts++] = (w << 5) + 31 - Math.clz32(low);
      }
    }
    return rank;
  }

  /**
   * Against an older baseline b the client may be at any tick in [b, last sent]: remove
   * what it may hold (union of those ticks) and is not visible; send in full whatever is
   * visible and either changed since b or missing at some tick of that range.
   */
  selectSince(session: ClientSession, visible: EntitySet, b: number): void {
    const enc = this.#enc;
    const union = this.#union.words;
    const both = this.#both.words;
    union.fill(0);
    both.fill(0xffffffff);
    for (let slot = 0; slot < session.ringTick.length; slot++) {
      const tick = session.ringTick[slot]!;
      if (tick < b || tick > session.lastSentTick) continue;
      const held = session.ringKnown[slot]!.words;
      for (let w = 0; w < union.length; w++) {
        union[w] = union[w]! | held[w]!;
        both[w] = both[w]! & held[w]!;
      }
    }
    const vis = visible.words;
    for (let w = 0; w < vis.length; w++) {
      let gone = union[w]! & ~vis[w]!;
      while (gone !== 0) {
        const low = gone & -gone;
        gone ^= low;
        this.#removed[this.#nRemoved++] = (w << 5) + 31 - Math.clz32(low);
      }
      let v = vis[w]!;
      while (v !== 0) {
        const low = v & -v;
        v ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
        if ((both[w]! & low) === 0 || enc.lastChange[e]! > b) this.#upserts[this.#nUpserts++] = e;
      }
    }
  }

  /** A DELTA's changed entities: rank gaps in a list of `known`, each with its delta bits. */
  writeChanges(out: BitWriter, known: number): void {
    const enc = this.#enc;
    const n = this.#nChanged;
    const nc = enc.schema.components.length;
    const sent = this.#sent;
    writeExpGolomb(out, n, 0);
    if (n > 0) writeOrders(out, enc);
    const k = gapOrder(known, n);
    let prev = -1;
    const source = enc.delta.buffer;
    for (let i = 0; i < n; i++) {
      const rank = this.#changedRank[i]!;
      const e = this.#changed[i]!;
      writeExpGolomb(out, rank - prev - 1, k);
      prev = rank;
      out.copyBits(source, enc.deltaStart[e]!, enc.deltaBits[e]!);
      for (let c = 0; c < nc; c++) sent[c] = sent[c]! + enc.deltaComponentBits[e * nc + c]!;
    }
  }

  /** A DELTA's removals: rank gaps in a list of `known`, each with its reason. */
  writeRankedRemovals(out: BitWriter, known: number): void {
    const n = this.#nRemoved;
    const world = this.#enc.world;
    writeExpGolomb(out, n, 0);
    const k = gapOrder(known, n);
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const rank = this.#removedRank[i]!;
      writeExpGolomb(out, rank - prev - 1, k);
      prev = rank;
      out.writeBits(
        world.isAlive(this.#removed[i]!) ? REMOVAL_REASON.LEFT : REMOVAL_REASON.DESPAWNED,
        WIRE_BITS.REASON,
      );
    }
  }

  /** A BASELINE's removals, addressed by id. */
  writeRemovals(out: BitWriter): void {
    this.#writeIds(out, this.#removed, this.#nRemoved, false);
  }

  /** The upserts, addressed by id, each with its full state. */
  writeUpserts(out: BitWriter): void {
    this.#writeIds(out, this.#upserts, this.#nUpserts, true);
  }

  /** Writes an id-addressed list: removals (with reasons) or upserts (with full states). */
  #writeIds(out: BitWriter, ids: Int32Array, n: number, upsert: boolean): void {
    const enc = this.#enc;
    writeExpGolomb(out, n, 0);
    if (n === 0) return;
    const k = gapOrder(ids[n - 1]! + 1, n);
    out.writeBits(k, WIRE_BITS.GAP_ORDER);
    const nc = enc.schema.components.length;
    const sent = this.#sent;
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const e = ids[i]!;
      writeExpGolomb(out, e - prev - 1, k);
      prev = e;
      if (!upsert) {
        out.writeBits(
          enc.world.isAlive(e) ? REMOVAL_REASON.LEFT : REMOVAL_REASON.DESPAWNED,
          WIRE_BITS.REASON,
        );
        continue;
      }
      enc.ensureFull(e);
      out.copyBits(enc.full.buffer, enc.fullStart[e]!, enc.fullBits[e]!);
      for (let c = 0; c < nc; c++) sent[c] = sent[c]! + enc.fullComponentBits[e * nc + c]!;
    }
  }
}
