// The state rates of a room's players: each link's rate (link-rate.ts) starts from the room's
// `bytesPerSecond`, or the budget the host set for that player, and follows the client's RATE
// cap and its link's congestion; every change is handed on to the player's replication budget
// at once, so the next update is written against it. A room whose snapshots go unreliable
// (last-acked baselines) has no budgets: its rates are followed but never applied.

import type { ClientSession } from "../replication/client-session.js";
import type { ReplicationServer } from "../replication/replication-server.js";
import { LinkRate, type LinkRateLimits } from "./link-rate.js";
import { MIN_BYTES_PER_SECOND, type ResolvedRoomOptions } from "./room-options.js";

/** A player's link as far as its rate goes (room-player.ts's Player has both). */
export interface RatedLink {
  readonly replica: ClientSession;
  readonly rate: LinkRate;
}

/**
 * @example
 * const rates = new RoomRates(options, replication);
 * const rate = rates.start(playerId, replica);      // a new link, its budget set
 * rates.observe(player, ws.bufferedAmount);         // every tick, before its update
 */
export class RoomRates {
  readonly #replication: ReplicationServer;
  readonly #tickRate: number;
  /** The room's state budget per player, bytes per second. */
  readonly #roomRate: number;
  /** What a link's rate reacts to. */
  readonly #limits: LinkRateLimits;
  /** State budgets the host set for single players, bytes per second. */
  readonly #budgets = new Map<number, number>();
  /** False with unreliable snapshots: budgets need last-sent baselines. */
  readonly #budgeted: boolean;

  constructor(options: ResolvedRoomOptions, replication: ReplicationServer) {
    this.#replication = replication;
    this.#tickRate = options.tickRate;
    this.#roomRate = options.bytesPerSecond;
    this.#budgeted = options.snapshotChannel === "reliable";
    this.#limits = {
      tickRate: options.tickRate,
      backpressureBytes: options.backpressureBytes,
      // A second of updates the client has not acknowledged: its link is not keeping up.
      maxAckLagTicks: options.tickRate,
      floorBytesPerSecond: MIN_BYTES_PER_SECOND,
    };
  }

  /**
   * The rate of a new link of `playerId` (no client cap until it sends RATE), already set as
   * the budget of its `replica`.
   */
  start(playerId: number, replica: ClientSession): LinkRate {
    const rate = new LinkRate(this.#limits, this.#baseRate(playerId));
    this.#apply({ replica, rate });
    return rate;
  }

  /**
   * Sets `playerId`'s budget, bytes per second (null: back to the room's); `link` is its
   * link when the player is connected, whose rate follows at once.
   * @throws RangeError below {@link MIN_BYTES_PER_SECOND} or not finite.
   */
  setBudget(playerId: number, bytesPerSecond: number | null, link: RatedLink | undefined): void {
    if (bytesPerSecond === null) this.#budgets.delete(playerId);
    else {
      if (!(bytesPerSecond >= MIN_BYTES_PER_SECOND) || !Number.isFinite(bytesPerSecond))
        throw new RangeError(`bytesPerSecond must be a finite number ≥ ${MIN_BYTES_PER_SECOND}`);
      this.#budgets.set(playerId, bytesPerSecond);
    }
    if (link?.rate.setBase(this.#baseRate(playerId))) this.#apply(link);
  }

  /** The client's own cap from its RATE message, bytes per second (0: none). */
  setClientCap(link: RatedLink, bytesPerSecond: number): void {
    if (link.rate.setClientCap(bytesPerSecond)) this.#apply(link);
  }

  /** Once per tick, before the player's update: `bufferedBytes` its socket holds unsent. */
  observe(link: RatedLink, bufferedBytes: number): void {
    const r = link.replica;
    // Backed up: unsent socket bytes, or sent ticks the client has not acknowledged.
    const lag = r.lastAckedTick < 0 ? 0 : r.lastSentTick - r.lastAckedTick;
    if (link.rate.observe(bufferedBytes, lag)) this.#apply(link);
  }

  /** The player left for good: a later player with its id starts from the room's rate. */
  forget(playerId: number): void {
    this.#budgets.delete(playerId);
  }

  #baseRate(playerId: number): number {
    return this.#budgets.get(playerId) ?? this.#roomRate;
  }

  /** Hands a link's rate to its replication budget. */
  #apply(link: RatedLink): void {
    if (!this.#budgeted) return;
    const bytesPerSecond = link.rate.bytesPerSecond;
    const tickRate = this.#tickRate;
    // A quarter second saved up: a fresh client's first update (its whole view) fits.
    const burstBytes = Math.max(bytesPerSecond / tickRate, bytesPerSecond / 4);
    this.#replication.setBudget(link.replica, { bytesPerSecond, tickRate, burstBytes });
  }
}
