-- Voice chat (docs/voice.md): the bytes a room's voice relay sent, per object and minute, beside
-- the other usage counters of 0012_usage.sql. Already inside bytes_out (a relayed frame is an
-- outgoing WebSocket message): this says how much of it was voice. Not billed as bytes.
ALTER TABLE usage_minutes ADD COLUMN voice_bytes INTEGER NOT NULL DEFAULT 0;
