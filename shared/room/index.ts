// The authoritative room core, independent of any host.
export { InputQueue } from "./input-queue.js";
export { InterestGrid, type InterestGridOptions } from "./interest-grid.js";
export { RateLimiter } from "./rate-limiter.js";
export { RelevancyRules } from "./relevancy-rules.js";
export { RoomCore } from "./room-core.js";
export {
  type EntityPositions,
  RoomInterest,
  type SpatialInterest,
  type SpatialInterestFactory,
  type Viewpoint,
} from "./room-interest.js";
export {
  DEFAULT_ROOM_OPTIONS,
  type ResolvedRoomOptions,
  type RoomOptions,
  resolveRoomOptions,
} from "./room-options.js";
export type { PlayerInfo } from "./room-player.js";
export type { ConnectionId, RoomSink } from "./room-sink.js";
export {
  type ComponentDump,
  dumpWorld,
  type PlayerDump,
  ROOM_SNAPSHOT_FORMAT,
  type RoomSnapshot,
  restoreWorld,
  type WorldDump,
} from "./room-snapshot.js";
