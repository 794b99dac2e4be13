// The authoritative room core, independent of any host.
export { InputQueue } from "./input-queue.js";
export { RateLimiter } from "./rate-limiter.js";
export { type PlayerInfo, RoomCore } from "./room-core.js";
export {
  DEFAULT_ROOM_OPTIONS,
  type ResolvedRoomOptions,
  type RoomOptions,
  resolveRoomOptions,
} from "./room-options.js";
export type { ConnectionId, RoomSink } from "./room-sink.js";
