// Room history in D1 (`room_sessions`): a row per stretch of time a room ran, written by the
// room when it starts ticking and when it empties, read by operators (GET /v1/admin/rooms);
// rows of rooms that died without ending theirs are ended by the scheduled sweep.
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
   * again with the same arguments (a retry), it answers the same row. A room runs one session
   * at a time, so an earlier session of it still open lost its end (the object was reset with
   * players in it: a deploy, a crash): it ends now, when the room is seen running again.
   */
  async start(roomId: string, game: string, now: number): Promise<number | undefined> {
    const [, , found] = await retry(
      () =>
        this.#db.batch<{ id: number }>([
          this.#db
            .prepare(
              `UPDATE room_sessions SET ended_at = ?
               WHERE room_id = ? AND ended_at IS NULL AND started_at < ?`,
            )
            .bind(now, roomId, now),
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

  /**
   * Rooms whose session has not ended and whose room is alive, newest first, at most `limit`.
   * A room proves it is alive by its registration in session search (`sessions`, a row with
   * the room's id that its heartbeat keeps from expiring): a room whose object died without
   * ending its session (an eviction mid-write, a crash) stops renewing it and drops out of
   * this list within `ttlMs`. A session younger than `ttlMs` counts as running before its
   * first heartbeat lands.
   * @param now Unix ms
   * @param ttlMs how long a registration lives without a heartbeat (the registry's TTL)
   */
  async running(limit: number, now: number, ttlMs: number): Promise<RunningRoom[]> {
    const { results } = await this.#db
      .prepare(
        `SELECT room_id, game, started_at, peak_players FROM room_sessions
         WHERE ended_at IS NULL AND (started_at > ? OR ${REGISTERED})
         ORDER BY started_at DESC LIMIT ?`,
      )
      .bind(now - ttlMs, now, limit)
      .all<{ room_id: string; game: string; started_at: number; peak_players: number }>();
    return results.map((r) => ({
      roomId: r.room_id,
      game: r.game,
      startedAt: r.started_at,
      peakPlayers: r.peak_players,
    }));
  }

  /**
   * Ends the sessions of rooms that died without ending them (the scheduled sweep): open
   * sessions older than `ttlMs` whose room has no live registration in session search. Each
   * ends at its room's last heartbeat when search still has it, else at `now`; its peak and
   * ticks stay as started (unknown). A room that was alive after all (its heartbeats failed)
   * writes its real end over this one when it empties. Answers how many it ended.
   * @param now Unix ms
   */
  async endUnregistered(now: number, ttlMs: number): Promise<number> {
    const result = await this.#db
      .prepare(
        `UPDATE room_sessions SET ended_at = COALESCE(
           (SELECT MIN(MAX(heartbeat_at, room_sessions.started_at), ?) FROM sessions
            WHERE sessions.id = room_sessions.room_id AND sessions.kind = 'room'), ?)
         WHERE ended_at IS NULL AND started_at <= ? AND NOT ${REGISTERED}`,
      )
      .bind(now, now, now - ttlMs, now)
      .run();
    return result.meta.changes;
  }

  /**
   * Ends whatever session of `roomId` is still open at `now` (a room closing for good: its
   * own end may have been lost). Answers how many it ended (0 or 1).
   */
  async endOpen(roomId: string, now: number): Promise<number> {
    const result = await retry(
      () =>
        this.#db
          .prepare("UPDATE room_sessions SET ended_at = ? WHERE room_id = ? AND ended_at IS NULL")
          .bind(now, roomId)
          .run(),
      this.#retry,
    );
    return result.meta.changes;
  }
}

/**
 * True for a room_sessions row whose room is registered in session search and not expired
 * (one bound parameter: now, Unix ms). sessions.id is the primary key: one lookup per row.
 */
const REGISTERED = `EXISTS (SELECT 1 FROM sessions WHERE sessions.id = room_sessions.room_id
  AND sessions.kind = 'room' AND sessions.expires_at > ?)`;
