// Clock synchronisation from PING/PONG: each sample gives a round trip and the server's
// clock at about its midpoint. Samples delayed by queuing only ever lengthen the round
// trip, so the offset is taken from the fastest sample of a recent window (the one whose
// midpoint guess is best), while the RTT reported is the latest and the jitter its spread.

/** Options of {@link ClockSync}. */
export interface ClockSyncOptions {
  /**
   * Samples kept; the offset comes from the fastest of them.
   * @default 8
   */
  window?: number;
}

/** Server clock, round-trip time and RTT jitter estimated from ping samples. */
export class ClockSync {
  readonly #rtts: Float64Array;
  readonly #offsets: Float64Array;
  #count = 0;
  #next = 0;
  #rtt = 0;
  #jitter = 0;
  #offset = 0;

  constructor(options: ClockSyncOptions = {}) {
    const window = options.window ?? 8;
    if (!Number.isInteger(window) || window < 1) throw new RangeError("sync.window must be ≥ 1");
    this.#rtts = new Float64Array(window);
    this.#offsets = new Float64Array(window);
  }

  /** Samples taken so far (the estimates are 0 before the first). */
  get samples(): number {
    return this.#count;
  }

  /** Latest round-trip time, ms. */
  get rtt(): number {
    return this.#rtt;
  }

  /** Smallest round-trip time in the window, ms. */
  get minRtt(): number {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < Math.min(this.#count, this.#rtts.length); i++)
      best = Math.min(best, this.#rtts[i]!);
    return this.#count === 0 ? 0 : best;
  }

  /** Mean deviation of successive round trips (RFC 3550 style, gain 1/16), ms. */
  get jitter(): number {
    return this.#jitter;
  }

  /** Server clock minus local clock, ms. */
  get offset(): number {
    return this.#offset;
  }

  /** The server's clock at local time `now`, ms. */
  serverTime(now: number): number {
    return now + this.#offset;
  }

  /**
   * Adds a sample: a ping sent at local `sentAt`, answered with the server's `serverTime`,
   * received at local `receivedAt` (ms).
   */
  add(sentAt: number, serverTime: number, receivedAt: number): void {
    const rtt = Math.max(0, receivedAt - sentAt);
    if (this.#count > 0) this.#jitter += (Math.abs(rtt - this.#rtt) - this.#jitter) / 16;
    this.#rtt = rtt;
    this.#rtts[this.#next] = rtt;
    // The server read its clock about half a round trip after we sent.
    this.#offsets[this.#next] = serverTime - (sentAt + rtt / 2);
    this.#next = (this.#next + 1) % this.#rtts.length;
    this.#count++;
    let best = 0;
    const n = Math.min(this.#count, this.#rtts.length);
    for (let i = 1; i < n; i++) if (this.#rtts[i]! < this.#rtts[best]!) best = i;
    this.#offset = this.#offsets[best]!;
  }
}
