// The replays of finished matches in D1 (`replays`, and `replay_players` for the accounts
// that played): written by a recording room once the match's objects are in R2, searched by
// GET /v1/replays, deleted by retention. Writes are idempotent (a retried save that had in
// fact landed writes the same again), and a room that recorded more of the same replay
// (players came back) saves it again with its new end. All SQL is bound.

/** Who may watch a replay: the access of the room it was recorded in. */
export type ReplayAccess = "public" | "ticket";

/** A player of a recorded match as listings show it (accounts stay in replay_players). */
export interface ReplayPlayer {
  readonly playerId: number;
  readonly name: string;
}

/** A replay as the API lists it. */
export interface ReplayRecord {
  readonly replayId: string;
  readonly roomId: string;
  readonly game: string;
  readonly mode: string;
  readonly region: string | null;
  readonly access: ReplayAccess;
  /** Unix ms. */
  readonly startedAt: number;
  /** Unix ms. */
  readonly endedAt: number;
  readonly durationMs: number;
  readonly players: readonly ReplayPlayer[];
  /** Chunks stored, indices 0 … chunks − 1. */
  readonly chunks: number;
  /** The manifest's key in the REPLAYS bucket. */
  readonly manifestKey: string;
  /** Bytes stored in R2: every chunk and the manifest. */
  readonly sizeBytes: number;
}

/** A replay to record, with the accounts of its players. */
export interface NewReplay extends ReplayRecord {
  readonly accounts: readonly string[];
}

/** Filters and page of a replay search. */
export interface ReplayQuery {
  /**
   * The account searching: it sees public rooms' replays and those it played in. `"*"`
   * (moderators and admins) sees every replay.
   */
  readonly viewer: string;
  readonly game?: string;
  /** Only matches this account played in. */
  readonly player?: string;
  /** Only matches started at or after this, Unix ms. */
  readonly from?: number;
  /** Only matches started before this, Unix ms. */
  readonly to?: number;
  /** @default 20 */
  readonly limit?: number;
  /** Rows to skip (the page cursor). */
  readonly offset?: number;
}

interface ReplayRow {
  id: string;
  room_id: string;
  game: string;
  mode: string;
  region: string | null;
  access: ReplayAccess;
  started_at: number;
  ended_at: number;
  duration_ms: number;
  players: string;
  chunks: number;
  manifest_key: string;
  size_bytes: number;
}

function toRecord(row: ReplayRow): ReplayRecord {
  let players: ReplayPlayer[] = [];
  try {
    players = JSON.parse(row.players) as ReplayPlayer[];
  } catch {
    // A row written by hand with bad JSON: list it without players.
  }
  return {
    replayId: row.id,
    roomId: row.room_id,
    game: row.game,
    mode: row.mode,
    region: row.region,
    access: row.access,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    players,
    chunks: row.chunks,
    manifestKey: row.manifest_key,
    sizeBytes: row.size_bytes,
  };
}

/** Matches whose replay_players hold the bound account. */
const PLAYED_BY =
  "EXISTS (SELECT 1 FROM replay_players p WHERE p.replay_id = r.id AND p.account_id = ?)";

/** The `replays` and `replay_players` tables. */
export class ReplayRepository {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /**
   * Records a finished match and its players' accounts in one transaction; a replay saved
   * before takes the new end, duration, players, chunks and size.
   */
  async save(r: NewReplay): Promise<void> {
    await this.#db.batch([
      this.#db
        .prepare(
          `INSERT INTO replays (id, room_id, game, mode, region, access, started_at, ended_at,
             duration_ms, players, chunks, manifest_key, size_bytes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET ended_at = excluded.ended_at,
             duration_ms = excluded.duration_ms, players = excluded.players,
             chunks = excluded.chunks, size_bytes = excluded.size_bytes`,
        )
        .bind(
          r.replayId,
          r.roomId,
          r.game,
          r.mode,
          r.region,
          r.access,
          r.startedAt,
          r.endedAt,
          r.durationMs,
          JSON.stringify(r.players.map(({ playerId, name }) => ({ playerId, name }))),
          r.chunks,
          r.manifestKey,
          r.sizeBytes,
        ),
      // One statement whatever the number of players (D1 binds at most 100 values each).
      this.#db
        .prepare(
          `INSERT OR IGNORE INTO replay_players (replay_id, account_id)
           SELECT ?, value FROM json_each(?)`,
        )
        .bind(r.replayId, JSON.stringify([...new Set(r.accounts)])),
    ]);
  }

  /** One replay, or undefined. */
  async find(replayId: string): Promise<ReplayRecord | undefined> {
    const row = await this.#db
      .prepare("SELECT * FROM replays WHERE id = ?")
      .bind(replayId)
      .first<ReplayRow>();
    return row ? toRecord(row) : undefined;
  }

  /** True when `accountId` played in replay `replayId`. */
  async playedIn(replayId: string, accountId: string): Promise<boolean> {
    const row = await this.#db
      .prepare("SELECT 1 AS found FROM replay_players WHERE replay_id = ? AND account_id = ?")
      .bind(replayId, accountId)
      .first<{ found: number }>();
    return row !== null;
  }

  /** Replays matching `q`, newest first, one page. */
  async search(q: ReplayQuery): Promise<ReplayRecord[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.viewer !== "*") {
      where.push(`(r.access = 'public' OR ${PLAYED_BY})`);
      params.push(q.viewer);
    }
    if (q.game !== undefined) {
      where.push("r.game = ?");
      params.push(q.game);
    }
    if (q.player !== undefined) {
      where.push(PLAYED_BY);
      params.push(q.player);
    }
    if (q.from !== undefined) {
      where.push("r.started_at >= ?");
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push("r.started_at < ?");
      params.push(q.to);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const { results } = await this.#db
      .prepare(
        `SELECT r.* FROM replays r ${filter}
         ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`,
      )
      .bind(...params, q.limit ?? 20, q.offset ?? 0)
      .all<ReplayRow>();
    return results.map(toRecord);
  }

  /**
   * Deletes the rows of every replay whose match started before `cutoff` (Unix ms), players
   * first, in one transaction; answers how many replays went.
   */
  async deleteStartedBefore(cutoff: number): Promise<number> {
    const [, replays] = await this.#db.batch([
      this.#db
        .prepare(
          `DELETE FROM replay_players WHERE replay_id IN
             (SELECT id FROM replays WHERE started_at < ?)`,
        )
        .bind(cutoff),
      this.#db.prepare("DELETE FROM replays WHERE started_at < ?").bind(cutoff),
    ]);
    return replays?.meta.changes ?? 0;
  }
}
