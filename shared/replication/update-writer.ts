// The per-client half of the encoder: selecting and copying bits. A client's update is a
// header, then for each entity it holds that changed a copy of the shared delta bits
// (addressed by its rank in the client's sorted id list), its removals, and for each
// entity entering its view a copy of the shared full-state bits (addressed by id gaps).
// No per-client value encoding happens here; see docs/replication.md for the layout.
//
// Clients in the same position (same tick, same kind of update, same visible set and, for a
// delta, the same known set, nothing stale) get byte-identical updates: the last update is
// kept and handed out again, so a broadcast room encodes once per tick and sends the same
// bytes to all.
//
// A client with a byte budget gets everything when its worst-case size fits its credits (the
// usual case); otherwise UpdateSelection picks by accumulated priority, the update is written,
// and while its exact size overdraws the credits the least urgent pick is taken back out.

import { BitWriter } from "../bits/bit-writer.js";
import { gapOrder, writeExpGolomb } from "../bits/universal-codes.js";
import { EntitySet, popcount } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import type { CompressionStats } from "./compression-stats.js";
import type { TickEncoder } from "./tick-encoder.js";
import { type PriorityFactor, UpdateSelection } from "./update-selection.js";
import { REMOVAL_REASON, UPDATE_KIND, WIRE_BITS } from "./wire-format.js";

const EMPTY = new Uint8Array(0);

/** Assembles per-client updates from a {@link TickEncoder}'s shared bits. */
export class UpdateWriter {
  readonly #enc: TickEncoder;
  readonly #stats: CompressionStats;
  readonly #reserveBytes: number;
  readonly #out = new BitWriter({ initialBytes: 4096, blockBytes: 4096 });
  readonly #visible: EntitySet;
  readonly #union: EntitySet;
  readonly #both: EntitySet;
  readonly #changed: Int32Array;
  readonly #changedRank: Int32Array;
  readonly #removed: Int32Array;
  readonly #removedRank: Int32Array;
  readonly #upserts: Int32Array;
  readonly #selection: UpdateSelection;
  /** What the client holds after the update being written. */
  readonly #held: EntitySet;
  /** sentBits before a budgeted attempt, restored when it is rewritten smaller. */
  readonly #sentMark: Float64Array;
  #nChanged = 0;
  #nRemoved = 0;
  #nUpserts = 0;
  /** The last update written, reused for the next client in the same position. */
  #reuse: { tick: number; kind: number; bytes: Uint8Array } | null = null;
  readonly #reuseVisible: EntitySet;
  readonly #reuseKnown: EntitySet;
  /** Per-component bits the last update sent, added again when it is reused. */
  readonly #reuseSent: Float64Array;

  constructor(encoder: TickEncoder, stats: CompressionStats, reserveBytes: number) {
    this.#enc = encoder;
    this.#stats = stats;
    this.#reserveBytes = reserveBytes;
    const n = encoder.world.capacity;
    this.#visible = new EntitySet(n);
    this.#union = new EntitySet(n);
    this.#both = new EntitySet(n);
    this.#changed = new Int32Array(n);
    this.#changedRank = new Int32Array(n);
    this.#removed = new Int32Array(n);
    this.#removedRank = new Int32Array(n);
    this.#upserts = new Int32Array(n);
    this.#reuseVisible = new EntitySet(n);
    this.#reuseKnown = new EntitySet(n);
    this.#reuseSent = new Float64Array(encoder.schema.components.length);
    this.#selection = new UpdateSelection(encoder);
    this.#held = new EntitySet(n);
    this.#sentMark = new Float64Array(encoder.schema.components.length);
  }

  /**
   * Writes `session`'s update for the current tick against `baseline` (a tick the client
   * holds, or −1 for a full state) and records it in the session. `visible` is what the
   * client should hold afterwards (null: every replicated entity); with a budget it may get
   * part of it now and the rest in later ticks, best `factor` × base priority first. The
   * returned view is valid until the next call.
   */
  write(
    session: ClientSession,
    visible: EntitySet | null,
    baseline: number,
    factor?: PriorityFactor,
  ): Uint8Array {
    const enc = this.#enc;
    const t = enc.tick;
    const vis = this.#visible.words;
    const rep = enc.replicated.words;
    const src = visible === null ? rep : visible.words;
    for (let w = 0; w < vis.length; w++) vis[w] = src[w]! & rep[w]!;
    const kind =
      baseline < 0 || !session.holds(baseline)
        ? UPDATE_KIND.FULL
        : baseline === t - 1
          ? UPDATE_KIND.DELTA
          : UPDATE_KIND.BASELINE;
    if (kind === UPDATE_KIND.BASELINE) return this.#writeBaseline(session, t, baseline);
    const fresh = kind === UPDATE_KIND.FULL;
    const budget = session.budget;
    budget?.refill();
    const stale = fresh ? 0 : session.staleCount;
    // The usual case: everything owed fits (or there is no budget). The budget costs only
    // the size check.
    if (stale === 0 && this.#canReuse(t, kind, session.known)) {
      const reused = this.#reuse!.bytes;
      if (budget === null || reused.length <= budget.credits) {
        budget?.spend(reused.length);
        session.priorities?.clear();
        return this.#reused(session, t);
      }
    }
    const sent = this.#stats.sentBits;
    this.#sentMark.set(sent);
    // Something waited last tick: the budget binds, do not write the whole update first.
    const short = budget !== null && (session.priorities?.size ?? 0) > 0;
    let bytes = short ? EMPTY : this.#writeSelected(kind, t, session, true);
    if (budget === null || (!short && bytes.length <= budget.credits)) {
      this.#keepForReuse(kind, t, session, bytes, stale === 0);
      budget?.spend(bytes.length);
      this.#finish(bytes);
      // Everything owed went: the client holds its whole view, nothing stale.
      if (session.staleCount > 0) session.stale.clear();
      session.staleCount = 0;
      session.priorities?.clear();
      session.record(t, this.#visible);
      return bytes;
    }
    // Short of credits: choose by priority.
    sent.set(this.#sentMark);
    const sel = this.#selection;
    sel.gather(session, this.#visible, fresh);
    const headerBits = this.#reserveBytes * 8 + this.#headerBits(kind);
    const { credits, burst } = budget;
    bytes = this.#writeBudgeted(kind, t, session, credits, burst, headerBits, factor);
    this.#reuse = null;
    budget.spend(bytes.length);
    this.#finish(bytes);
    session.staleCount = sel.settle(session, this.#visible, fresh, this.#held);
    session.record(t, this.#held);
    return bytes;
  }

  /** Bits of an update's header after the reserved bytes. */
  #headerBits(kind: number): number {
    return WIRE_BITS.KIND + (kind === UPDATE_KIND.FULL ? WIRE_BITS.TICK : WIRE_BITS.TICK_LOW);
  }

  /**
   * Plans within `credits`, writes, and takes the least urgent picks back out until the
   * exact size fits (or nothing but the fixed part is left).
   */
  #writeBudgeted(
    kind: number,
    t: number,
    session: ClientSession,
    credits: number,
    burst: number,
    headerBits: number,
    factor: PriorityFactor | undefined,
  ): Uint8Array {
    const sel = this.#selection;
    const fixed = sel.fixedBits(headerBits);
    let n = sel.plan(session, credits - fixed / 8, burst, factor);
    const planned = n;
    const sent = this.#stats.sentBits;
    this.#sentMark.set(sent);
    let bytes = this.#writeSelected(kind, t, session, false);
    while (bytes.length > credits && n > 0 && !(planned === 1 && credits >= burst)) {
      sel.unchoose(--n);
      sent.set(this.#sentMark);
      bytes = this.#writeSelected(kind, t, session, false);
    }
    session.priorities!.commit(sel.planned, n);
    // Learn the addressing cost per entity for the next plan (what the estimate missed).
    if (n > 0) {
      const overhead = bytes.length * 8 - this.#reserveBytes * 8 - sel.payloadBits;
      session.addressBits = Math.max(1, Math.ceil(overhead / n));
    }
    return bytes;
  }

  /** Counts a written update in the report. */
  #finish(bytes: Uint8Array): void {
    this.#countRaw();
    this.#stats.totalBits += (bytes.length - this.#reserveBytes) * 8;
    this.#stats.updates++;
  }

  /** Keeps a whole (unbudgeted-size) update to hand out again to a client in the same position. */
  #keepForReuse(
    kind: number,
    t: number,
    session: ClientSession,
    bytes: Uint8Array,
    reusable: boolean,
  ): void {
    if (!reusable) {
      this.#reuse = null;
      return;
    }
    this.#reuse = { tick: t, kind, bytes };
    this.#reuseVisible.copyFrom(this.#visible);
    if (kind === UPDATE_KIND.DELTA) this.#reuseKnown.copyFrom(session.known);
  }

  /**
   * FULL or DELTA: the header, then deltas, removals and full states — everything owed
   * (`whole`) or the selection's choice.
   */
  #writeSelected(kind: number, t: number, session: ClientSession, whole: boolean): Uint8Array {
    const out = this.#out;
    const sent = this.#stats.sentBits;
    for (let c = 0; c < sent.length; c++) this.#reuseSent[c] = sent[c]!;
    out.reset();
    for (let i = 0; i < this.#reserveBytes; i++) out.writeBits(0, 8);
    this.#nChanged = 0;
    this.#nRemoved = 0;
    this.#nUpserts = 0;
    out.writeBits(kind, WIRE_BITS.KIND);
    if (kind === UPDATE_KIND.FULL) {
      out.writeBits(t, WIRE_BITS.TICK);
      this.#collect(whole ? this.#visible : this.#selection.full);
    } else {
      out.writeBits(t & 0xffff, WIRE_BITS.TICK_LOW);
      const known = this.#selectDelta(session, whole);
      this.#writeChanges(known);
      this.#writeRankedRemovals(known);
    }
    this.#writeIds(this.#upserts, this.#nUpserts, true);
    for (let c = 0; c < sent.length; c++) this.#reuseSent[c] = sent[c]! - this.#reuseSent[c]!;
    return out.finish();
  }

  /** BASELINE (last-acked baselines, never budgeted): full states of what changed since b. */
  #writeBaseline(session: ClientSession, t: number, baseline: number): Uint8Array {
    const out = this.#out;
    out.reset();
    for (let i = 0; i < this.#reserveBytes; i++) out.writeBits(0, 8);
    this.#nRemoved = 0;
    this.#nUpserts = 0;
    out.writeBits(UPDATE_KIND.BASELINE, WIRE_BITS.KIND);
    out.writeBits(t & 0xffff, WIRE_BITS.TICK_LOW);
    writeExpGolomb(out, t - baseline - 1, 0);
    this.#selectSince(session, baseline);
    this.#writeIds(this.#removed, this.#nRemoved, false);
    this.#writeIds(this.#upserts, this.#nUpserts, true);
    const bytes = out.finish();
    this.#finish(bytes);
    // A baseline update depends on the ring as well: not worth comparing, never reused.
    this.#reuse = null;
    session.stale.clear();
    session.record(t, this.#visible);
    return bytes;
  }

  /** True when the last update is exactly what this client needs now. */
  #canReuse(tick: number, kind: number, known: EntitySet): boolean {
    const r = this.#reuse;
    if (r === null || r.tick !== tick || r.kind !== kind) return false;
    if (!sameWords(r.kind === UPDATE_KIND.DELTA ? this.#reuseKnown : known, known)) return false;
    return sameWords(this.#reuseVisible, this.#visible);
  }

  /** Hands the last update out again, counting it as if it had been written. */
  #reused(session: ClientSession, tick: number): Uint8Array {
    const bytes = this.#reuse!.bytes;
    const sent = this.#stats.sentBits;
    for (let c = 0; c < sent.length; c++) sent[c] = sent[c]! + this.#reuseSent[c]!;
    this.#stats.totalBits += (bytes.length - this.#reserveBytes) * 8;
    this.#stats.updates++;
    this.#countRaw();
    session.record(tick, this.#visible);
    return bytes;
  }

  /** Appends the ids of `set` to the upsert list, ascending. */
  #collect(set: EntitySet): void {
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
   * changes, not the entities in view.
   */
  #selectDelta(session: ClientSession, whole: boolean): number {
    const vis = this.#visible.words;
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
  #selectSince(session: ClientSession, b: number): void {
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
    const vis = this.#visible.words;
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

  #writeChanges(known: number): void {
    const out = this.#out;
    const enc = this.#enc;
    const n = this.#nChanged;
    const nc = enc.schema.components.length;
    const sent = this.#stats.sentBits;
    writeExpGolomb(out, n, 0);
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

  #writeRankedRemovals(known: number): void {
    const out = this.#out;
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

  /** Writes an id-addressed list: removals (with reasons) or upserts (with full states). */
  #writeIds(ids: Int32Array, n: number, upsert: boolean): void {
    const out = this.#out;
    const enc = this.#enc;
    writeExpGolomb(out, n, 0);
    if (n === 0) return;
    const k = gapOrder(ids[n - 1]! + 1, n);
    out.writeBits(k, WIRE_BITS.GAP_ORDER);
    const nc = enc.schema.components.length;
    const sent = this.#stats.sentBits;
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

  /** Adds every visible entity's components at raw width to the report. */
  #countRaw(): void {
    const enc = this.#enc;
    const defs = enc.schema.components;
    const raw = this.#stats.rawBits;
    const vis = this.#visible.words;
    for (let c = 0; c < defs.length; c++) {
      const held = enc.holders[c]!.words;
      let count = 0;
      for (let w = 0; w < vis.length; w++) count += popcount(vis[w]! & held[w]!);
      raw[c] = raw[c]! + count * defs[c]!.rawBits;
    }
  }
}

function sameWords(a: EntitySet, b: EntitySet): boolean {
  const x = a.words;
  const y = b.words;
  for (let w = 0; w < x.length; w++) if (x[w] !== y[w]) return false;
  return true;
}
