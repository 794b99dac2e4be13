-- Session search shows each caller only what it may join: a session now records its game,
-- whether anyone signed in may join it ('public') or only the accounts it was made for
-- ('ticket': matchmaker and lobby rooms), and those accounts (a JSON array of account ids),
-- so a private room is visible to its own players and to no one else.
ALTER TABLE sessions ADD COLUMN game TEXT;
ALTER TABLE sessions ADD COLUMN access TEXT NOT NULL DEFAULT 'public';
ALTER TABLE sessions ADD COLUMN members TEXT NOT NULL DEFAULT '[]';

CREATE INDEX sessions_game ON sessions (game, mode, expires_at);
