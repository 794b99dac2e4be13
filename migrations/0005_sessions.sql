-- Session search: one row per joinable session, kept fresh by heartbeats. Game rooms
-- register themselves (durable-objects/game-room/session-registry.ts); the matchmaker,
-- lobbies and join-or-create register the rooms they place (mode, region, properties);
-- listen-server and P2P sessions register through POST /v1/sessions. A row whose
-- expires_at has passed is invisible to search and deleted by later writes.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,              -- the room id (kind 'room') or a session id
  kind TEXT NOT NULL,               -- 'room' | 'listen' | 'p2p'
  mode TEXT NOT NULL,
  region TEXT,                      -- region id; NULL when unknown (a room joined by name)
  players INTEGER NOT NULL DEFAULT 0,
  capacity INTEGER NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',  -- JSON object of string/number/boolean
  host_account TEXT,                -- who registered a listen/P2P session (may update it)
  connect_info TEXT,                -- listen/P2P: how to reach the host (opaque to the server)
  created_at INTEGER NOT NULL,      -- Unix ms
  heartbeat_at INTEGER NOT NULL,    -- Unix ms
  expires_at INTEGER NOT NULL       -- Unix ms
);

CREATE INDEX sessions_search ON sessions (mode, expires_at);
CREATE INDEX sessions_expiry ON sessions (expires_at);
