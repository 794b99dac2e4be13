-- Player data has one owner at a time: the room that holds an account's lease loads and
-- saves its documents; another room the account is in waits until the lease is released
-- (the player left the first room) or has expired (that room died), then takes it. Renewed
-- with every periodic save; `expires_at` is Unix ms.
CREATE TABLE player_data_owners (
  account_id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
