// The HTTP contract of /v1: request and response schemas, one file per resource, in plain
// zod. The Worker validates and documents its routes with them (the `.meta()` examples and
// ids become the OpenAPI document's examples and component names); the client package
// validates every answer with the same ones. Admin and moderation schemas stay in workers/.

export {
  GuestSignIn,
  Jwks,
  OidcSignIn,
  RefreshTokenBody,
  Session,
} from "./auth-schemas.js";
export { ErrorBody } from "./error-schemas.js";
export { GameInfo, GameList, GameModeInfo, GameName } from "./games-schemas.js";
export {
  CreateLobby,
  LOBBY_CODE_ALPHABET,
  Lobby,
  LobbyAnswer,
  LobbyCode,
  LobbySettings,
} from "./lobbies-schemas.js";
export {
  MATCH_TICKET_ID_PATTERN,
  MatchCriteria,
  MatchTicket,
  MatchTicketId,
  MatchTicketQuery,
  NewMatchTicket,
} from "./matchmaking-schemas.js";
export {
  InviteToParty,
  JoinParty,
  PARTY_CODE_ALPHABET,
  PARTY_CODE_LENGTH,
  Party,
  PartyCode,
  PartyId,
  PartyInvites,
} from "./parties-schemas.js";
export {
  JoinedSession,
  JoinSessionRequest,
  PeerName,
  PeerSessionUsage,
  RegisteredSession,
  SignalQuery,
} from "./peer-sessions-schemas.js";
export {
  CrossRegionWarning,
  IssuedJoinTicket,
  Latencies,
  Properties,
  PropertyValue,
  RegionId,
} from "./placement-schemas.js";
export {
  Account,
  AccountId,
  IdempotencyKey,
  PlayerDataKey,
  PlayerDocument,
  PutPlayerDocument,
} from "./players-schemas.js";
export { RegionPong, Regions, RegionsQuery } from "./regions-schemas.js";
export {
  ChunkIndex,
  ReplayId,
  ReplayPage,
  ReplaySearchQuery,
  ReplaySummary,
} from "./replays-schemas.js";
export {
  JoinTicket,
  ROOM_ID_PATTERN,
  RoomId,
  RoomInfo,
  SpectatorTicket,
} from "./rooms-schemas.js";
export {
  JoinOrCreate,
  JoinOrCreateRequest,
  LiveSession,
  RegisterSession,
  SessionHeartbeat,
  SessionId,
  SessionKind,
  SessionMode,
  SessionPage,
  SessionSearchQuery,
} from "./sessions-schemas.js";
