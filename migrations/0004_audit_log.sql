-- Audit log: who did what to whom. Append-only; written beside sign-ins, kicks, mutes, bans,
-- unbans, role changes and data writes.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,               -- Unix ms
  actor TEXT,                        -- account id, or NULL for the system
  action TEXT NOT NULL,              -- e.g. "sign_in", "kick", "ban", "data_write"
  target TEXT,                       -- account id or room id acted on
  detail TEXT NOT NULL DEFAULT '{}'  -- JSON
);

CREATE INDEX audit_log_target ON audit_log (target, at DESC);
