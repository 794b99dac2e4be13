// The session registry in D1 (`sessions`): registration with a TTL, heartbeats, removal and
// search. Shared by the rooms (which heartbeat themselves), the lobby and matchmaker objects
// (which register the rooms they place) and the Worker's /v1/sessions routes. All SQL is
// bound; property filters go through json_extract with the key validated and bound.

/** Session kinds: an edgetick game room, or a session hosted by a player. */
export type SessionKind = "room" | "listen" | "p2p";

/** A property value a session advertises. */
export type SessionPropertyValue = string | number | boolean;

/** Who may join a session: anyone signed in, or only its members (with a ticket). */
export type SessionAccess = "public" | "ticket";

/** A registered session as search answers it. */
export interface SessionRecord {
  readonly sessionId: string;
  readonly kind: SessionKind;
  /** The game it plays (null for a hosted session that did not say). */
  readonly game: string | null;
  readonly mode: string;
  readonly access: SessionAccess;
  readonly region: string | null;
  readonly players: number;
  readonly capacity: number;
  /** Spectators watching a room (rooms report them in their heartbeat; hosted sessions: 0). */
  readonly spectators: number;
  readonly properties: Readonly<Record<string, SessionPropertyValue>>;
  readonly hostAccount: string | null;
  readonly connectInfo: string | null;
  readonly createdAt: number;
  readonly heartbeatAt: number;
  readonly expiresAt: number;
}

/** What a registration says. */
export interface SessionRegistration {
  readonly sessionId: string;
  readonly kind: SessionKind;
  readonly game?: string | null;
  readonly mode: string;
  /** @default "public" */
  readonly access?: SessionAccess;
  /** The accounts a ticket session admits (and shows itself to). */
  readonly members?: readonly string[];
  readonly region: string | null;
  readonly players: number;
  readonly capacity: number;
  readonly properties?: Readonly<Record<string, SessionPropertyValue>>;
  readonly hostAccount?: string | null;
  readonly connectInfo?: string | null;
}

/** Search filters and order. */
export interface SessionQuery {
  /**
   * The account searching: besides public sessions it sees the ticket sessions made for it.
   * Undefined sees public sessions only; `"*"` (operators) sees everything.
   */
  readonly viewer?: string;
  readonly game?: string;
  readonly mode?: string;
  readonly region?: string;
  readonly kind?: SessionKind;
  /** Only sessions with space: players < capacity (or members < capacity, see spaceBy). */
  readonly hasSpace?: boolean;
  /**
   * What hasSpace counts: the players in the session, or (for ticket rooms that hand out
   * seats as members, like join-or-create's) its members, who hold tickets before they join.
   * @default "players"
   */
  readonly spaceBy?: "players" | "members";
  /** Exact matches on properties (keys validated by the caller: PROPERTY_KEY_PATTERN). */
  readonly properties?: Readonly<Record<string, SessionPropertyValue>>;
  /** @default "players" */
  readonly sort?: "players" | "created";
  /** @default "desc" */
  readonly order?: "asc" | "desc";
  /** @default 20 */
  readonly limit?: number;
  /** Rows to skip (the page cursor). */
  readonly offset?: number;
}

/** What a room says in its heartbeat. */
export interface RoomBeat {
  readonly game: string;
  readonly mode: string;
  readonly access: SessionAccess;
  readonly members: readonly string[];
  readonly players: number;
  readonly capacity: number;
  /** Spectators watching now. */
  readonly spectators: number;
}

/**
 * A hosted (listen or P2P) session stays in search this long after its last heartbeat, ms:
 * its host's (POST /v1/sessions/:id/heartbeat) or its PeerSession object's, which beats while
 * peers are connected, so a session outlives its first host.
 */
export const HOSTED_SESSION_TTL_MS = 60_000;

/** Property keys usable in filters (they become a JSON path). */
export const PROPERTY_KEY_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

interface SessionRow {
  id: string;
  kind: SessionKind;
  game: string | null;
  mode: string;
  access: SessionAccess;
  region: string | null;
  players: number;
  capacity: number;
  spectators: number;
  properties: string;
  host_account: string | null;
  connect_info: string | null;
  created_at: number;
  heartbeat_at: number;
  expires_at: number;
}

function toRecord(row: SessionRow): SessionRecord {
  let properties: Record<string, SessionPropertyValue> = {};
  try {
    properties = JSON.parse(row.properties) as Record<string, SessionPropertyValue>;
  } catch {
    // A row written by hand with bad JSON: show it without properties.
  }
  return {
    sessionId: row.id,
    kind: row.kind,
    game: row.game,
    mode: row.mode,
    access: row.access,
    region: row.region,
    players: row.players,
    capacity: row.capacity,
    spectators: row.spectators,
    properties,
    hostAccount: row.host_account,
    connectInfo: row.connect_info,
    createdAt: row.created_at,
    heartbeatAt: row.heartbeat_at,
    expiresAt: row.expires_at,
  };
}

/** The `sessions` table. */
export class SessionRepository {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Registers (or replaces) a session, visible until `now + ttlMs`. */
  async register(s: SessionRegistration, now: number, ttlMs: number): Promise<SessionRecord> {
    const row = await this.#db
      .prepare(
        `INSERT INTO sessions (id, kind, game, mode, access, members, region, players, capacity,
           properties, host_account, connect_info, created_at, heartbeat_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, game = excluded.game,
           mode = excluded.mode, access = excluded.access, members = excluded.members,
           region = excluded.region, players = excluded.players, capacity = excluded.capacity,
           properties = excluded.properties, host_account = excluded.host_account,
           connect_info = excluded.connect_info, heartbeat_at = excluded.heartbeat_at,
           expires_at = excluded.expires_at
         RETURNING *`,
      )
      .bind(
        s.sessionId,
        s.kind,
        s.game ?? null,
        s.mode,
        s.access ?? "public",
        JSON.stringify(s.members ?? []),
        s.region,
        s.players,
        s.capacity,
        JSON.stringify(s.properties ?? {}),
        s.hostAccount ?? null,
        s.connectInfo ?? null,
        now,
        now,
        now + ttlMs,
      )
      .first<SessionRow>();
    await this.purge(now);
    return toRecord(row!);
  }

  /**
   * A room's heartbeat: its player and spectator counts, capacity, game, access and members
   * (backfill adds some). Keeps what its creator registered (mode, region, properties, and a capacity
   * it set lower); a room nobody registered appears with `mode` and no region.
   */
  async heartbeatRoom(roomId: string, beat: RoomBeat, now: number, ttlMs: number): Promise<void> {
    await this.#db
      .prepare(
        `INSERT INTO sessions (id, kind, game, mode, access, members, region, players, capacity,
           spectators, properties, created_at, heartbeat_at, expires_at)
         VALUES (?, 'room', ?, ?, ?, ?, NULL, ?, ?, ?, '{}', ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET players = excluded.players,
           spectators = excluded.spectators,
           capacity = MIN(sessions.capacity, excluded.capacity), game = excluded.game,
           access = excluded.access, members = excluded.members,
           heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
      )
      .bind(
        roomId,
        beat.game,
        beat.mode,
        beat.access,
        JSON.stringify(beat.members),
        beat.players,
        beat.capacity,
        beat.spectators,
        now,
        now,
        now + ttlMs,
      )
      .run();
  }

  /** Updates a hosted session's player count and extends its life; false if it is gone. */
  async heartbeat(sessionId: string, players: number | undefined, now: number, ttlMs: number) {
    const result = await this.#db
      .prepare(
        `UPDATE sessions SET players = COALESCE(?, players), heartbeat_at = ?, expires_at = ?
         WHERE id = ? AND expires_at > ?`,
      )
      .bind(players ?? null, now, now + ttlMs, sessionId, now)
      .run();
    return result.meta.changes > 0;
  }

  /** Adds an account to a session's members (a seat join-or-create handed out). */
  async addMember(sessionId: string, accountId: string): Promise<void> {
    await this.#db
      .prepare(
        `UPDATE sessions SET members = json_insert(members, '$[#]', ?)
         WHERE id = ? AND NOT EXISTS (SELECT 1 FROM json_each(members) WHERE value = ?)`,
      )
      .bind(accountId, sessionId, accountId)
      .run();
  }

  /** True when `accountId` is one of the session's members (the accounts a ticket session admits). */
  async hasMember(sessionId: string, accountId: string): Promise<boolean> {
    const row = await this.#db
      .prepare(
        `SELECT 1 AS found FROM sessions, json_each(sessions.members)
         WHERE sessions.id = ? AND json_each.value = ?`,
      )
      .bind(sessionId, accountId)
      .first<{ found: number }>();
    return row !== null;
  }

  /** Removes a session. */
  async remove(sessionId: string): Promise<void> {
    await this.#db.prepare("DELETE FROM sessions WHERE id = ?").bind(sessionId).run();
  }

  /** One live session. */
  async find(sessionId: string, now: number): Promise<SessionRecord | undefined> {
    const row = await this.#db
      .prepare("SELECT * FROM sessions WHERE id = ? AND expires_at > ?")
      .bind(sessionId, now)
      .first<SessionRow>();
    return row ? toRecord(row) : undefined;
  }

  /** Live sessions matching `q`, one page. */
  async search(q: SessionQuery, now: number): Promise<SessionRecord[]> {
    const where = ["expires_at > ?"];
    const params: (string | number)[] = [now];
    if (q.viewer === undefined) where.push("access = 'public'");
    else if (q.viewer !== "*") {
      where.push(
        "(access = 'public' OR EXISTS (SELECT 1 FROM json_each(members) WHERE value = ?))",
      );
      params.push(q.viewer);
    }
    if (q.game !== undefined) {
      where.push("game = ?");
      params.push(q.game);
    }
    if (q.mode !== undefined) {
      where.push("mode = ?");
      params.push(q.mode);
    }
    if (q.region !== undefined) {
      where.push("region = ?");
      params.push(q.region);
    }
    if (q.kind !== undefined) {
      where.push("kind = ?");
      params.push(q.kind);
    }
    if (q.hasSpace)
      where.push(
        q.spaceBy === "members" ? "json_array_length(members) < capacity" : "players < capacity",
      );
    for (const [key, value] of Object.entries(q.properties ?? {})) {
      if (!PROPERTY_KEY_PATTERN.test(key)) throw new RangeError(`property key ${key} is invalid`);
      // json_extract answers SQLite values: booleans are stored as 1/0.
      where.push("json_extract(properties, ?) = ?");
      params.push(`$.${key}`, typeof value === "boolean" ? Number(value) : value);
    }
    const column = q.sort === "created" ? "created_at" : "players";
    const order = q.order === "asc" ? "ASC" : "DESC";
    const rows = await this.#db
      .prepare(
        `SELECT * FROM sessions WHERE ${where.join(" AND ")}
         ORDER BY ${column} ${order}, id ASC LIMIT ? OFFSET ?`,
      )
      .bind(...params, q.limit ?? 20, q.offset ?? 0)
      .all<SessionRow>();
    return rows.results.map(toRecord);
  }

  /** Deletes sessions that expired over a minute ago (stale rows cost nothing meanwhile). */
  async purge(now: number): Promise<void> {
    await this.#db
      .prepare("DELETE FROM sessions WHERE expires_at < ?")
      .bind(now - 60_000)
      .run();
  }
}
