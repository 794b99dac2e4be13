// The receive side of one speaker: frames arrive in bursts (a WebSocket stalls, then
// delivers a backlog) and are played out one per 20 ms slot. A spurt starts playing a target
// delay after its first frame arrived; the target follows the measured jitter (a high
// quantile of how late frames came against the spurt's earliest timeline). While playing, a
// missing frame with a later one already here is lost (concealed, skipped); a missing frame
// with nothing after it is late: the slot is concealed and the frame still awaited, which
// lengthens the delay by a slot (as an adaptive buffer stretches); once the stall's backlog
// arrives, its oldest frames are dropped to give that delay back, so a stall adds no lasting
// delay. A buffer that stays deeper than twice the target is shed too: the sender's clock
// runs a little faster than the playout's.

import { voiceSeqAdd, voiceSeqDiff } from "./voice-seq.js";

/** Options of a {@link JitterBuffer}; times in ms. */
export interface JitterBufferOptions {
  /**
   * Duration of one frame (one slot of playout), ms.
   * @default 20
   */
  frameMs?: number;
  /**
   * Least playout delay after a spurt's first frame, ms.
   * @default 40
   */
  minDelayMs?: number;
  /**
   * Most playout delay, ms: jitter beyond it is concealed rather than waited for.
   * @default 400
   */
  maxDelayMs?: number;
  /**
   * Consecutive slots concealed while waiting for a late frame before the spurt is taken as
   * over (its END lost, or the speaker gone).
   * @default 5
   */
  maxWaitSlots?: number;
  /**
   * How many recent arrivals the jitter is measured over.
   * @default 100
   */
  window?: number;
}

/** The defaults of {@link JitterBufferOptions}. */
export const DEFAULT_JITTER_BUFFER_OPTIONS: Required<JitterBufferOptions> = {
  frameMs: 20,
  minDelayMs: 40,
  maxDelayMs: 400,
  maxWaitSlots: 5,
  window: 100,
};

/** What one slot of playout holds: a frame to decode, a slot to conceal, or a spurt's end. */
export type PlayoutSlot =
  | { readonly kind: "frame"; readonly seq: number; readonly payload: Uint8Array }
  | { readonly kind: "conceal"; readonly seq: number }
  | { readonly kind: "end" };

/** Counters of a {@link JitterBuffer}. */
export interface JitterBufferStats {
  /** Frames accepted into the buffer. */
  received: number;
  /** Frames that came after their slot was played or skipped (dropped). */
  late: number;
  /** Frames refused on arrival: duplicates, or too far ahead of the frames held. */
  dropped: number;
  /** Frames accepted, then dropped unplayed to shed a backlog. */
  shed: number;
  /** Frames given up as lost (a later frame came first). */
  lost: number;
  /** Slots concealed (lost frames and waits for late ones). */
  concealed: number;
}

/** Most frames held at once: 1.28 s at 20 ms, above any allowed delay. */
const CAPACITY = 64;
/** Quantile of the measured lateness the target delay covers. */
const QUANTILE = 0.95;

/** An adaptive jitter buffer for one speaker's frames (u16 sequence numbers). */
export class JitterBuffer {
  readonly #o: Required<JitterBufferOptions>;
  readonly #payloads: (Uint8Array | undefined)[] = new Array(CAPACITY);
  readonly #seqs = new Int32Array(CAPACITY).fill(-1);
  readonly #ends = new Uint8Array(CAPACITY);
  readonly #arrivals = new Float64Array(CAPACITY);
  /** Recent lateness samples (ms), a ring of `window`. */
  readonly #lateness: Float64Array;
  #samples = 0;
  #nextSample = 0;
  #target: number;
  #playing = false;
  /** While playing: the sequence of the next slot and when it is due. */
  #nextSeq = 0;
  #nextAt = 0;
  #waits = 0;
  /** Delay added to the playing spurt by waiting for late frames, ms (shed again later). */
  #stretch = 0;
  /** The last sequence played or skipped; only later frames are accepted (-1: none yet). */
  #lastSeq = -1;
  #held = 0;
  #newest = 0;
  /**
   * The arriving spurt's timeline: each recent frame's arrival − its index in the spurt ×
   * frameMs (a ring of `window`), whose minimum is the earliest any frame could be expected.
   */
  readonly #timeline: Float64Array;
  #timelines = 0;
  #nextTimeline = 0;
  #spurtSeq = 0;
  #spurtOpen = false;
  readonly stats: JitterBufferStats = {
    received: 0,
    late: 0,
    dropped: 0,
    shed: 0,
    lost: 0,
    concealed: 0,
  };

  /** @throws RangeError naming the option when one is out of range */
  constructor(options: JitterBufferOptions = {}) {
    const o = { ...DEFAULT_JITTER_BUFFER_OPTIONS, ...options };
    if (!(o.frameMs > 0)) throw new RangeError("jitter.frameMs must be > 0");
    if (!(o.minDelayMs >= 0)) throw new RangeError("jitter.minDelayMs must be >= 0");
    if (!(o.maxDelayMs >= o.minDelayMs && o.maxDelayMs <= (CAPACITY / 2) * o.frameMs))
      throw new RangeError("jitter.maxDelayMs must be in [minDelayMs, 32 frames]");
    if (!(Number.isInteger(o.maxWaitSlots) && o.maxWaitSlots >= 0))
      throw new RangeError("jitter.maxWaitSlots must be an integer >= 0");
    if (!(Number.isInteger(o.window) && o.window > 0))
      throw new RangeError("jitter.window must be an integer > 0");
    this.#o = o;
    this.#lateness = new Float64Array(o.window);
    this.#timeline = new Float64Array(o.window);
    this.#target = o.minDelayMs;
  }

  /** The playout delay a spurt starts with, ms (between minDelayMs and maxDelayMs). */
  get targetDelayMs(): number {
    return this.#target;
  }

  /** Whether a spurt is playing (the speaker is heard). */
  get playing(): boolean {
    return this.#playing;
  }

  /** Frames held, waiting for their slot. */
  get held(): number {
    return this.#held;
  }

  /**
   * Takes a frame that arrived at `arrivalMs`: sequence `seq` (u16), its Opus `payload`
   * (empty for a bare spurt-end marker) and whether it ends the spurt. Returns false when it
   * was dropped (late, a duplicate, or too far ahead of the frames held).
   */
  push(seq: number, payload: Uint8Array, end: boolean, arrivalMs: number): boolean {
    if (this.#lastSeq >= 0 && voiceSeqDiff(seq, this.#lastSeq) <= 0) {
      this.stats.late++;
      return false;
    }
    const i = seq % CAPACITY;
    const tooFar = this.#held > 0 && Math.abs(voiceSeqDiff(seq, this.#oldest())) >= CAPACITY / 2;
    if (this.#seqs[i] !== -1 || tooFar) {
      this.stats.dropped++;
      return false;
    }
    this.#seqs[i] = seq;
    this.#payloads[i] = payload;
    this.#ends[i] = end ? 1 : 0;
    this.#arrivals[i] = arrivalMs;
    if (this.#held === 0 || voiceSeqDiff(seq, this.#newest) > 0) this.#newest = seq;
    this.#held++;
    this.stats.received++;
    this.#measure(seq, arrivalMs);
    // The next frame starts a new spurt: its silence before is no lateness.
    if (end) this.#spurtOpen = false;
    return true;
  }

  /**
   * The slot due at `nowMs`, if one is: call it in a loop until undefined (several are due
   * when the caller ran late).
   */
  pull(nowMs: number): PlayoutSlot | undefined {
    if (!this.#playing) {
      if (this.#held === 0) return undefined;
      const first = this.#oldest();
      const startAt = this.#arrivals[first % CAPACITY]! + this.#target;
      if (nowMs < startAt) return undefined;
      this.#playing = true;
      this.#nextSeq = first;
      this.#nextAt = startAt;
      this.#waits = 0;
      this.#stretch = 0;
    }
    if (nowMs < this.#nextAt) return undefined;
    this.#shed();
    const seq = this.#nextSeq;
    const i = seq % CAPACITY;
    if (this.#seqs[i] === seq) {
      const payload = this.#payloads[i]!;
      const end = this.#ends[i] === 1;
      this.#take(i);
      this.#advance();
      if (end) this.#playing = false;
      if (payload.length > 0) return { kind: "frame", seq, payload };
      return end ? { kind: "end" } : this.pull(nowMs);
    }
    this.stats.concealed++;
    if (this.#held > 0) {
      // A later frame is here: this one is lost, not late.
      this.stats.lost++;
      this.#advance();
      return { kind: "conceal", seq };
    }
    if (++this.#waits > this.#o.maxWaitSlots) {
      // Nothing for a while: the spurt's end was lost or the speaker went away.
      this.stats.concealed--;
      this.#playing = false;
      this.#spurtOpen = false;
      return { kind: "end" };
    }
    // Late: conceal this slot and wait for the frame one slot longer.
    this.#nextAt += this.#o.frameMs;
    this.#stretch += this.#o.frameMs;
    return { kind: "conceal", seq };
  }

  /** The oldest held sequence (when held > 0; all held frames lie within 32 of the newest). */
  #oldest(): number {
    let seq = this.#newest;
    for (let k = 1; k < CAPACITY / 2; k++) {
      const s = voiceSeqAdd(this.#newest, -k);
      if (this.#seqs[s % CAPACITY] === s) seq = s;
    }
    return seq;
  }

  #take(i: number): void {
    this.#seqs[i] = -1;
    this.#payloads[i] = undefined;
    this.#held--;
  }

  #advance(): void {
    this.#lastSeq = this.#nextSeq;
    this.#nextSeq = voiceSeqAdd(this.#nextSeq, 1);
    this.#nextAt += this.#o.frameMs;
    this.#waits = 0;
  }

  /**
   * Drops the next frame while the buffer is deeper than it should be: deeper than the
   * target after waits for late frames stretched the spurt (giving that delay back once the
   * stall's backlog is here), or deeper than twice the target plus two slots at any time (a
   * sender whose clock runs faster than the playout's fills the buffer slowly otherwise).
   */
  #shed(): void {
    const { frameMs } = this.#o;
    for (;;) {
      const ahead = voiceSeqDiff(this.#newest, this.#nextSeq) * frameMs;
      const deep = this.#stretch > 0 ? ahead > this.#target : ahead > 2 * this.#target + frameMs;
      if (this.#held < 2 || !deep) return;
      const i = this.#nextSeq % CAPACITY;
      if (this.#seqs[i] === this.#nextSeq) {
        if (this.#ends[i] === 1) return; // a spurt's end is never skipped
        this.#take(i);
        this.stats.shed++;
      }
      this.#stretch = Math.max(0, this.#stretch - frameMs);
      this.#lastSeq = this.#nextSeq;
      this.#nextSeq = voiceSeqAdd(this.#nextSeq, 1);
    }
  }

  /**
   * Records how late the frame came against its spurt's earliest timeline over the recent
   * window (a window, not the whole spurt: the sender's clock drifts from ours, which would
   * read as ever-growing lateness over a long spurt), and sets the target delay to cover the
   * {@link QUANTILE} of the recent lateness.
   */
  #measure(seq: number, arrivalMs: number): void {
    const { frameMs, minDelayMs, maxDelayMs } = this.#o;
    let at = arrivalMs - voiceSeqDiff(seq, this.#spurtSeq) * frameMs;
    // A new spurt, or one whose start was lost so long ago that it cannot be measured.
    if (!this.#spurtOpen || Math.abs(at - this.#timelineMin()) > maxDelayMs + frameMs) {
      this.#spurtOpen = true;
      this.#spurtSeq = seq;
      this.#timelines = 0;
      at = arrivalMs;
    }
    this.#timeline[this.#nextTimeline] = at;
    this.#nextTimeline = (this.#nextTimeline + 1) % this.#timeline.length;
    if (this.#timelines < this.#timeline.length) this.#timelines++;
    this.#lateness[this.#nextSample] = at - this.#timelineMin();
    this.#nextSample = (this.#nextSample + 1) % this.#lateness.length;
    if (this.#samples < this.#lateness.length) this.#samples++;
    const sorted = this.#lateness.slice(0, this.#samples).sort();
    const q = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * QUANTILE))]!;
    this.#target = Math.min(maxDelayMs, Math.max(minDelayMs, q));
  }

  /** The earliest timeline value of the spurt's recent frames (Infinity before any). */
  #timelineMin(): number {
    let min = Number.POSITIVE_INFINITY;
    for (let k = 1; k <= this.#timelines; k++) {
      const i = (this.#nextTimeline - k + this.#timeline.length) % this.#timeline.length;
      if (this.#timeline[i]! < min) min = this.#timeline[i]!;
    }
    return min;
  }
}
