// Room history in D1 (`room_sessions`): a row per stretch of time a room ran, written by the
// room when it starts ticking and when it empties, read by operators (GET /v1/admin/rooms).
// All SQL is bound. Writes are retried on D1's transient errors, and a retry never doubles a
// row: a failure may come after D1 committed (the answer was lost), so the start inserts only
// when its (room, start time) row is absent — one room object writes its own rows, one at a
// time, so that check cannot race — and the end is an UPDATE that may be applied twice.
import { type RetryOptions, retry } from "../d1/retry.js";
import { isTransientD1Error } from "../d1/transient-error.js";

/** A room running now, as the history table knows it. */
export interface RunningRoom {
  readonly roomId: string;
  readonly game: string;
  /** Unix ms. */
  readonly startedAt: number;
  readonly peakPlayers: number;
}

/** The `room_sessions` table. */
export class RoomHistoryRepository {
  readonly #db: D1Database;
  readonly #retry: RetryOptions;

  /**
   * @param retryOptions backoff settings; `retryable` defaults to transient D1 errors
   */
  constructor(db: D1Database, retryOptions: RetryOptions = {}) {
    this.#db = db;
    this.#retry = { retryable: isTransientD1Error, ...retryOptions };
  }

  /**
   * Opens a session of `roomId` running `game` at `now` (Unix ms); answers its row id. Called
   * again with the same arguments (a retry), it answers the same row.
   */
  async start(roomId: string, game: string, now: number): Promise<number | undefined> {
    const [, found] = await retry(
      () =>
        this.#db.batch<{ id: number }>([
          this.#db
            .prepare(
              `INSERT INTO room_sessions (room_id, game, started_at) SELECT ?, ?, ?
               WHERE NOT EXISTS (SELECT 1 FROM room_sessions WHERE room_id = ? AND started_at = ?)`,
            )
            .bind(roomId, game, now, roomId, now),
          this.#db
            .prepare("SELECT id FROM room_sessions WHERE room_id = ? AND started_at = ?")
            .bind(roomId, now),
        ]),
      this.#retry,
    );
    return found?.results[0]?.id;
  }

  /** Closes session `id` at `now` with its peak player count and the ticks it ran. */
  async end(id: number, now: number, peakPlayers: number, ticks: number): Promise<void> {
    await retry(
      () =>
        this.#db
          .prepare(
            "UPDATE room_sessions SET ended_at = ?, peak_players = ?, ticks = ? WHERE id = ?",
          )
          .bind(now, peakPlayers, ticks, id)
          .run(),
      this.#retry,
    );
  }

  /** Rooms whose session has not ended, newest first, at most `limit`. */
  async running(limit: number): Promise<RunningRoom[]> {
    const { results } = await this.#db
      .prepare(
        `SELECT room_id, game, started_at, peak_players FROM room_sessions
         WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT ?`,
      )
      .bind(limit)
      .all<{ room_id: string; game: string; started_at: number; peak_players: number }>();
    return results.map((r) => ({
      roomId: r.room_id,
      game: r.game,
      startedAt: r.started_at,
      peakPlayers: r.peak_players,
    }));
  }
}
