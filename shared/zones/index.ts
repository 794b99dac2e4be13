// Zones: a world split across room cores, each running the game for its area, with ghosts
// across borders and handoffs between zones (docs/zones.md).

export type { ZoneGridOptions } from "../game/zone-declaration.js";
export type { ComponentRecord, EntityRecord } from "./entity-record.js";
export {
  decodeGhostBatch,
  encodeGhostBatch,
  GHOST_BATCH_VERSION,
  type GhostBatch,
  type GhostEntry,
  type GhostOrigin,
} from "./ghost-batch.js";
export { ZoneCore, type ZoneLoad, type ZonePlace, type ZoneSink } from "./zone-core.js";
export {
  decodeZoneFrame,
  encodeResumeFrame,
  encodeSwitchFrame,
  encodeTicketFrame,
  isZoneFrame,
  type ZoneFrame,
} from "./zone-frames.js";
export { type ZoneBounds, ZoneGrid, type ZoneId } from "./zone-grid.js";
export { NO_WORLD_SEQ, ZONE_INPUT_WINDOW, type ZoneInput, zoneInputCodec } from "./zone-input.js";
export type { ZoneMessage } from "./zone-messages.js";
export { ZONE_MAX_QUEUED_INPUTS, zoneClientGame, zoneRoomGame } from "./zone-room-game.js";
export type { ExpectedDump, ZoneDump, ZonePlayerDump, ZoneSnapshot } from "./zone-snapshot.js";
export {
  decodeTicket,
  encodeTicket,
  isTicket,
  TICKET_PREFIX,
  type ZoneTicket,
} from "./zone-ticket.js";
export {
  type ResolvedZones,
  resolveZones,
  type ZoneDeclaration,
  type ZonedGame,
} from "./zoned-game.js";
