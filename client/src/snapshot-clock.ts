// The timeline remote entities are rendered on. Each SNAPSHOT of tick T arriving at local
// time a is a sample of a − T·tick: the transit plus a constant. Its minimum over a window
// aligns a tick clock with the fastest deliveries ("the newest data, as early as the link
// allows"); rendering runs `delay` behind it, and the jitter (RFC 3550 style, over those
// samples) tells how much delay is needed. The render clock never jumps in steady state: it
// runs up to ±10% fast or slow to reach its target, and only snaps on a large error.

/** Largest render clock rate change while catching up, as a fraction. */
const MAX_SLEW = 0.1;
/** An error beyond this (ticks) snaps the render clock (first snapshot, long stalls). */
const SNAP_TICKS = 8;

/** Server tick estimate from snapshot arrivals, with jitter, loss and the render clock. */
export class SnapshotClock {
  readonly #tickMs: number;
  readonly #transits: Float64Array;
  #count = 0;
  #next = 0;
  #minTransit = 0;
  #lastTransit = 0;
  #jitter = 0;
  #newest = -1;
  #received = 0;
  #missed = 0;
  #render = Number.NaN;
  #renderAt = 0;

  /** @param tickMs server tick length, ms @param window snapshots of transit history */
  constructor(tickMs: number, window = 90) {
    this.#tickMs = tickMs;
    this.#transits = new Float64Array(window);
  }

  /** Newest snapshot tick received, or −1. */
  get newestTick(): number {
    return this.#newest;
  }

  /** Arrival jitter of snapshots, ms. */
  get jitter(): number {
    return this.#jitter;
  }

  /** Snapshots received. */
  get received(): number {
    return this.#received;
  }

  /** Ticks never received (gaps in the snapshot sequence). */
  get missed(): number {
    return this.#missed;
  }

  /** Records the arrival of tick `tick`'s snapshot at local `now` (ms). */
  onSnapshot(tick: number, now: number): void {
    const transit = now - tick * this.#tickMs;
    if (this.#received > 0)
      this.#jitter += (Math.abs(transit - this.#lastTransit) - this.#jitter) / 16;
    this.#lastTransit = transit;
    if (this.#newest >= 0 && tick > this.#newest + 1) this.#missed += tick - this.#newest - 1;
    if (tick > this.#newest) this.#newest = tick;
    this.#received++;
    this.#transits[this.#next] = transit;
    this.#next = (this.#next + 1) % this.#transits.length;
    this.#count = Math.min(this.#count + 1, this.#transits.length);
    let low = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#count; i++) low = Math.min(low, this.#transits[i]!);
    this.#minTransit = low;
  }

  /** The newest tick as of `now` on the fastest-arrival timeline (fractional). */
  latestTick(now: number): number {
    return (now - this.#minTransit) / this.#tickMs;
  }

  /**
   * The tick to render remote entities at, `delayTicks` behind {@link latestTick}, moved
   * smoothly from the previous call. NaN before the first snapshot.
   */
  renderTick(now: number, delayTicks: number): number {
    if (this.#received === 0) return Number.NaN;
    const target = this.latestTick(now) - delayTicks;
    if (Number.isNaN(this.#render)) {
      this.#render = target;
      this.#renderAt = now;
      return target;
    }
    const advance = Math.max(0, now - this.#renderAt) / this.#tickMs;
    this.#renderAt = now;
    const free = this.#render + advance;
    const error = target - free;
    if (Math.abs(error) > SNAP_TICKS) this.#render = target;
    else {
      const slew = MAX_SLEW * advance;
      this.#render = free + Math.max(-slew, Math.min(slew, error));
    }
    return this.#render;
  }
}
