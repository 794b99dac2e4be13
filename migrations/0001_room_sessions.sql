-- Room sessions: one row per stretch of time a room had players, written by the GameRoom
-- when its first player arrives and when it empties (never on the tick path). Operators
-- read it for room history; the health check reads the applied migrations.
CREATE TABLE room_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL,
  game TEXT NOT NULL,
  started_at INTEGER NOT NULL,  -- Unix ms
  ended_at INTEGER,             -- Unix ms; NULL while the session runs
  peak_players INTEGER NOT NULL DEFAULT 0,
  ticks INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX room_sessions_room ON room_sessions (room_id, started_at DESC);
