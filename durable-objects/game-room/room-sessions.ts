// Room history in D1: a row when a room starts running and its totals when it empties.
// Writes happen on those two transitions only, never per tick. The repository retries D1's
// transient errors without doubling a row; a failure past its retries costs only history,
// so it is reported, not thrown.

import { RoomHistoryRepository } from "../../server/rooms/room-history-repository.js";

/** Records one room's sessions in the room_sessions table. */
export class RoomSessions {
  readonly #repo: RoomHistoryRepository;
  readonly #roomId: string;
  readonly #game: string;
  #current: Promise<number | undefined> | undefined;

  constructor(db: D1Database, roomId: string, game: string) {
    this.#repo = new RoomHistoryRepository(db);
    this.#roomId = roomId;
    this.#game = game;
  }

  /** A session starts at `now` (Unix ms). */
  start(now: number): Promise<unknown> {
    this.#current = this.#repo.start(this.#roomId, this.#game, now).catch((e: unknown) => {
      console.error(`room ${this.#roomId}: recording session start failed`, e);
      return undefined;
    });
    return this.#current;
  }

  /**
   * A restarted room's players never came back (room-grace.ts): the session an earlier run of
   * the object opened, whose row id it lost, ends at `now`; its peak and ticks stay unknown.
   */
  async abandoned(now: number): Promise<void> {
    if (this.#current) return; // this run opened a session: end() closes it
    await this.#repo
      .endOpen(this.#roomId, now)
      .catch((e: unknown) => console.error(`room ${this.#roomId}: ending session failed`, e));
  }

  /** The running session ends at `now` with its peak player count and ticks run. */
  async end(now: number, peakPlayers: number, ticks: number): Promise<void> {
    const id = await this.#current;
    this.#current = undefined;
    if (id === undefined) return;
    await this.#repo
      .end(id, now, peakPlayers, ticks)
      .catch((e: unknown) =>
        console.error(`room ${this.#roomId}: recording session end failed`, e),
      );
  }
}
