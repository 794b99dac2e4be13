// The entity lists of one client's update, selected from bitset words into flat id lists: the
// held entities that get their delta and the removed ones (each with its rank in the client's
// sorted known list, which is how a DELTA addresses them), and the upserts (addressed by id).
//
// This is the per-client hot path: a 1,000-player room selects ~600 entities per client per
// tick. One pass over the client's words finds every list and its count (counts go first on
// the wire); the writers then walk the lists, not the words, so the record loop
// (dense-records.ts) and the removals and upserts (update-lists.ts) touch only what they
// write. A word of the known set costs its popcount (the ranks after it); its changed, removed
// and entering bits are listed as they are found, and nothing is stored per word (removals and
// entries, a few per client per tick, are tested for and listed only where they are).

import { popcount } from "../world/entity-set.js";

/**
 * Appends the set bits of `bits` (bitset word `w`, a subset of the known word `k`) to `ids`
 * from index `n`, each with its rank in the known list (`known` precede word `w`); returns
 * the new length. Small enough for V8 to inline into the selection loops.
 */
function listRanked(
  bits: number,
  k: number,
  w: number,
  known: number,
  ids: Int32Array,
  ranks: Int32Array,
  n: number,
): number {
  const base = (w << 5) + 31;
  while (bits !== 0) {
    const low = bits & -bits;
    bits ^= low;
    ids[n] = base - Math.clz32(low);
    ranks[n] = known + popcount(k & (low - 1));
    n++;
  }
  return n;
}

/** Appends the set bits of `bits` (bitset word `w`) to `ids` from index `n`; returns the length. */
function listIds(bits: number, w: number, ids: Int32Array, n: number): number {
  const base = (w << 5) + 31;
  while (bits !== 0) {
    const low = bits & -bits;
    bits ^= low;
    ids[n++] = base - Math.clz32(low);
  }
  return n;
}

/** One update's entity lists, in id order (reused from client to client). */
export class EntityLists {
  /** Held entities that get their delta, and their ranks in the known list. */
  readonly changedIds: Int32Array;
  readonly changedRanks: Int32Array;
  changed = 0;
  /** Held entities the update removes, and their ranks (a BASELINE's: ranks unused). */
  readonly removedIds: Int32Array;
  readonly removedRanks: Int32Array;
  removed = 0;
  /** Entities sent in full (entering the view, or stale), addressed by id. */
  readonly upsertIds: Int32Array;
  upserts = 0;
  /** Length of the client's known list (a DELTA's rank space). */
  known = 0;

  /** @param capacity the world's id space */
  constructor(capacity: number) {
    this.changedIds = new Int32Array(capacity);
    this.changedRanks = new Int32Array(capacity);
    this.removedIds = new Int32Array(capacity);
    this.removedRanks = new Int32Array(capacity);
    this.upsertIds = new Int32Array(capacity);
  }

  /** A FULL update's lists: every entity of `set` (bitset words up to `span`) in full. */
  selectFull(set: Uint32Array, span: number): void {
    let nu = 0;
    for (let w = 0; w < span; w++) {
      const a = set[w]!;
      if (a !== 0) nu = listIds(a, w, this.upsertIds, nu);
    }
    this.changed = 0;
    this.removed = 0;
    this.upserts = nu;
    this.known = 0;
  }

  /**
   * A DELTA of everything owed with nothing stale (every client of a room, every tick): the
   * held entities still in view (`vis`) that changed (`ch`) get their delta, those out of
   * view are removed, those entering are upserts. `kw` is the known list as bitset words.
   */
  selectOwed(vis: Uint32Array, kw: Uint32Array, ch: Uint32Array, span: number): void {
    const ids = this.changedIds;
    const ranks = this.changedRanks;
    let known = 0;
    let nc = 0;
    let nr = 0;
    let nu = 0;
    for (let w = 0; w < span; w++) {
      const v = vis[w]!;
      const k = kw[w]!;
      nc = listRanked(k & v & ch[w]!, k, w, known, ids, ranks, nc);
      // Leaving and entering entities are a few per client per tick: tested, not stored.
      const r = k & ~v;
      if (r !== 0) nr = listRanked(r, k, w, known, this.removedIds, this.removedRanks, nr);
      const a = v & ~k;
      if (a !== 0) nu = listIds(a, w, this.upsertIds, nu);
      if (k !== 0) known += popcount(k);
    }
    this.changed = nc;
    this.removed = nr;
    this.upserts = nu;
    this.known = known;
  }

  /**
   * A DELTA in general: with stale entities (`sw`, or null when none) when `whole` (they go
   * in full), or the selection's choice otherwise (`chosen` deltas, `chosenFull` upserts).
   */
  selectDelta(
    vis: Uint32Array,
    kw: Uint32Array,
    sw: Uint32Array | null,
    ch: Uint32Array,
    chosen: Uint32Array,
    chosenFull: Uint32Array,
    whole: boolean,
    span: number,
  ): void {
    const ids = this.changedIds;
    const ranks = this.changedRanks;
    let known = 0;
    let nc = 0;
    let nr = 0;
    let nu = 0;
    for (let w = 0; w < span; w++) {
      const v = vis[w]!;
      const k = kw[w]!;
      const s = sw === null ? 0 : sw[w]!;
      const d = k & v & (whole ? ch[w]! & ~s : chosen[w]!);
      nc = listRanked(d, k, w, known, ids, ranks, nc);
      const r = k & ~v;
      if (r !== 0) nr = listRanked(r, k, w, known, this.removedIds, this.removedRanks, nr);
      const a = whole ? v & (~k | s) : chosenFull[w]!;
      if (a !== 0) nu = listIds(a, w, this.upsertIds, nu);
      if (k !== 0) known += popcount(k);
    }
    this.changed = nc;
    this.removed = nr;
    this.upserts = nu;
    this.known = known;
  }

  /**
   * A BASELINE against tick b: remove what the client may hold (`union`) and is not visible;
   * send in full what is visible and either not held at every tick of the range (`both`) or
   * changed since b (`lastChange`).
   */
  selectSince(
    vis: Uint32Array,
    union: Uint32Array,
    both: Uint32Array,
    lastChange: Float64Array,
    b: number,
    span: number,
  ): void {
    let nr = 0;
    let nu = 0;
    for (let w = 0; w < span; w++) {
      const v = vis[w]!;
      const gone = union[w]! & ~v;
      if (gone !== 0) nr = listIds(gone, w, this.removedIds, nr);
      // Held at every tick of the range: sent only if it changed since b.
      let a = v & ~both[w]!;
      let held = v & both[w]!;
      while (held !== 0) {
        const low = held & -held;
        held ^= low;
        if (lastChange[(w << 5) + 31 - Math.clz32(low)]! > b) a |= low;
      }
      if (a !== 0) nu = listIds(a, w, this.upsertIds, nu);
    }
    this.changed = 0;
    this.removed = nr;
    this.upserts = nu;
    this.known = 0;
  }
}
