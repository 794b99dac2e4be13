-- Metered usage (docs/costs.md): what each Durable Object and the Worker consumed, one row per
-- object per minute, added to as the object flushes its counters (off the tick, in batches).
-- Priced with server/costs for GET /v1/admin/costs; plotted by /admin through
-- GET /v1/admin/metrics. Rows older than USAGE_RETENTION_DAYS (default 30) are deleted by the
-- hourly cron.
CREATE TABLE usage_minutes (
  kind TEXT NOT NULL,                -- "room", "lobby", "matchmaker", "relay" or "worker"
  object_id TEXT NOT NULL,           -- the room id, lobby code, queue, session id or route group
  minute INTEGER NOT NULL,           -- Unix ms of the minute's start
  match_id TEXT NOT NULL DEFAULT '', -- the match the object served (a room id; '' for none)
  game TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  active_ms INTEGER NOT NULL DEFAULT 0,       -- awake (not hibernated) wall-clock time
  http_requests INTEGER NOT NULL DEFAULT 0,   -- requests Cloudflare bills (fetches, RPC calls)
  ws_messages_in INTEGER NOT NULL DEFAULT 0,  -- WebSocket messages received (billed at 20:1)
  ws_messages_out INTEGER NOT NULL DEFAULT 0,
  bytes_in INTEGER NOT NULL DEFAULT 0,
  bytes_out INTEGER NOT NULL DEFAULT 0,
  d1_rows_read INTEGER NOT NULL DEFAULT 0,
  d1_rows_written INTEGER NOT NULL DEFAULT 0,
  storage_writes INTEGER NOT NULL DEFAULT 0,  -- Durable Object storage puts and deletes
  relay_bytes INTEGER NOT NULL DEFAULT 0,     -- bytes relayed for peer sessions
  ticks INTEGER NOT NULL DEFAULT 0,
  tick_ms_p50 REAL,                           -- the minute's tick durations (NULL: untimed)
  tick_ms_p99 REAL,
  players_peak INTEGER NOT NULL DEFAULT 0,
  queue_peak INTEGER NOT NULL DEFAULT 0,      -- matchmaker: most tickets waiting
  matches INTEGER NOT NULL DEFAULT 0,         -- matchmaker: tickets matched
  match_wait_ms INTEGER NOT NULL DEFAULT 0,   -- matchmaker: their waits summed (÷ matches: time to match)
  sign_in_failures INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, object_id, minute)
);

CREATE INDEX usage_minutes_minute ON usage_minutes (minute);
CREATE INDEX usage_minutes_match ON usage_minutes (match_id, minute);
