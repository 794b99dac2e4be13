// How long the room has been silent to a connection — no snapshot and no pong — counted over
// the connection's polls, so a dead link is found even when the platform never reports it (a
// half-open TCP connection never does). Time the client was not running is not silence.

/**
 * A gap between two polls longer than this (ms) is time the client was not running or a
 * clock jump, not silence from the room (polls are due every 4–8 ms; a busy event loop
 * stretches that to tens or hundreds).
 */
export const POLL_GAP_MS = 1_000;

/** The room's silence as a connection's polls measure it. */
export class SilenceWatch {
  /**
   * Milliseconds of the room's silence, summed over poll gaps (not a timestamp: a clock that
   * jumps between a frame and the next poll would move a timestamp's meaning with it).
   */
  #silentMs = 0;
  /** When the link was last polled, on the connection's clock (ms): see {@link POLL_GAP_MS}. */
  #lastPoll: number;

  /** @param at the connection's clock now (ms) */
  constructor(at: number) {
    this.#lastPoll = at;
  }

  /** The room was heard from (a frame arrived, or a new link was welcomed). */
  heard(): void {
    this.#silentMs = 0;
  }

  /**
   * A poll at `at`. Polls run every few ms: a longer gap is time this client was not running
   * (a frozen tab or process, a suspended machine) or its clock jumping, forward or back.
   * Nothing could be heard then, so the gap is not the room's silence: it is skipped.
   */
  polled(at: number): void {
    const gap = at - this.#lastPoll;
    this.#lastPoll = at;
    if (gap > 0 && gap <= POLL_GAP_MS) this.#silentMs += gap;
  }

  /** Whether the room has been silent for longer than `idleMs` (undefined: never). */
  longerThan(idleMs: number | undefined): boolean {
    return idleMs !== undefined && this.#silentMs > idleMs;
  }
}
