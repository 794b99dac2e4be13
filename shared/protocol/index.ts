// The wire protocol: message types, close codes, limits, encoders and decoders. Each name is
// listed so what the package exports is read here, not found by following `export *`.
// Client → room messages: the HELLO, INPUT, PING and RATE frames.
export {
  type ClientMessage,
  decodeClientMessage,
  encodeHello,
  encodeInputHeader,
  encodePing,
  encodeRate,
  HELLO_ROLE,
  type HelloMessage,
  type HelloRole,
  type InputMessage,
  NO_TICK_ACK,
  type PingMessage,
  type RateMessage,
} from "./client-messages.js";
// Close codes and their names, for the room and the client alike.
export { CLOSE, type CloseCode, type CloseName, describeClose } from "./close-codes.js";
// The protocol version and the size limits both ends enforce.
export {
  MAX_CLIENT_FRAME_BYTES,
  MAX_GAME_NAME_BYTES,
  MAX_INPUTS_PER_FRAME,
  MAX_NAME_BYTES,
  MAX_RESUME_TOKEN_BYTES,
  MAX_TOKEN_BYTES,
  MAX_VOICE_PAYLOAD_BYTES,
  PROTOCOL_VERSION,
} from "./limits.js";
// Every frame's first byte, client and server side.
export { CLIENT_OP, type ClientOp, SERVER_OP, type ServerOp } from "./opcodes.js";
// Room → client messages: the welcome, snapshots, presence, pongs.
export {
  decodeServerMessage,
  encodePlayerJoined,
  encodePlayerLeft,
  encodePlayerStatus,
  encodePong,
  encodeSpectatorWelcome,
  encodeWelcome,
  NO_INPUT_ACK,
  type PlayerJoinedMessage,
  type PlayerLeftMessage,
  type PlayerStatusMessage,
  type PongMessage,
  type RpcFrameMessage,
  type ServerMessage,
  SNAPSHOT_HEADER_BYTES,
  type SnapshotMessage,
  type SpectatorWelcomeMessage,
  type WelcomeMessage,
  writeSnapshotHeader,
} from "./server-messages.js";
// Voice frames, relayed voice and moderation state.
export {
  encodeVoice,
  encodeVoiceState,
  MAX_VOICE_CHANNELS,
  RELAYED_VOICE_HEADER_BYTES,
  type RelayedVoiceMessage,
  readVoiceFrame,
  readVoiceState,
  relayedVoiceFrame,
  VOICE_FLAGS,
  VOICE_STATE_FLAGS,
  type VoiceFrame,
  type VoiceMessage,
  type VoiceStateMessage,
} from "./voice-messages.js";
