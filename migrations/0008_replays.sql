-- Replays: one row per recorded match, written by its GameRoom once the match's chunks and
-- manifest are in R2 (REPLAYS, keys replays/<id>/<index> and replays/<id>/manifest.json), so
-- a listed replay is always complete. Read by GET /v1/replays; rows and objects older than
-- REPLAY_RETENTION_DAYS are deleted by the Worker's scheduled handler.
CREATE TABLE replays (
  id TEXT PRIMARY KEY,               -- "rp_" + 12 hex digits of the start time (Unix ms) + 12 random
  room_id TEXT NOT NULL,
  game TEXT NOT NULL,
  mode TEXT NOT NULL,
  region TEXT,                       -- the region the room was placed in; NULL when unknown
  access TEXT NOT NULL,              -- the room's: 'public' or 'ticket' (who may watch it)
  started_at INTEGER NOT NULL,       -- Unix ms
  ended_at INTEGER NOT NULL,         -- Unix ms
  duration_ms INTEGER NOT NULL,
  players TEXT NOT NULL DEFAULT '[]',-- JSON [{ playerId, name }]
  chunks INTEGER NOT NULL,
  manifest_key TEXT NOT NULL,
  size_bytes INTEGER NOT NULL        -- chunks and manifest together
);

CREATE INDEX replays_game ON replays (game, started_at DESC);
CREATE INDEX replays_started ON replays (started_at DESC);

-- The accounts that played in each replay: "my matches" and the player filter.
CREATE TABLE replay_players (
  replay_id TEXT NOT NULL REFERENCES replays (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL,
  PRIMARY KEY (replay_id, account_id)
);

CREATE INDEX replay_players_account ON replay_players (account_id, replay_id);
