// Room history in D1: a row when a room starts running and its totals when it empties.
// Writes happen on those two transitions only, never per tick, and a failure costs only
// history, so it is reported and not retried.

/** Records one room's sessions in the room_sessions table. */
export class RoomSessions {
  readonly #db: D1Database;
  readonly #roomId: string;
  readonly #game: string;
  #current: Promise<number | undefined> | undefined;

  constructor(db: D1Database, roomId: string, game: string) {
    this.#db = db;
    this.#roomId = roomId;
    this.#game = game;
  }

  /** A session starts at `now` (Unix ms). */
  start(now: number): Promise<unknown> {
    this.#current = this.#db
      .prepare(
        "INSERT INTO room_sessions (room_id, game, started_at) VALUES (?, ?, ?) RETURNING id",
      )
      .bind(this.#roomId, this.#game, now)
      .first<{ id: number }>()
      .then((row) => row?.id)
      .catch((e: unknown) => {
        console.error(`room ${this.#roomId}: recording session start failed`, e);
        return undefined;
      });
    return this.#current;
  }

  /** The running session ends at `now` with its peak player count and ticks run. */
  async end(now: number, peakPlayers: number, ticks: number): Promise<void> {
    const id = await this.#current;
    this.#current = undefined;
    if (id === undefined) return;
    await this.#db
      .prepare("UPDATE room_sessions SET ended_at = ?, peak_players = ?, ticks = ? WHERE id = ?")
      .bind(now, peakPlayers, ticks, id)
      .run()
      .catch((e: unknown) =>
        console.error(`room ${this.#roomId}: recording session end failed`, e),
      );
  }
}
