// The entity lists of one client's update and how they go on the wire. A DELTA addresses the
// entities the client holds by their rank in its sorted known list: the changed ones get a copy
// of the tick's shared delta bits, the removed ones a reason. Everything else is addressed by
// id gaps: the upserts (a copy of the shared full-state bits) of every kind, and a BASELINE's
// removals.
//
// This is the per-client hot path (a 1,000-player room copies ~600 entities per client per
// tick), so the lists are bitset words, not id arrays: one pass over the client's words counts
// each list (its count goes first on the wire), then each list is written by walking the set
// bits of its words, copying each entity's shared bits a word at a time (WordBitWriter).

import { gapOrder } from "../bits/universal-codes.js";
import { type WordBitWriter, wordsOf } from "../bits/word-bit-writer.js";
import { EntitySet, popcount } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import { DenseRecords } from "./dense-records.js";
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

/** Selects an update's entities into bitset lists and writes them, adding their bits to `sent`. */
export class UpdateLists {
  readonly #enc: TickEncoder;
  readonly #selection: UpdateSelection;
  /** Per-component bits of values sent (CompressionStats.sentBits). */
  readonly #sent: Float64Array;
  /** The lists: held entities that get their delta, that are removed, and the upserts. */
  readonly #changed: Uint32Array;
  readonly #removed: Uint32Array;
  readonly #upserts: Uint32Array;
  /** Per word of the last DELTA selection: how many known entities precede it (ranks). */
  readonly #rankBefore: Int32Array;
  #nChanged = 0;
  #nRemoved = 0;
  #nUpserts = 0;
  /** Entities of the view the last whole selection found (−1: not counted, see visibleCount). */
  #nVisible = -1;
  /** The highest upserted id (its gap order needs it), −1 when none. */
  #lastUpsert = -1;
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
    const words = (n + 31) >>> 5;
    this.#changed = new Uint32Array(words);
    this.#removed = new Uint32Array(words);
    this.#upserts = new Uint32Array(words);
    this.#rankBefore = new Int32Array(words);
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
    const src = set.words;
    const up = this.#upserts;
    let n = 0;
    let last = -1;
    const span = this.span();
    for (let w = 0; w < span; w++) {
      const a = src[w]!;
      up[w] = a;
      if (a !== 0) {
        n += popcount(a);
        last = w;
      }
    }
    this.#nChanged = 0;
    this.#nRemoved = 0;
    this.#nVisible = n;
    this.#setUpserts(n, last);
  }

  /**
   * Splits the client's known list into deltas and removals and lists the full states as
   * upserts: everything owed when `whole` (the deltas of held current entities that changed;
   * entering and stale ones in full), else the selection's choice. Returns the length of the
   * known list.
   */
  selectDelta(session: ClientSession, visible: EntitySet, whole: boolean): number {
    if (whole && session.staleCount === 0) return this.#selectOwed(session, visible);
    const vis = visible.words;
    const kw = session.known.words;
    // Nothing stale (the usual case): the stale set is empty, so it is not read at all.
    const stale = session.staleCount > 0;
    const sw = session.stale.words;
    const ch = this.#enc.changed.words;
    const chosen = this.#selection.delta.words;
    const chosenFull = this.#selection.full.words;
    const changed = this.#changed;
    const removed = this.#removed;
    const up = this.#upserts;
    const rankBefore = this.#rankBefore;
    let known = 0;
    let nc = 0;
    let nr = 0;
    let nu = 0;
    let last = -1;
    const span = this.span();
    // Counted with as few popcounts as the sets allow (a 1,000-player room runs this loop a
    // million times a tick): the known entities are the kept ones plus the removed ones, and
    // when every kept entity changed (steered movers) their count is the changes' count.
    for (let w = 0; w < span; w++) {
      const v = vis[w]!;
      const k = kw[w]!;
      const s = stale ? sw[w]! : 0;
      const kept = k & v;
      const d = kept & (whole ? ch[w]! & ~s : chosen[w]!);
      const r = k & ~v;
      const a = whole ? v & (~k | s) : chosenFull[w]!;
      changed[w] = d;
      removed[w] = r;
      up[w] = a;
      rankBefore[w] = known;
      if (kept !== 0) {
        const n = popcount(kept);
        known += n;
        if (d === kept) nc += n;
        else if (d !== 0) nc += popcount(d);
      }
      if (r !== 0) {
        const n = popcount(r);
        known += n;
        nr += n;
      }
      if (a !== 0) {
        nu += popcount(a);
        last = w;
      }
    }
    this.#nChanged = nc;
    this.#nRemoved = nr;
    // Everything owed and nothing stale: the view is what was kept plus what enters.
    this.#nVisible = whole && !stale ? known - nr + nu : -1;
    this.#setUpserts(nu, last);
    return known;
  }

  /**
   * {@link selectDelta} of everything owed with nothing stale (the usual case, every client of
   * a room every tick), in a loop of its own: no stale set or choice to mask with.
   */
  #selectOwed(session: ClientSession, visible: EntitySet): number {
    const vis = visible.words;
    const kw = session.known.words;
    const ch = this.#enc.changed.words;
    const changed = this.#changed;
    const removed = this.#removed;
    const up = this.#upserts;
    const rankBefore = this.#rankBefore;
    let known = 0;
    let nc = 0;
    let nr = 0;
    let nu = 0;
    let last = -1;
    const span = this.span();
    for (let w = 0; w < span; w++) {
      const v = vis[w]!;
      const k = kw[w]!;
      const kept = k & v;
      const d = kept & ch[w]!;
      const r = k & ~v;
      const a = v & ~k;
      changed[w] = d;
      removed[w] = r;
      up[w] = a;
      rankBefore[w] = known;
      if (kept !== 0) {
        const n = popcount(kept);
        known += n;
        nc += d === kept ? n : popcount(d);
      }
      if (r !== 0) {
        const n = popcount(r);
        known += n;
        nr += n;
      }
      if (a !== 0) {
        nu += popcount(a);
        last = w;
      }
    }
    this.#nChanged = nc;
    this.#nRemoved = nr;
    this.#nVisible = known - nr + nu;
    this.#setUpserts(nu, last);
    return known;
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
    const enc = this.#enc;
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
    const vis = visible.words;
    let nr = 0;
    let nu = 0;
    let last = -1;
    const span = this.span();
    for (let w = 0; w < span; w++) {
      const gone = union[w]! & ~vis[w]!;
      this.#removed[w] = gone;
      nr += popcount(gone);
      const v = vis[w]!;
      // Held at every tick of the range: sent only if it changed since b.
      let a = v & ~both[w]!;
      let held = v & both[w]!;
      while (held !== 0) {
        const low = held & -held;
        held ^= low;
        if (enc.lastChange[(w << 5) + 31 - Math.clz32(low)]! > b) a |= low;
      }
      this.#upserts[w] = a;
      if (a !== 0) {
        nu += popcount(a);
        last = w;
      }
    }
    this.#nChanged = 0;
    this.#nRemoved = nr;
    this.#nVisible = -1;
    this.#setUpserts(nu, last);
  }

  /**
   * A DELTA's changed entities: rank gaps in a list of `known`, each with its delta bits
   * (appended by dense-records.ts, the per-client hot loop).
   */
  writeChanges(out: WordBitWriter, session: ClientSession, known: number): void {
    const enc = this.#enc;
    const n = this.#nChanged;
    out.writeExpGolomb(n, 0);
    if (n === 0) return;
    writeOrders(out, enc);
    const order = gapOrder(known, n);
    if (enc.delta.buffer !== this.#deltaBytes) {
      this.#deltaBytes = enc.delta.buffer;
      this.#deltaWords = wordsOf(enc.delta.buffer);
    }
    this.#dense.refresh(enc, this.#deltaWords);
    const kw = session.known.words;
    this.#dense.append(out, enc, this.#changed, kw, this.#span, n, order, this.#sent);
  }

  /** A DELTA's removals: rank gaps in a list of `known`, each with its reason. */
  writeRankedRemovals(out: WordBitWriter, session: ClientSession, known: number): void {
    const { world } = this.#enc;
    const kw = session.known.words;
    writeRankedRemovals(
      out,
      world,
      this.#removed,
      kw,
      this.#rankBefore,
      this.#span,
      this.#nRemoved,
      known,
    );
  }

  /** A BASELINE's removals, addressed by id. */
  writeRemovals(out: WordBitWriter): void {
    writeRemovalIds(out, this.#enc.world, this.#removed, this.#span, this.#nRemoved);
  }

  /** The upserts, addressed by id, each with its full state. */
  writeUpserts(out: WordBitWriter): void {
    this.#writeIds(out, this.#upserts, this.#nUpserts, this.#lastUpsert);
  }

  #setUpserts(n: number, lastWord: number): void {
    this.#nUpserts = n;
    this.#lastUpsert =
      lastWord < 0 ? -1 : (lastWord << 5) + 31 - Math.clz32(this.#upserts[lastWord]!);
  }

  /** Writes the upserts: ids, each with its full state. */
  #writeIds(out: WordBitWriter, ids: Uint32Array, n: number, last: number) {
    const enc = this.#enc;
    out.writeExpGolomb(n, 0);
    if (n === 0) return;
    const order = gapOrder(last + 1, n);
    out.write(order, WIRE_BITS.GAP_ORDER);
    const nc = enc.schema.components.length;
    const sent = this.#sent;
    let prev = -1;
    const span = this.#span;
    for (let w = 0; w < span; w++) {
      let bits = ids[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (w << 5) + 31 - Math.clz32(low);
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
}
