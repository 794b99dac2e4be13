// The room's `clock` detector: a client may not acknowledge a tick the room has not run, nor
// claim a view (a lag-compensated shot) of a tick beyond the room's, or older than the rewind
// cap — each with the slack the game declares (fairPlay.clockSlack), converted to ticks once.

import type { Evidence } from "./fair-play-evidence.js";

/** The clock slack of one room, in ticks, and the evidence of a claim beyond it. */
export class ClockWatch {
  readonly #futureTicks: number;
  readonly #pastTicks: number;

  /**
   * @param slack how far ahead of and behind the room's tick a view may be, ms
   * @param maxRewindTicks the room's rewind cap (lag compensation), 0 without one: views
   * older than it plus the slack are "far past"
   */
  constructor(
    slack: { readonly futureMs: number; readonly pastMs: number },
    tickRate: number,
    maxRewindTicks: number,
  ) {
    this.#futureTicks = (slack.futureMs * tickRate) / 1000;
    this.#pastTicks = maxRewindTicks + (slack.pastMs * tickRate) / 1000;
  }

  /** The evidence against an acknowledgement of `ackTick` at room tick `roomTick`, if any. */
  acknowledged(ackTick: number, roomTick: number): Evidence | null {
    if (ackTick <= roomTick) return null;
    return {
      detector: "clock",
      measured: ackTick,
      limit: roomTick,
      unit: "tick",
      detail: "acknowledged a tick the room has not run",
    };
  }

  /** The evidence against a view of `viewTick` at room tick `roomTick`, if any. */
  viewed(viewTick: number, roomTick: number): Evidence | null {
    if (viewTick > roomTick + this.#futureTicks) {
      return {
        detector: "clock",
        measured: viewTick,
        limit: roomTick + this.#futureTicks,
        unit: "tick",
        detail: "a view of a tick the room has not run",
      };
    }
    if (viewTick < roomTick - this.#pastTicks) {
      return {
        detector: "clock",
        measured: viewTick,
        limit: roomTick - this.#pastTicks,
        unit: "tick",
        detail: "a view older than the rewind cap and its slack",
      };
    }
    return null;
  }
}
