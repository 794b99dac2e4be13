// What one matchmade match does to Cloudflare's meters besides its socket traffic: the HTTP
// calls each player makes, the requests that reach Durable Objects, and the rows D1 and the
// objects' SQLite storage read and write. Counted by reading the code paths (below, statement by
// statement) for the flow of README.md and docs/api.md: sign in as a guest, queue a matchmaking
// ticket, long-poll it until matched, open the room's socket. The metering (server/metering)
// measures the same counters; `npm run bench:cost` compares the two.

/** Counts for each player of a match. */
export const PER_PLAYER = {
  /**
   * Requests to the Worker: POST /v1/auth/guest, POST /v1/matchmaking/tickets, two
   * GET /v1/matchmaking/tickets/:id?wait=20 long-polls (one that waits, one that answers
   * `matched` with the join ticket), GET /v1/rooms/:roomId/ws (the upgrade).
   * A player who stays signed in across matches makes one fewer: counting the sign-in every
   * match keeps the estimate on the high side.
   */
  workerRequests: 5,
  /** Requests reaching objects: the ticket and its two polls (the Matchmaker), the upgrade (the room). */
  durableObjectRequests: 4,
  /**
   * Incoming socket messages besides inputs, pings and voice: the HELLO that joins.
   * (Clients answer nothing else on their own; the room's messages are outgoing.)
   */
  joinMessages: 1,
  /**
   * D1 rows read. Sign-in (workers/repositories/accounts.ts): the identity lookup of the
   * guarded INSERT, the UPDATE of last_sign_in_at through its identity (2), the account read
   * with its ban (1) = 4. Ticket: the caller's party (party_members by account, 1). Join
   * (durable-objects/game-room/admission.ts): the ban check (1). Player data lease
   * (server/player-data/player-data-owners.ts): the claim's conflict lookup (1). Total 7.
   * A game that declares player documents reads one row per stored document on top.
   */
  d1RowsRead: 7,
  /**
   * D1 rows written. Sign-in: last_sign_in_at (1), the refresh token row and its
   * refresh_tokens_player index entry (2). The player data lease: claimed on join (1),
   * deleted on leave (1). Total 5. Documents a game saves add one row each.
   */
  d1RowsWritten: 5,
  /**
   * Rows written to object storage: the Matchmaker stores the ticket's record when queued, again
   * when matched, and deletes it once forgotten (3).
   */
  storageRowsWritten: 3,
} as const;

/** Counts for each match, whatever its players. */
export const PER_MATCH = {
  /** Requests reaching objects: placing the room (one RPC), the Matchmaker's matching alarm. */
  durableObjectRequests: 2,
  /**
   * D1 rows read for room history (server/rooms/room-history-repository.ts): the start's
   * guarded INSERT and its SELECT of the id (2), the end's UPDATE by id (1).
   */
  d1RowsRead: 3,
  /** Room history rows written: the start's row and its room_sessions_room entry (2), the end (1). */
  d1RowsWritten: 3,
  /** The Matchmaker's setAlarm for its matching pass: one row written. */
  storageRowsWritten: 1,
} as const;

/**
 * Session search (durable-objects/game-room/session-registry.ts): a running room upserts its
 * `sessions` row when it starts, 1 s after its player count changes (the joins of a match fall
 * in one or two such windows: counted as one), every SESSION_HEARTBEAT_MS, and deletes it when it
 * empties. Each upsert rewrites expires_at, which three indexes hold (sessions_search,
 * sessions_expiry, sessions_game), so it writes 4 rows and reads 1 (the conflict lookup).
 */
export const SESSION_SEARCH = {
  /** SESSION_HEARTBEAT_MS of session-registry.ts, s. */
  heartbeatSeconds: 15,
  /** Upserts besides the periodic ones: the start and the joins' change. */
  extraBeats: 2,
  rowsWrittenPerBeat: 4,
  rowsReadPerBeat: 1,
  /** The DELETE when the room empties: the row and its three index entries. */
  rowsWrittenOnRemove: 4,
} as const;

/**
 * The room's snapshot (durable-objects/game-room/room-persistence.ts): one put of two entries
 * a save, the snapshot and the player documents the room holds (room-documents; a game
 * without player documents writes that entry once, then one row a save).
 */
export const ROOM_SNAPSHOT = {
  /** DEFAULT_ROOM_OPTIONS.snapshotIntervalMs, s; plus one save when the room empties. */
  intervalSeconds: 5,
  rowsPerSave: 2,
} as const;

/**
 * The room's watch (durable-objects/game-room/room-grace.ts): while it ticks its grace alarm is
 * kept WATCH_MS ahead, so it runs every 30 s (a request) and is armed again. Each arming (and
 * the clearing when the room empties) is the named-alarm table's put and a setAlarm or
 * deleteAlarm (durable-objects/host/socket-host.ts): 2 rows. Armed once when the room starts,
 * again at each run, cleared once at the end.
 */
export const ROOM_WATCH = {
  intervalSeconds: 30,
  rowsPerArm: 2,
} as const;

/** How often each client sends its own messages (client/src/connect-options.ts). */
export const CLIENT_MESSAGES = {
  /** INPUT frames a second: one per tick of a 30 Hz game. */
  defaultInputRate: 30,
  /** PING a second (pingIntervalMs 1000) for clock sync. */
  pingsPerSecond: 1,
} as const;

/**
 * Voice through the room: Opus at about 24 kbit/s in 20 ms frames, each frame an incoming
 * socket message while its player talks.
 */
export const VOICE = {
  framesPerSecond: 50,
  /** 24 kbit/s ÷ 8 ÷ 50 frames, plus a 4-byte frame header. */
  bytesPerFrame: 64,
  /**
   * The share of a match each player talks: an assumption (team chat with voice activity
   * detection), not a measurement; `voiceTalkFraction` overrides it.
   */
  defaultTalkFraction: 0.2,
} as const;

/**
 * Worker CPU per HTTP request, ms: an assumption (token signing and JSON), not a measurement;
 * `workerCpuMsPerRequest` overrides it. Durable Objects are billed by wall-clock duration, not CPU.
 */
export const DEFAULT_WORKER_CPU_MS_PER_REQUEST = 5;
