// The timeline remote entities are rendered on. Each SNAPSHOT of tick T arriving at local
// time a is a sample of a − T·tick: the transit plus a constant. Its minimum over a window
// aligns a tick clock with the fastest deliveries ("the newest data, as early as the link
// allows"); rendering runs `delay` behind it, and the jitter (RFC 3550 style, over those
// samples) tells how much delay is needed. The render clock never jumps for an error it can
// make up by running faster or slower: it runs ±10% off real time for small errors and makes
// up a larger one at its size per SLEW_HORIZON_MS (up to twice real time, down to half),
// so a late sample on a fresh link, a jitter-raised delay or a zone that dropped time shows
// as entities speeding up or slowing down for a moment, never as every entity jumping. Only
// an error past SNAP_MS (a zone frozen for seconds) snaps it.

/** Rate change of the render clock for small errors, as a fraction of real time. */
const MIN_SLEW = 0.1;
/** The render clock makes up an error of e at e per this long (ms): faster when far off. */
const SLEW_HORIZON_MS = 1000;
/** Fastest the render clock runs while behind its target, as a multiple of real time. */
export const MAX_RATE = 2;
/** Slowest it runs while ahead of its target: never stopped, never backwards. */
export const MIN_RATE = 0.5;
/** An error past this (ms) snaps the render clock: no slew makes it up in reasonable time. */
export const SNAP_MS = 1000;
/** Transit samples kept, in ms of snapshots: a zone that dropped time is seen within it. */
const WINDOW_MS = 2000;

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
  #snaps = 0;

  /**
   * @param tickMs server tick length, ms
   * @param window snapshots of transit history (default: WINDOW_MS of them). The fastest
   *   transit in it sets the timeline; a shift up (the server dropped time after a stall) is
   *   only seen once the faster samples before it have left the window, and until then the
   *   render time runs ahead of the data (entities extrapolate, then hold).
   */
  constructor(tickMs: number, window = Math.ceil(WINDOW_MS / tickMs)) {
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

  /** Times the render clock snapped (its first setting not counted). */
  get snaps(): number {
    return this.#snaps;
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
    if (Math.abs(error) * this.#tickMs > SNAP_MS) {
      this.#render = target;
      this.#snaps++;
      return target;
    }
    // The fraction of real time added or taken: 10% at least, the error per horizon when it
    // is larger, within the rates' bounds; never past the target.
    const wanted = Math.max(MIN_SLEW, (Math.abs(error) * this.#tickMs) / SLEW_HORIZON_MS);
    const slew = Math.min(wanted, error > 0 ? MAX_RATE - 1 : 1 - MIN_RATE) * advance;
    this.#render = free + Math.max(-slew, Math.min(slew, error));
    return this.#render;
  }
}
