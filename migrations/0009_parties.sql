-- Parties: accounts that queue for matchmaking together. Matchmaking used to take any
-- account ids as a "party" without their consent (issue 19); now a party is an object its
-- members joined themselves, and the leader's ticket carries its members. Times are Unix ms.
CREATE TABLE parties (
  party_id TEXT PRIMARY KEY,
  leader_id TEXT NOT NULL,
  -- A code the leader shares: whoever holds it may join (like a lobby code).
  invite_code TEXT NOT NULL UNIQUE,
  -- The ticket the leader last queued for the party; a member who leaves cancels it.
  ticket_id TEXT,
  created_at INTEGER NOT NULL
);

-- One party at a time per account: the primary key is the account.
CREATE TABLE party_members (
  account_id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL,
  joined_at INTEGER NOT NULL
);
CREATE INDEX party_members_by_party ON party_members (party_id, joined_at);

-- Invitations of accounts by id. Kept until they expire (even after acceptance or after the
-- party ends), so they also count the invites an account sent in the last minute.
CREATE TABLE party_invites (
  party_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (party_id, account_id)
);
CREATE INDEX party_invites_by_sender ON party_invites (invited_by, created_at);
CREATE INDEX party_invites_by_account ON party_invites (account_id, created_at);
