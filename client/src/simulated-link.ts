// One direction of a simulated network link, driven by a manual clock: frames offered at a
// time come out of `poll(now)` when due. Two models:
// - ordered (a WebSocket: TCP underneath): every frame waits latency + uniform jitter; a
//   "lost" frame is retransmitted and arrives `retransmitMs` later, and since the stream is
//   ordered nothing overtakes it (head-of-line blocking). No frame is ever dropped,
//   duplicated or reordered.
// - unordered (an unreliable channel): a lost frame is dropped; frames may be duplicated
//   and, through jitter, reordered.

import { mulberry32 } from "../../shared/random/mulberry32.js";

/** Conditions of a simulated link direction. */
export interface SimulatedLinkOptions {
  /**
   * Delay added to every frame, ms (one way).
   * @default 0
   */
  latencyMs?: number;
  /**
   * Extra delay, uniform in [0, jitterMs], per frame, ms.
   * @default 0
   */
  jitterMs?: number;
  /**
   * Probability a frame is lost (0–1): dropped when unordered, retransmitted when ordered.
   * @default 0
   */
  loss?: number;
  /**
   * Probability a frame is delivered twice (unordered only).
   * @default 0
   */
  duplicate?: number;
  /**
   * True for a reliable ordered stream (WebSocket), false for an unreliable channel.
   * @default true
   */
  ordered?: boolean;
  /**
   * Extra delay of a lost frame on an ordered stream (the retransmission), ms.
   * @default max(200, 2 × latencyMs)
   */
  retransmitMs?: number;
  /**
   * Seed of the link's random draws.
   * @default 1
   */
  seed?: number;
}

/** One direction of a simulated link. */
export class SimulatedLink<T> {
  readonly #latency: number;
  readonly #jitter: number;
  readonly #loss: number;
  readonly #duplicate: number;
  readonly #ordered: boolean;
  readonly #retransmit: number;
  readonly #random: () => number;
  readonly #queue: { at: number; order: number; item: T }[] = [];
  #order = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  /** Frames lost (dropped, or retransmitted on an ordered link). */
  lost = 0;

  constructor(options: SimulatedLinkOptions = {}) {
    this.#latency = options.latencyMs ?? 0;
    this.#jitter = options.jitterMs ?? 0;
    this.#loss = options.loss ?? 0;
    this.#duplicate = options.duplicate ?? 0;
    this.#ordered = options.ordered ?? true;
    this.#retransmit = options.retransmitMs ?? Math.max(200, 2 * this.#latency);
    this.#random = mulberry32(options.seed ?? 1);
    for (const [name, p] of [
      ["loss", this.#loss],
      ["duplicate", this.#duplicate],
    ] as const)
      if (!(p >= 0 && p <= 1)) throw new RangeError(`link.${name} must be in [0, 1], got ${p}`);
  }

  /** Frames in flight. */
  get size(): number {
    return this.#queue.length;
  }

  /** Offers a frame at `now`. */
  send(item: T, now: number): void {
    let at = now + this.#latency + this.#random() * this.#jitter;
    const lost = this.#random() < this.#loss;
    if (lost) this.lost++;
    if (this.#ordered) {
      if (lost) at += this.#retransmit;
      at = Math.max(at, this.#lastAt);
      this.#lastAt = at;
    } else {
      if (lost) return;
      if (this.#random() < this.#duplicate)
        this.#push(now + this.#latency + this.#random() * this.#jitter, item);
    }
    this.#push(at, item);
  }

  /** Removes and returns the frames due at `now`, in delivery order. */
  poll(now: number): T[] {
    if (this.#queue.length === 0 || this.#queue[0]!.at > now) return [];
    const due: T[] = [];
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now) due.push(this.#queue.shift()!.item);
    return due;
  }

  #push(at: number, item: T): void {
    const entry = { at, order: this.#order++, item };
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1]!.at > at) i--;
    this.#queue.splice(i, 0, entry);
  }
}
