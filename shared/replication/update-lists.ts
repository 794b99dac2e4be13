// The entity lists of one client's update and how they go on the wire. A DELTA addresses the
// entities the client holds by their rank in its sorted known list: the changed ones get a copy
// of the tick's shared delta bits, the removed ones a reason. Everything else is addressed by
// id gaps: the upserts (a copy of the shared full-state bits) of every kind, and a BASELINE's
// removals.
//
// This is the per-client hot path (a 1,000-player room copies ~600 entities per client per
// tick): one pass over the client's bitset words lists every entity with its rank
// (entity-lists.ts), then each list is written from its flat list, each changed entity's
// record appended from the tick's packed records (dense-records.ts).

import { gapOrder } from "../bits/universal-codes.js";
import { type WordBitWriter, wordsOf } from "../bits/word-bit-writer.js";
import { EntitySet } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import { DenseRecords } from "./dense-records.js";
import { EntityLists } from "./entity-lists.js";
import { writeRankedRemovals, writeRemovalIds } from "./removal-lists.js";
import type { TickEncoder } from "./tick-encoder.js";
import type { UpdateSelection } from "./update-selection.js";
import { WIRE_BITS } from "./wire-format.js";

/** The tick's coded-field orders, before a DELTA's first change: a flag, then 5 bits each. */
function writeOrders(out: WordBitWriter, enc: TickEncoder): void {
  out.write(enc.ordersGiven ? 1 : 0, 1);
  if (!enc.ordersGiven) return;
  // By index: a for-of allocates its iterator in V8's lower tiers.
  const all = enc.orders;
  for (let c = 0; c < all.length; c++) {
    const orders = all[c]!;
    for (let f = 0; f < orders.length; f++) out.write(orders[f]!, WIRE_BITS.CODED_ORDER);
  }
}

/** Selects an update's entities into lists and writes them, adding their bits to `sent`. */
export class UpdateLists {
  readonly #enc: TickEncoder;
  readonly #selection: UpdateSelection;
  /** Per-component bits of values sent (CompressionStats.sentBits). */
  readonly #sent: Float64Array;
  /** The lists of the update being written. */
  readonly #lists: EntityLists;
  /** Entities of the view the last whole selection found (−1: not counted, see visibleCount). */
  #nVisible = -1;
  /** Scratch of a BASELINE selection: what the client may hold, what it surely holds. */
  readonly #union: EntitySet;
  readonly #both: EntitySet;
  /** This tick's changes' shared bits, one field per entity where they fit. */
  readonly #dense: DenseRecords;
  /** The encoder's shared bit buffers seen as words (re-made when a buffer grows). */
  #deltaBytes: Uint8Array | null = null;
  #deltaWords: Uint32Array = new Uint32Array(0);
  #fullBytes: Uint8Array | null = null;
  #fullWords: Uint32Array = new Uint32Array(0);
  /** Words that may hold an id any client holds or sees (see {@link span}), as of #spanTick. */
  #span = 0;
  #spanTick = -1;

  constructor(encoder: TickEncoder, selection: UpdateSelection, sentBits: Float64Array) {
    this.#enc = encoder;
    this.#selection = selection;
    this.#sent = sentBits;
    const n = encoder.world.capacity;
    this.#lists = new EntityLists(n);
    this.#union = new EntitySet(n);
    this.#both = new EntitySet(n);
    this.#dense = new DenseRecords(n, encoder.schema.components.length);
  }

  /**
   * How many bitset words can hold an id a client holds or sees: up to the highest id ever
   * replicated while updates were written (it only grows, so every word past it is zero in
   * every set this writer reads). A room sized with headroom (capacity a power of two) then
   * scans what it uses, not its whole id space.
   */
  span(): number {
    const enc = this.#enc;
    if (this.#spanTick !== enc.tick) {
      const rep = enc.replicated.words;
      let last = rep.length - 1;
      while (last >= this.#span && rep[last] === 0) last--;
      if (last + 1 > this.#span) this.#span = last + 1;
      this.#spanTick = enc.tick;
    }
    return this.#span;
  }

  /** The upserts of a FULL update: the ids of `set`. */
  selectFull(set: EntitySet): void {
    this.#lists.selectFull(set.words, this.span());
    this.#nVisible = this.#lists.upserts;
  }

  /**
   * Splits the client's known list into deltas and removals and lists the full states as
   * upserts: everything owed when `whole` (the deltas of held current entities that changed;
   * entering and stale ones in full), else the selection's choice.
   */
  selectDelta(session: ClientSession, visible: EntitySet, whole: boolean): void {
    const lists = this.#lists;
    const kw = session.known.words;
    const ch = this.#enc.changed.words;
    const span = this.span();
    // Nothing stale (the usual case, every client of a room every tick): a loop of its own.
    if (whole && session.staleCount === 0) {
      lists.selectOwed(visible.words, kw, ch, span);
      // Everything owed and nothing stale: the view is what was kept plus what enters.
      this.#nVisible = lists.known - lists.removed + lists.upserts;
      return;
    }
    const sw = session.staleCount > 0 ? session.stale.words : null;
    const sel = this.#selection;
    lists.selectDelta(visible.words, kw, sw, ch, sel.delta.words, sel.full.words, whole, span);
    this.#nVisible = -1;
  }

  /**
   * How many entities the set of the last {@link selectFull} holds, or the view of the last
   * {@link selectDelta} of everything owed with nothing stale; −1 after any other selection.
   */
  get visibleCount(): number {
    return this.#nVisible;
  }

  /**
   * Against an older baseline b the client may be at any tick in [b, last sent]: remove
   * what it may hold (union of those ticks) and is not visible; send in full whatever is
   * visible and either changed since b or missing at some tick of that range.
   */
  selectSince(session: ClientSession, visible: EntitySet, b: number): void {
    const union = this.#union.words;
    const both = this.#both.words;
    union.fill(0);
    both.fill(0xffffffff);
    for (let slot = 0; slot < session.ringTick.length; slot++) {
      const tick = session.ringTick[slot]!;
      if (tick < b || tick > session.lastSentTick) continue;
      // The last tick sent is what the client holds (the ring may keep no views).
      const held =
        tick === session.lastSentTick ? session.known.words : session.ringKnown[slot]!.words;
      for (let w = 0; w < union.length; w++) {
        union[w] = union[w]! | held[w]!;
        both[w] = both[w]! & held[w]!;
      }
    }
    this.#lists.selectSince(visible.words, union, both, this.#enc.lastChange, b, this.span());
    this.#nVisible = -1;
  }

  /**
   * A DELTA's changed entities: their count, the tick's orders, then rank gaps in the known
   * list, each with its delta bits (appended by dense-records.ts, the per-client hot loop).
   */
  writeChanges(out: WordBitWriter): void {
    const enc = this.#enc;
    const lists = this.#lists;
    const n = lists.changed;
    out.writeExpGolomb(n, 0);
    if (n === 0) return;
    writeOrders(out, enc);
    const order = gapOrder(lists.known, n);
    if (enc.delta.buffer !== this.#deltaBytes) {
      this.#deltaBytes = enc.delta.buffer;
      this.#deltaWords = wordsOf(enc.delta.buffer);
    }
    this.#dense.refresh(enc, this.#deltaWords);
    this.#dense.append(out, enc, lists.changedIds, lists.changedRanks, n, order, this.#sent);
  }

  /** A DELTA's removals: rank gaps in the known list, each with its reason. */
  writeRankedRemovals(out: WordBitWriter): void {
    const lists = this.#lists;
    writeRankedRemovals(
      out,
      this.#enc.world,
      lists.removedIds,
      lists.removedRanks,
      lists.removed,
      lists.known,
    );
  }

  /** A BASELINE's removals, addressed by id. */
  writeRemovals(out: WordBitWriter): void {
    const lists = this.#lists;
    writeRemovalIds(out, this.#enc.world, lists.removedIds, lists.removed);
  }

  /** The upserts, addressed by id gaps, each with its full state. */
  writeUpserts(out: WordBitWriter): void {
    const enc = this.#enc;
    const lists = this.#lists;
    const ids = lists.upsertIds;
    const n = lists.upserts;
    out.writeExpGolomb(n, 0);
    if (n === 0) return;
    const order = gapOrder(ids[n - 1]! + 1, n);
    out.write(order, WIRE_BITS.GAP_ORDER);
    const nc = enc.schema.components.length;
    const sent = this.#sent;
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const e = ids[i]!;
      out.writeExpGolomb(e - prev - 1, order);
      prev = e;
      enc.ensureFull(e);
      // ensureFull may have grown the shared buffer.
      if (enc.full.buffer !== this.#fullBytes) {
        this.#fullBytes = enc.full.buffer;
        this.#fullWords = wordsOf(enc.full.buffer);
      }
      out.copy(this.#fullWords, enc.fullStart[e]!, enc.fullBits[e]!);
      for (let c = 0; c < nc; c++) sent[c] = sent[c]! + enc.fullComponentBits[e * nc + c]!;
    }
  }
}
