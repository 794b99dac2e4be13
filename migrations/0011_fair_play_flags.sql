-- Accounts a room's cheat detectors flagged for review (docs/fair-play.md): one row per
-- account, updated at each further offence; the evidence of every step is in the audit log
-- (action "fair_play"). An admin clears a flag with DELETE /v1/admin/flagged/{accountId}
-- (audited as "unflag"); the row goes, the history stays.
CREATE TABLE fair_play_flags (
  account_id TEXT PRIMARY KEY,
  game TEXT NOT NULL,
  room_id TEXT NOT NULL,             -- the room of the latest offence
  offences INTEGER NOT NULL,         -- the highest count a room reached
  step TEXT NOT NULL,                -- the latest step: "flag", "kick" or "ban"
  detector TEXT NOT NULL,            -- the latest offence's detector
  evidence TEXT NOT NULL,            -- JSON: the latest offence's measurement
  flagged_at INTEGER NOT NULL,       -- Unix ms, first flag
  last_at INTEGER NOT NULL           -- Unix ms, latest offence
);

CREATE INDEX fair_play_flags_last ON fair_play_flags (last_at DESC);
