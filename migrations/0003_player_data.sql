-- Player data: JSON documents per account and key. `version` counts writes (optimistic
-- concurrency: a write names the version it replaces); `schema_version` is the shape of
-- `value`, brought forward on read by registered upgrade functions; `write_id` is the id of
-- the write that produced this version, so a retried write that already landed is
-- recognised instead of applied twice.
CREATE TABLE player_data (
  player_id TEXT NOT NULL REFERENCES players (id),
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  value TEXT NOT NULL,               -- JSON
  write_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL,       -- Unix ms
  PRIMARY KEY (player_id, key)
);
