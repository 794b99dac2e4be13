// Message types: the first byte of every binary frame. Client→server below 0x40,
// server→client from 0x40; all below 128 so a future varint type stays one byte.

/** Client → server message types. */
export const CLIENT_OP = {
  HELLO: 0x01, //  0b0000_0001
  INPUT: 0x02, //  0b0000_0010
  PING: 0x03, //   0b0000_0011
  /** A typed RPC call (shared/rpc/rpc-frames.ts). */
  RPC_CALL: 0x04, // 0b0000_0100
  /** The most state bytes per second the client wants (its link's rate). */
  RATE: 0x05, //   0b0000_0101
  /** One 20 ms Opus frame of the player's voice (shared/protocol/voice-messages.ts). */
  VOICE: 0x06, //  0b0000_0110
} as const;

/** Server → client message types. */
export const SERVER_OP = {
  WELCOME: 0x41, //       0b0100_0001
  SNAPSHOT: 0x42, //      0b0100_0010
  PLAYER_JOINED: 0x43, // 0b0100_0011
  PLAYER_LEFT: 0x44, //   0b0100_0100
  PONG: 0x45, //          0b0100_0101
  PLAYER_STATUS: 0x46, // 0b0100_0110
  /** A typed RPC call's answer (shared/rpc/rpc-frames.ts). */
  RPC_RESULT: 0x47, //    0b0100_0111
  /** A server-to-client typed RPC (shared/rpc/rpc-frames.ts). */
  RPC_EVENT: 0x48, //     0b0100_1000
  /** Accepts a spectator's HELLO (the broadcast stream follows, delayed). */
  SPECTATOR_WELCOME: 0x49, // 0b0100_1001
  /** A speaker's voice frame, relayed to a player who hears it (voice-messages.ts). */
  VOICE: 0x4a, //        0b0100_1010
  /** A player's voice state (muted by moderation), on change and at join. */
  VOICE_STATE: 0x4b, //  0b0100_1011
  // Zone frames (shared/zones/zone-frames.ts): only zones of a world send them, and the
  // world client takes them before its netcode core (decodeServerMessage refuses them).
  /** Connect to the next zone now, with this ticket (make-before-break). */
  ZONE_TICKET: 0x50, //  0b0101_0000
  /** Authority moved to the next zone at a tick boundary, after world input `lastSeq`. */
  ZONE_SWITCH: 0x51, //  0b0101_0001
  /** A resumed zone link: the world inputs the zone holds, so the client resends the rest. */
  ZONE_RESUME: 0x52, //  0b0101_0010
} as const;

/** A client message type byte. */
export type ClientOp = (typeof CLIENT_OP)[keyof typeof CLIENT_OP];

/** A server message type byte. */
export type ServerOp = (typeof SERVER_OP)[keyof typeof SERVER_OP];
