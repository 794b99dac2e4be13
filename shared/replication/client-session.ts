// The server's record of one client: what it holds (the entities of the last update sent),
// a ring of what it held after each recent update (to delta against any acknowledged tick),
// its acknowledgements, and — when it has a byte budget — what waits for it.

import { EntitySet } from "../world/entity-set.js";
import type { ByteBudget } from "./byte-budget.js";
import type { PriorityAccumulator } from "./priority-accumulator.js";

/** One connected client, as the replication server sees it. */
export class ClientSession {
  /** Entities the client holds after the last update sent to it. */
  readonly known: EntitySet;
  /** Tick of each ring slot (−1 when empty); slot = tick % ring size. */
  readonly ringTick: Float64Array;
  /**
   * Entities the client held after the update of the slot's tick; empty when deltas go
   * against the last update sent (see the constructor): the slot of that tick would only
   * repeat {@link known}.
   */
  readonly ringKnown: readonly EntitySet[];
  /** Tick of the last update sent (−1: none yet; the next one is FULL). */
  lastSentTick = -1;
  /** Last tick the client reported applied (−1: none). */
  lastAckedTick = -1;
  /**
   * Held entities whose values are behind the shared replica (a change the budget did not
   * let through): they get a full state, not a delta, when their turn comes.
   */
  readonly stale: EntitySet;
  /** How many entities {@link stale} holds. */
  staleCount = 0;
  /** The client's state budget (null: unlimited). */
  budget: ByteBudget | null = null;
  /** Priorities of what waits; created the first time the budget is short. */
  priorities: PriorityAccumulator | null = null;
  /** Estimated addressing bits per entity in a budgeted update (learnt from the last one). */
  addressBits = 8;

  /**
   * @param capacity id space
   * @param ringSize baseline ring length (ticks whose acknowledgement is taken)
   * @param ringViews whether to keep what the client held at each tick of the ring: needed
   *   only when deltas may go against an older tick than the last sent ("last-acked"). With
   *   "last-sent" every update builds on the last one, so what the client holds is
   *   {@link known}; a 1,000-player room then skips a write of its whole id space per client
   *   per tick into 32 sets it never reads (40 KB per client at 10,000 ids).
   */
  constructor(capacity: number, ringSize: number, ringViews = true) {
    this.known = new EntitySet(capacity);
    this.stale = new EntitySet(capacity);
    this.ringTick = new Float64Array(ringSize).fill(-1);
    this.ringKnown = ringViews
      ? Array.from({ length: ringSize }, () => new EntitySet(capacity))
      : [];
  }

  /** True when the ring still holds what the client had after `tick`. */
  holds(tick: number): boolean {
    return tick >= 0 && this.ringTick[tick % this.ringTick.length] === tick;
  }

  /** Records that the update of `tick` leaves the client holding `held`. */
  record(tick: number, held: EntitySet): void {
    this.known.copyFrom(held);
    const slot = tick % this.ringTick.length;
    this.ringTick[slot] = tick;
    if (this.ringKnown.length > 0) this.ringKnown[slot]!.copyFrom(held);
    this.lastSentTick = tick;
  }

  /**
   * Takes the client's report that it applied `tick`. Ignored (false) unless it is newer
   * than the last ack, not newer than what was sent, and still in the ring: the value comes
   * off the wire.
   */
  acknowledge(tick: number): boolean {
    if (
      !Number.isInteger(tick) ||
      tick <= this.lastAckedTick ||
      tick > this.lastSentTick ||
      !this.holds(tick)
    )
      return false;
    this.lastAckedTick = tick;
    return true;
  }

  /** Forgets everything sent: the next update is FULL (e.g. after a resync request). */
  reset(): void {
    this.known.clear();
    this.stale.clear();
    this.staleCount = 0;
    this.priorities?.clear();
    this.ringTick.fill(-1);
    this.lastSentTick = -1;
    this.lastAckedTick = -1;
  }
}
