// A replay's virtual clock: the playback position in ms from the replay's start, moved by
// the real time between frames times the speed while playing. The caller's frame times
// drive it (render(now)), so tests run it on a manual clock.

/** Slowest and fastest playback speeds. */
export const MIN_REPLAY_SPEED = 0.25;
export const MAX_REPLAY_SPEED = 8;

/** Playback position, speed and whether it runs. */
export class ReplayClock {
  readonly #duration: number;
  #time = 0;
  #speed = 1;
  #playing = false;
  /** The real time of the last frame, ms (undefined: the next frame only starts counting). */
  #last: number | undefined;

  /** @param durationMs the replay's length, ms */
  constructor(durationMs: number) {
    this.#duration = durationMs;
  }

  /** Position, ms from the start, in [0, duration]. */
  get time(): number {
    return this.#time;
  }

  get duration(): number {
    return this.#duration;
  }

  get playing(): boolean {
    return this.#playing;
  }

  /** Playback rate: 1 real time, 2 twice as fast. */
  get speed(): number {
    return this.#speed;
  }

  /** @throws RangeError outside [0.25, 8] */
  set speed(speed: number) {
    if (!(speed >= MIN_REPLAY_SPEED && speed <= MAX_REPLAY_SPEED))
      throw new RangeError(
        `replay speed must be in [${MIN_REPLAY_SPEED}, ${MAX_REPLAY_SPEED}], got ${speed}`,
      );
    this.#speed = speed;
  }

  /** Runs from the next frame on. */
  play(): void {
    this.#playing = true;
    this.#last = undefined;
  }

  pause(): void {
    this.#playing = false;
  }

  /** Moves to `ms`, clamped to [0, duration]; returns the position. */
  seek(ms: number): number {
    this.#time = Math.min(this.#duration, Math.max(0, ms));
    return this.#time;
  }

  /**
   * A frame at real time `now` (ms): while playing, the position moves by the time since
   * the last frame × speed, up to the end. Returns the position.
   */
  advance(now: number): number {
    if (this.#playing && this.#last !== undefined) {
      const elapsed = Math.max(0, now - this.#last);
      this.#time = Math.min(this.#duration, this.#time + elapsed * this.#speed);
    }
    this.#last = now;
    return this.#time;
  }

  /** A frame at real time `now` that moves nothing (the player is busy seeking). */
  wait(now: number): void {
    this.#last = now;
  }

  /** Holds the position at `ms` if it went past (the data for later is not loaded yet). */
  holdAt(ms: number): void {
    if (this.#time > ms) this.#time = Math.max(0, ms);
  }
}
