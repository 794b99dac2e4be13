// A GameRoom's timers while it ticks. The core turns ticking on with its first connection and
// off with its last (RoomSink.setTicking); on, the room runs the tick interval and, beside it,
// its coarse timers — the players' data saves and the usage flush — and starts its snapshots,
// its grace watch, its history row and its search entry; off, all of it stops or is written
// once more, and the object may hibernate.

import type { RoomRun } from "./room-run.js";
import { type RoomUsage, USAGE_FLUSH_MS } from "./room-usage.js";

/** How often a running room saves changed player data, in ms. */
export const PLAYER_DATA_SAVE_INTERVAL_MS = 30_000;

/** What the timers need of their GameRoom. */
export interface RoomTickingHost {
  readonly usage: RoomUsage;
  waitUntil(work: Promise<unknown>): void;
  /** Arms (or clears) the room's grace alarm for the room as it is now (room-grace.ts). */
  armGraceAlarm(): Promise<void>;
}

/** The tick interval and the coarse timers of a room while it ticks. */
export class RoomTicking {
  readonly #host: RoomTickingHost;
  #timer: ReturnType<typeof setInterval> | undefined;
  #saveTimer: ReturnType<typeof setInterval> | undefined;
  #usageTimer: ReturnType<typeof setInterval> | undefined;
  /** The most players seated at once since the room started ticking (its history row). */
  #peakPlayers = 0;

  constructor(host: RoomTickingHost) {
    this.#host = host;
  }

  /** A player was seated: `playerCount` are now. */
  seated(playerCount: number): void {
    this.#peakPlayers = Math.max(this.#peakPlayers, playerCount);
  }

  /** Starts (`on`) or stops `run`'s ticking; a repeated call changes nothing. */
  set(run: RoomRun, on: boolean): void {
    const { core } = run;
    const host = this.#host;
    if (on && !this.#timer) {
      // A running interval keeps the object awake and bills duration: only while occupied.
      const waitUntil = (work: Promise<unknown>) => host.waitUntil(work);
      this.#timer = setInterval(() => {
        const now = Date.now();
        run.driver.update(now);
        // A zone's messages to its neighbours and the world leave after the tick, unawaited.
        run.zone?.afterUpdate(now, waitUntil);
      }, core.tickIntervalMs);
      // Players' data is saved on its own coarse timer, never from the tick.
      this.#saveTimer = setInterval(
        () => void run.playerData.flush(),
        PLAYER_DATA_SAVE_INTERVAL_MS,
      );
      this.#peakPlayers = core.playerCount;
      // Usage goes to D1 on its own coarse timer too, and once more when the room empties.
      host.usage.awake(true);
      this.#usageTimer = setInterval(() => host.usage.flush(), USAGE_FLUSH_MS);
      run.persistence.start();
      void host.armGraceAlarm();
      void run.sessions.start(Date.now());
      run.registry.start();
    } else if (!on && this.#timer) {
      clearInterval(this.#timer);
      if (this.#saveTimer) clearInterval(this.#saveTimer);
      this.#timer = undefined;
      this.#saveTimer = undefined;
      if (this.#usageTimer) clearInterval(this.#usageTimer);
      this.#usageTimer = undefined;
      host.usage.awake(false);
      host.usage.flush();
      // An emptied zone tells the world at once (its last report counted players).
      run.zone?.afterUpdate(Date.now(), (work) => host.waitUntil(work), true);
      void run.persistence.stop();
      void host.armGraceAlarm();
      // Ticks are numbered from 0: the last tick + 1 is the count run by this object.
      void run.sessions.end(Date.now(), this.#peakPlayers, core.tick + 1);
      run.registry.stop();
    }
  }
}
