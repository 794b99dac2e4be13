// The per-client half of the encoder: selecting and copying bits. A client's update is a
// header, then for each entity it holds that changed a copy of the shared delta bits
// (addressed by its rank in the client's sorted id list), its removals, and for each
// entity entering its view a copy of the shared full-state bits (addressed by id gaps).
// No per-client value encoding happens here; see docs/replication.md for the layout.
//
// Clients in the same position (same tick, same kind of update, same visible set and, for a
// delta, the same known set) get byte-identical updates: the last update is kept and handed
// out again, so a broadcast room encodes once per tick and sends the same bytes to all.

import { BitWriter } from "../bits/bit-writer.js";
import { gapOrder, writeExpGolomb } from "../bits/universal-codes.js";
import { EntitySet, popcount } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import type { CompressionStats } from "./compression-stats.js";
import type { TickEncoder } from "./tick-encoder.js";
import { REMOVAL_REASON, UPDATE_KIND, WIRE_BITS } from "./wire-format.js";

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
  }

  /**
   * Writes `session`'s update for the current tick against `baseline` (a tick the client
   * holds, or −1 for a full state) and records it in the session. `visible` is what the
   * client should hold afterwards (null: every replicated entity). The returned view is
   * valid until the next call.
   */
  write(session: ClientSession, visible: EntitySet | null, baseline: number): Uint8Array {
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
    if (this.#canReuse(t, kind, session.known)) return this.#reused(session, t);
    const sent = this.#stats.sentBits;
    for (let c = 0; c < sent.length; c++) this.#reuseSent[c] = sent[c]!;
    if (kind === UPDATE_KIND.DELTA) this.#reuseKnown.copyFrom(session.known);
    const out = this.#out;
    out.reset();
    for (let i = 0; i < this.#reserveBytes; i++) out.writeBits(0, 8);
    this.#nChanged = 0;
    this.#nRemoved = 0;
    this.#nUpserts = 0;
    if (kind === UPDATE_KIND.FULL) {
      out.writeBits(UPDATE_KIND.FULL, WIRE_BITS.KIND);
      out.writeBits(t, WIRE_BITS.TICK);
      this.#selectAll();
    } else if (kind === UPDATE_KIND.DELTA) {
      out.writeBits(UPDATE_KIND.DELTA, WIRE_BITS.KIND);
      out.writeBits(t & 0xffff, WIRE_BITS.TICK_LOW);
      const known = this.#selectDelta(session.known);
      this.#writeChanges(known);
      this.#writeRankedRemovals(known);
    } else {
      out.writeBits(UPDATE_KIND.BASELINE, WIRE_BITS.KIND);
      out.writeBits(t & 0xffff, WIRE_BITS.TICK_LOW);
      writeExpGolomb(out, t - baseline - 1, 0);
      this.#selectSince(session, baseline);
      this.#writeIds(this.#removed, this.#nRemoved, false);
    }
    this.#writeIds(this.#upserts, this.#nUpserts, true);
    this.#countRaw();
    const bytes = out.finish();
    this.#stats.totalBits += (bytes.length - this.#reserveBytes) * 8;
    this.#stats.updates++;
    for (let c = 0; c < sent.length; c++) this.#reuseSent[c] = sent[c]! - this.#reuseSent[c]!;
    // A baseline update depends on the ring as well: not worth comparing, never reused.
    this.#reuse = kind === UPDATE_KIND.BASELINE ? null : { tick: t, kind, bytes };
    this.#reuseVisible.copyFrom(this.#visible);
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

  #selectAll(): void {
    const vis = this.#visible.words;
    for (let w = 0; w < vis.length; w++) {
      let bits = vis[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        this.#upserts[this.#nUpserts++] = (w << 5) + 31 - Math.clz32(low);
      }
    }
  }

  /**
   * Splits the client's known list into changed / removed (by rank) and visible ∧ ¬known
   * into upserts. Word-wise: a word with nothing changed or removed only adds its popcount
   * to the rank, so the cost follows the changes, not the entities in view.
   */
  #selectDelta(known: EntitySet): number {
    const vis = this.#visible.words;
    const kw = known.words;
    const changed = this.#enc.changed.words;
    let rank = 0;
    for (let w = 0; w < vis.length; w++) {
      const v = vis[w]!;
      const k = kw[w]!;
      let hits = (k & v & changed[w]!) | (k & ~v);
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
      let add = v & ~k;
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
