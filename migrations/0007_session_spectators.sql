-- Session search shows how many spectators watch each room beside its players: the room's
-- heartbeat writes both (durable-objects/game-room/session-registry.ts). Hosted (listen and
-- P2P) sessions have none.
ALTER TABLE sessions ADD COLUMN spectators INTEGER NOT NULL DEFAULT 0;
