// @edgetick/client: join edgetick rooms, send inputs, receive authoritative state.

export { ByteReader } from "../../shared/codec/byte-reader.js";
export { ByteWriter } from "../../shared/codec/byte-writer.js";
export type { GameDefinition, InputCodec } from "../../shared/game/game-definition.js";
export { CLOSE, type CloseCode, describeClose } from "../../shared/protocol/close-codes.js";
export { PROTOCOL_VERSION } from "../../shared/protocol/limits.js";
export {
  ReplicationClient,
  type UpdateSummary,
} from "../../shared/replication/replication-client.js";
// The game-definition kit: field types, components, schemas and the entity world.
export * from "../../shared/schema/index.js";
export { EDGETICK_VERSION } from "../../shared/version.js";
export * from "../../shared/world/index.js";
export { ClientSession, type ReceivedMessage } from "./client-session.js";
export { ConnectError, connect } from "./connect.js";
export {
  type ConnectOptions,
  DEFAULT_CONNECT_OPTIONS,
  type ResolvedConnectOptions,
  resolveConnectOptions,
  roomUrl,
} from "./connect-options.js";
export { type CloseInfo, RoomConnection, type RoomEvents } from "./room-connection.js";
