// Room history in D1 (`room_sessions`): a row per stretch of time a room ran, written by the
// room when it starts ticking and when it empties, read by operators (GET /v1/admin/rooms).
// All SQL is bound.

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

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Opens a session of `roomId` running `game` at `now` (Unix ms); answers its row id. */
  async start(roomId: string, game: string, now: number): Promise<number | undefined> {
    const row = await this.#db
      .prepare(
        "INSERT INTO room_sessions (room_id, game, started_at) VALUES (?, ?, ?) RETURNING id",
      )
      .bind(roomId, game, now)
      .first<{ id: number }>();
    return row?.id;
  }

  /** Closes session `id` at `now` with its peak player count and the ticks it ran. */
  async end(id: number, now: number, peakPlayers: number, ticks: number): Promise<void> {
    await this.#db
      .prepare("UPDATE room_sessions SET ended_at = ?, peak_players = ?, ticks = ? WHERE id = ?")
      .bind(now, peakPlayers, ticks, id)
      .run();
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
