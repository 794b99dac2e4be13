// The per-client half of the encoder: selecting and copying bits. A client's update is a
// header, then for each entity it holds that changed a copy of the shared delta bits
// (addressed by its rank in the client's sorted id list), its removals, and for each
// entity entering its view a copy of the shared full-state bits (addressed by id gaps); those
// lists are selected and written by update-lists.ts. No per-client value encoding happens
// here; see docs/replication.md for the layout.
//
// Clients in the same position get byte-identical updates: the last one is kept and handed out
// again (update-reuse.ts).
//
// A client with a byte budget gets everything when its worst-case size fits its credits (the
// usual case); otherwise UpdateSelection picks by accumulated priority, the update is written,
// and while its exact size overdraws the credits the least urgent pick is taken back out.

import { WordBitWriter } from "../bits/word-bit-writer.js";
import { EntitySet } from "../world/entity-set.js";
import type { ClientSession } from "./client-session.js";
import type { CompressionStats } from "./compression-stats.js";
import { RawCount } from "./raw-count.js";
import type { TickEncoder } from "./tick-encoder.js";
import { UpdateLists } from "./update-lists.js";
import { UpdateReuse } from "./update-reuse.js";
import { type PriorityFactor, UpdateSelection } from "./update-selection.js";
import { UPDATE_KIND, WIRE_BITS } from "./wire-format.js";

const EMPTY = new Uint8Array(0);

/** Assembles per-client updates from a {@link TickEncoder}'s shared bits. */
export class UpdateWriter {
  readonly #enc: TickEncoder;
  readonly #stats: CompressionStats;
  readonly #reserveBytes: number;
  readonly #out: WordBitWriter;
  readonly #visible: EntitySet;
  readonly #selection: UpdateSelection;
  /** The entities of the update being written (update-lists.ts). */
  readonly #lists: UpdateLists;
  /** What the client holds after the update being written. */
  readonly #held: EntitySet;
  /** sentBits before a budgeted attempt, restored when it is rewritten smaller. */
  readonly #sentMark: Float64Array;
  /** The last whole update written, for the next client in the same position. */
  readonly #reuse: UpdateReuse;
  /** Entities in {@link #visible}, −1 until counted. */
  #visibleCount = -1;
  /** The compression report's raw side, per update. */
  readonly #raw: RawCount;

  constructor(encoder: TickEncoder, stats: CompressionStats, reserveBytes: number) {
    this.#enc = encoder;
    this.#stats = stats;
    this.#reserveBytes = reserveBytes;
    this.#out = new WordBitWriter(reserveBytes, 1024);
    const n = encoder.world.capacity;
    this.#visible = new EntitySet(n);
    this.#reuse = new UpdateReuse(n, encoder.schema.components.length);
    this.#selection = new UpdateSelection(encoder);
    this.#lists = new UpdateLists(encoder, this.#selection, stats.sentBits);
    this.#held = new EntitySet(n);
    this.#sentMark = new Float64Array(encoder.schema.components.length);
    this.#raw = new RawCount(encoder);
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
    // Words past the span are zero in the replicated set, so they stay zero in the view.
    const span = this.#lists.span();
    for (let w = 0; w < span; w++) vis[w] = src[w]! & rep[w]!;
    // Counted by the selection when it can (update-lists.ts), else by RawCount.
    this.#visibleCount = -1;
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
    const reused = stale === 0 ? this.#reuse.find(t, kind, session.known, this.#visible) : null;
    if (reused !== null && (budget === null || reused.length <= budget.credits)) {
      budget?.spend(reused.length);
      session.priorities?.clear();
      return this.#reused(session, t, reused);
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
      if (stale === 0) this.#reuse.keepRaw(this.#raw.added);
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
    this.#reuse.forget();
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
    this.#raw.count(this.#visible, this.#visibleCount, this.#stats.rawBits);
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
    if (reusable)
      this.#reuse.keep(t, kind, bytes, this.#visible, session.known, this.#visibleCount);
    else this.#reuse.forget();
  }

  /**
   * FULL or DELTA: the header, then deltas, removals and full states — everything owed
   * (`whole`) or the selection's choice.
   */
  #writeSelected(kind: number, t: number, session: ClientSession, whole: boolean): Uint8Array {
    const out = this.#out;
    const sent = this.#stats.sentBits;
    this.#reuse.markSent(sent);
    const lists = this.#lists;
    out.reset();
    out.write(kind, WIRE_BITS.KIND);
    if (kind === UPDATE_KIND.FULL) {
      out.write(t, WIRE_BITS.TICK);
      lists.selectFull(whole ? this.#visible : this.#selection.full);
    } else {
      out.write(t & 0xffff, WIRE_BITS.TICK_LOW);
      lists.selectDelta(session, this.#visible, whole);
      lists.writeChanges(out);
      lists.writeRankedRemovals(out);
    }
    lists.writeUpserts(out);
    this.#reuse.measureSent(sent);
    if (whole) this.#visibleCount = lists.visibleCount;
    return out.finish();
  }

  /** BASELINE (last-acked baselines, never budgeted): full states of what changed since b. */
  #writeBaseline(session: ClientSession, t: number, baseline: number): Uint8Array {
    const out = this.#out;
    const lists = this.#lists;
    out.reset();
    out.write(UPDATE_KIND.BASELINE, WIRE_BITS.KIND);
    out.write(t & 0xffff, WIRE_BITS.TICK_LOW);
    out.writeExpGolomb(t - baseline - 1, 0);
    lists.selectSince(session, this.#visible, baseline);
    lists.writeRemovals(out);
    lists.writeUpserts(out);
    const bytes = out.finish();
    this.#finish(bytes);
    // A baseline update depends on the ring as well: not worth comparing, never reused.
    this.#reuse.forget();
    session.stale.clear();
    session.record(t, this.#visible);
    return bytes;
  }

  /** Hands the kept update out again, counting it as if it had been written. */
  #reused(session: ClientSession, tick: number, bytes: Uint8Array): Uint8Array {
    this.#reuse.addSent(this.#stats.sentBits);
    this.#stats.totalBits += (bytes.length - this.#reserveBytes) * 8;
    this.#stats.updates++;
    // Its visible set is the kept one's (find compared them): the same raw bits, not recounted.
    this.#reuse.addRaw(this.#stats.rawBits);
    session.record(tick, this.#visible);
    return bytes;
  }
}
