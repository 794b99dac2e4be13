// Protocol version and size limits. Both ends enforce them; the numbers appear in
// docs/protocol.md and a change to any of them is a protocol change.

/** The protocol version this build speaks; HELLO carries it at bytes 1–2. */
export const PROTOCOL_VERSION = 9;

/** Largest client frame the room accepts, in bytes (a hello with a 4 KiB token fits). */
export const MAX_CLIENT_FRAME_BYTES = 4400;

/** Largest game name in a hello (names are 1–32 of a-z, 0-9, -), in bytes. */
export const MAX_GAME_NAME_BYTES = 32;

/** Largest player name, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 32;

/** Largest token in a hello, in UTF-8 bytes. */
export const MAX_TOKEN_BYTES = 4096;

/** Largest resume token in a hello or welcome, in UTF-8 bytes. */
export const MAX_RESUME_TOKEN_BYTES = 64;

/** Most inputs one INPUT frame may carry. */
export const MAX_INPUTS_PER_FRAME = 32;

/**
 * Largest Opus packet in a VOICE frame, in bytes: a 20 ms frame at 24 kbit/s is ~60 bytes,
 * at Opus' 510 kbit/s ceiling ~1,275; 400 leaves room for 160 kbit/s music-grade frames.
 */
export const MAX_VOICE_PAYLOAD_BYTES = 400;
