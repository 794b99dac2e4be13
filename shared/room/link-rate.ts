// One client's state rate: the lowest of the room's budget (or the one the game set for this
// player) and the client's own cap (RATE), scaled down while its link backs up. Backing up
// shows two ways: bytes the socket has not written yet (`bufferedAmount` on the DO side) and
// ticks sent that the client has not acknowledged. The scale halves at most every
// quarter second while either is over its limit and grows back by a fraction per tick once
// both are well under (AIMD, as TCP does), so a congested link sheds far and low-priority
// updates first — they are the ones the priority accumulator lets wait.

/** What a {@link LinkRate} reacts to. */
export interface LinkRateLimits {
  /** Ticks per second. */
  readonly tickRate: number;
  /** Socket backlog above which the link counts as backed up, bytes. */
  readonly backpressureBytes: number;
  /** Unacknowledged ticks above which the link counts as backed up. */
  readonly maxAckLagTicks: number;
  /** The rate never goes below this, bytes per second. */
  readonly floorBytesPerSecond: number;
}

/** The smallest fraction of its rate a congested client is cut to. */
const MIN_SCALE = 1 / 16;
/** {@link LinkRate}'s ticks since its last cut when it never was: above any tick rate. */
const NEVER_CUT = 0x3fffffff;
/** Fraction of the full rate won back per tick once the link is clear. */
const RECOVERY_PER_TICK = 1 / 60;

/**
 * @example
 * const rate = new LinkRate(limits, room.bytesPerSecond);
 * if (rate.observe(ws.bufferedAmount, sentTick - ackedTick)) server.setBudget(session, …rate.bytesPerSecond);
 */
export class LinkRate {
  readonly #limits: LinkRateLimits;
  #base: number;
  #clientCap = 0;
  #scale = 1;
  /** Ticks since the last cut, saturating (an integer: a double field is boxed in V8). */
  #ticksSinceCut = NEVER_CUT;
  #current: number;

  constructor(limits: LinkRateLimits, bytesPerSecond: number) {
    this.#limits = limits;
    this.#base = bytesPerSecond;
    this.#current = this.#compute();
  }

  /** The rate in force, bytes per second. */
  get bytesPerSecond(): number {
    return this.#current;
  }

  /** The congestion scale in (0, 1] (1: the link keeps up). */
  get scale(): number {
    return this.#scale;
  }

  /** The room's (or the game's) budget for this client changed. True when the rate did. */
  setBase(bytesPerSecond: number): boolean {
    this.#base = bytesPerSecond;
    return this.#update();
  }

  /** The client's own cap (0: none). True when the rate changed. */
  setClientCap(bytesPerSecond: number): boolean {
    this.#clientCap = bytesPerSecond;
    return this.#update();
  }

  /**
   * Once per tick, before the client's update: its socket backlog (bytes) and how many sent
   * ticks it has not acknowledged (0 for a client that never acknowledges). True when the
   * rate changed.
   */
  observe(bufferedBytes: number, ackLagTicks: number): boolean {
    const l = this.#limits;
    if (this.#ticksSinceCut < NEVER_CUT) this.#ticksSinceCut++;
    if (bufferedBytes > l.backpressureBytes || ackLagTicks > l.maxAckLagTicks) {
      // One cut per quarter second: the backlog needs time to show the last one's effect.
      if (this.#ticksSinceCut < l.tickRate / 4 || this.#scale === MIN_SCALE) return false;
      this.#scale = Math.max(MIN_SCALE, this.#scale / 2);
      this.#ticksSinceCut = 0;
      return this.#update();
    }
    const clear = bufferedBytes <= l.backpressureBytes / 2 && ackLagTicks <= l.maxAckLagTicks / 2;
    if (!clear || this.#scale === 1) return false;
    this.#scale = Math.min(1, this.#scale + RECOVERY_PER_TICK);
    return this.#update();
  }

  #update(): boolean {
    const next = this.#compute();
    if (next === this.#current) return false;
    this.#current = next;
    return true;
  }

  #compute(): number {
    const cap = this.#clientCap > 0 ? Math.min(this.#base, this.#clientCap) : this.#base;
    return Math.max(this.#limits.floorBytesPerSecond, cap * this.#scale);
  }
}
