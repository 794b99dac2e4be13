// Clients in the same position (same tick, same kind of update, same visible set and, for a
// delta, the same known set, nothing stale) get byte-identical updates: the last update is
// kept and handed out again, so a broadcast room encodes once per tick and sends the same
// bytes to all. What it sent per component is kept with it, so the compression report counts
// a reused update like a written one.
//
// Keeping copies the update's visible and known sets (a 1,000-player room's are 2 KB each),
// which pays only when the next client is in the same position. Clients in the same position
// come in runs (a broadcast room: all of them), so a run is guessed from the view's size: an
// update is kept when its view holds as many entities as the one written before it, or when
// it is the tick's first. A room whose views all differ then copies almost nothing (the
// 1,000-player room: ~4 MB a tick less), and a run loses only its first reuse.

import { EntitySet } from "../world/entity-set.js";
import { UPDATE_KIND } from "./wire-format.js";

/** The last whole update an {@link UpdateWriter} wrote, and when it may be sent again. */
export class UpdateReuse {
  /** The kept update (a view into the writer's buffer, valid until it writes again); null: none. */
  #bytes: Uint8Array | null = null;
  #tick = -1;
  #kind = -1;
  /** Tick and view size of the last update offered to {@link keep}, kept or not. */
  #lastTick = -1;
  #lastCount = -1;
  readonly #visible: EntitySet;
  readonly #known: EntitySet;
  /** Per-component bits the last update written sent, added again when it is reused. */
  readonly #sent: Float64Array;
  /** Per-component raw bits its visible set counted (the same set for whoever reuses it). */
  readonly #raw: Float64Array;

  /** @param capacity id space @param components schema components */
  constructor(capacity: number, components: number) {
    this.#visible = new EntitySet(capacity);
    this.#known = new EntitySet(capacity);
    this.#sent = new Float64Array(components);
    this.#raw = new Float64Array(components);
  }

  /**
   * The kept update when it is exactly what a client needs for `tick` and `kind`, holding
   * `known` and with `visible` in view; null otherwise.
   */
  find(tick: number, kind: number, known: EntitySet, visible: EntitySet): Uint8Array | null {
    if (this.#bytes === null || this.#tick !== tick || this.#kind !== kind) return null;
    if (!sameWords(kind === UPDATE_KIND.DELTA ? this.#known : known, known)) return null;
    return sameWords(this.#visible, visible) ? this.#bytes : null;
  }

  /**
   * Keeps a whole update of `tick` for clients in the same position (`known`: before it), if
   * it may start or continue a run: the tick's first, or its view as large as the last
   * update's (`count`: entities in `visible`, −1 when not counted: always kept).
   */
  keep(
    tick: number,
    kind: number,
    bytes: Uint8Array,
    visible: EntitySet,
    known: EntitySet,
    count: number,
  ): void {
    const run = tick !== this.#lastTick || count < 0 || count === this.#lastCount;
    this.#lastTick = tick;
    this.#lastCount = count;
    if (!run) {
      this.#bytes = null;
      return;
    }
    this.#bytes = bytes;
    this.#tick = tick;
    this.#kind = kind;
    this.#visible.copyFrom(visible);
    if (kind === UPDATE_KIND.DELTA) this.#known.copyFrom(known);
  }

  /** Drops the kept update: the writer's buffer is about to hold another. */
  forget(): void {
    this.#bytes = null;
  }

  /** Before an update is written: the report's sent bits so far. */
  markSent(sent: Float64Array): void {
    for (let c = 0; c < sent.length; c++) this.#sent[c] = sent[c]!;
  }

  /** After it is written: keeps what it added to the report's sent bits. */
  measureSent(sent: Float64Array): void {
    for (let c = 0; c < sent.length; c++) this.#sent[c] = sent[c]! - this.#sent[c]!;
  }

  /** The kept update goes out again: its sent bits count again. */
  addSent(sent: Float64Array): void {
    for (let c = 0; c < sent.length; c++) sent[c] = sent[c]! + this.#sent[c]!;
  }

  /** Keeps the raw bits the kept update's visible set counted. */
  keepRaw(raw: Float64Array): void {
    this.#raw.set(raw);
  }

  /** The kept update goes out again: its visible set's raw bits count again. */
  addRaw(raw: Float64Array): void {
    for (let c = 0; c < raw.length; c++) raw[c] = raw[c]! + this.#raw[c]!;
  }
}

function sameWords(a: EntitySet, b: EntitySet): boolean {
  const x = a.words;
  const y = b.words;
  for (let w = 0; w < x.length; w++) if (x[w] !== y[w]) return false;
  return true;
}
