// @edgetick/client: join edgetick rooms, send inputs, receive authoritative state.

export { ByteReader } from "../../shared/codec/byte-reader.js";
export { ByteWriter } from "../../shared/codec/byte-writer.js";
export type { GameDefinition, InputCodec } from "../../shared/game/game-definition.js";
export {
  type ComponentNetcode,
  DEFAULT_FIELD_NETCODE,
  type FieldNetcode,
  type GameNetcode,
} from "../../shared/game/game-netcode.js";
// The HTTP contract: the schemas the Worker declares its routes with, and their types.
export {
  Account,
  AccountId,
  CreateLobby,
  CrossRegionWarning,
  ErrorBody,
  GameInfo,
  GameList,
  GameModeInfo,
  GameName,
  GuestSignIn,
  IdempotencyKey,
  InviteToParty,
  IssuedJoinTicket,
  JoinOrCreate,
  JoinOrCreateRequest,
  JoinParty,
  JoinTicket,
  Jwks,
  Latencies,
  LiveSession,
  LOBBY_CODE_ALPHABET,
  Lobby,
  LobbyAnswer,
  LobbyCode,
  LobbySettings,
  MATCH_TICKET_ID_PATTERN,
  MatchCriteria,
  MatchTicket,
  MatchTicketId,
  MatchTicketQuery,
  NewMatchTicket,
  OidcSignIn,
  PARTY_CODE_ALPHABET,
  PARTY_CODE_LENGTH,
  Party,
  PartyCode,
  PartyId,
  PartyInvites,
  PlayerDataKey,
  PlayerDocument,
  Properties,
  PropertyValue,
  PutPlayerDocument,
  RefreshTokenBody,
  RegionId,
  RegionPong,
  Regions,
  RegionsQuery,
  RegisterSession,
  ReplayId,
  ReplayPage,
  ReplaySearchQuery,
  ReplaySummary,
  ROOM_ID_PATTERN,
  RoomId,
  RoomInfo,
  Session,
  SessionHeartbeat,
  SessionId,
  SessionKind,
  SessionMode,
  SessionPage,
  SessionSearchQuery,
  SpectatorTicket,
} from "../../shared/http/index.js";
export { MAX_MESH_FRAME_BYTES, MESH_PROTOCOL_VERSION } from "../../shared/peer/mesh-messages.js";
export type {
  IceServer,
  PeerInfo,
  RosterEntry,
  SignalData,
} from "../../shared/peer/signal-messages.js";
export { CLOSE, type CloseCode, describeClose } from "../../shared/protocol/close-codes.js";
export { PROTOCOL_VERSION } from "../../shared/protocol/limits.js";
export { mulberry32 } from "../../shared/random/mulberry32.js";
// Replay formats: the manifest a replay player reads (docs/client.md, "Spectating and replays").
export { REPLAY_CHUNK_FORMAT } from "../../shared/replay/replay-chunk.js";
export {
  REPLAY_MANIFEST_FORMAT,
  ReplayChunkEntry,
  ReplayManifest,
} from "../../shared/replay/replay-manifest.js";
export {
  ReplicationClient,
  type UpdateSummary,
} from "../../shared/replication/replication-client.js";
// Types of the values a connection hands out (its world, stores, RPC tables). The kit to
// define a game (components, schemas, RPC declarations) is @edgetick/game's.
export type {
  RpcArgs,
  RpcDeclarations,
  RpcNames,
  RpcResult,
} from "../../shared/rpc/rpc-table.js";
export type { ComponentDef, Schema, StoreOf, ValuesOf } from "../../shared/schema/component.js";
export type { NetworkSchema } from "../../shared/schema/network-schema.js";
export { EDGETICK_VERSION } from "../../shared/version.js";
export type { ComponentStore, SchemaStore } from "../../shared/world/component-store.js";
export type { EntitySet } from "../../shared/world/entity-set.js";
export type { Query } from "../../shared/world/query.js";
export type { AnyComponent, Entity, World } from "../../shared/world/world.js";
export type { ZoneId } from "../../shared/zones/zone-grid.js";
export { ClientSession, type ReceivedMessage, type StaleSnapshot } from "./client-session.js";
export { ClockSync, type ClockSyncOptions } from "./clock-sync.js";
export { CodedError } from "./coded-error.js";
export { ConnectError, connect } from "./connect.js";
export {
  type ConnectOptions,
  DEFAULT_CONNECT_OPTIONS,
  type ResolvedConnectOptions,
  resolveConnectOptions,
  roomUrl,
  type SimulateOptions,
} from "./connect-options.js";
export {
  createHttpClient,
  HttpClient,
  type ReplaySearch,
  type SessionSearch,
} from "./http/http-client.js";
export { HTTP_CLIENT_CODE, type HttpClientCode, HttpError } from "./http/http-error.js";
export {
  type HttpAnswer,
  type HttpClientOptions,
  type HttpFetch,
  type HttpRequestInit,
  type ResolvedHttpOptions,
  resolveHttpOptions,
} from "./http/http-options.js";
export { InputTiming, type InputTimingOptions } from "./input-timing.js";
export {
  type MeasureRegionsOptions,
  measureRegions,
  type RegionLatency,
  type RegionMeasurement,
} from "./measure-regions.js";
export { NetClient, type NetClientEvents, type NetClientOptions } from "./net-client.js";
export type { NetRates, NetStatsSample } from "./net-stats.js";
export {
  DEFAULT_NETCODE_OPTIONS,
  type InterpolationOptions,
  type NetcodeOptions,
  type PredictionOptions,
  type ResolvedNetcodeOptions,
  resolveNetcodeOptions,
  type SyncOptions,
} from "./netcode-options.js";
// Listen sessions over WebRTC or the session relay, and host migration (docs/sessions.md).
export type { CandidateFilter, CandidateInfo } from "./peer/candidate-filter.js";
export { type HostSessionOptions, hostSession } from "./peer/host-session.js";
export { joinSession } from "./peer/join-session.js";
export { ListenHost, type ListenHostOptions, type OwnPlayerOptions } from "./peer/listen-host.js";
// P2P mesh sessions (docs/sessions.md, "P2P mesh").
export type { AdoptedEntity } from "./peer/mesh/handover.js";
export {
  createMesh,
  type LeaveOptions,
  Mesh,
  type MeshEvents,
  type MeshPeer,
  type RemovePeerOptions,
} from "./peer/mesh/mesh.js";
export type { MeshPeerStats } from "./peer/mesh/mesh-link.js";
export {
  DEFAULT_MESH_OPTIONS,
  MAX_MESH_PEERS,
  type MeshGame,
  type MeshOptions,
  type ResolvedMeshOptions,
  resolveMeshOptions,
} from "./peer/mesh/mesh-options.js";
// Voice in a P2P mesh (docs/voice.md, "Peer sessions").
export {
  createMeshVoice,
  type MeshVoiceEvents,
  MeshVoiceLink,
  type MeshVoiceStats,
} from "./peer/mesh/mesh-voice.js";
export {
  DEFAULT_MESH_VOICE_OPTIONS,
  type MeshVoiceOptions,
  type ResolvedMeshVoiceOptions,
  resolveMeshVoiceOptions,
} from "./peer/mesh/mesh-voice-options.js";
export {
  type JoinMeshOptions,
  joinMesh,
  type MeshLinkReport,
  type MeshLinkRole,
  type MeshLinkState,
  MeshSession,
  type MeshSessionEvents,
} from "./peer/mesh-session.js";
// Listen sessions: migration snapshots, peer links, the relay and the signaling socket.
export {
  type MirrorPlayers,
  type MirrorSnapshot,
  type MirrorSource,
  snapshotFromMirror,
} from "./peer/mirror-snapshot.js";
export { type LinkListener, PeerAcceptor } from "./peer/peer-acceptor.js";
export {
  type JoinSessionOptions,
  type MigrationEvent,
  PeerSession,
  type PeerSessionEvents,
} from "./peer/peer-session.js";
export {
  type PeerLinkReport,
  type PeerTransport,
  type PeerTransportOptions,
  peerTransport,
} from "./peer/peer-transport.js";
export {
  acceptRelayTransport,
  type RelayTransportOptions,
  relayTransport,
} from "./peer/relay-transport.js";
export {
  DEFAULT_RTC_OPTIONS,
  type ResolvedRtcOptions,
  type RtcOptions,
  resolveRtcOptions,
  type UnreliableChannelOptions,
} from "./peer/rtc-options.js";
export type {
  RtcConfiguration,
  RtcPeerConnectionConstructor,
  RtcPeerConnectionLike,
} from "./peer/rtc-peer-connection.js";
export {
  answerRtcTransport,
  DATA_CHANNEL_LABELS,
  type RtcTransport,
  rtcTransport,
} from "./peer/rtc-transport.js";
export {
  type HostChange,
  type RelayedFrame,
  SignalingClient,
  type SignalingEvents,
  type SignalingWelcome,
} from "./peer/signaling-client.js";
export {
  DEFAULT_SIGNALING_OPTIONS,
  type ResolvedSignalingOptions,
  resolveSignalingOptions,
  type SignalingOptions,
} from "./peer/signaling-options.js";
export { type PredictionCounters, Predictor } from "./predictor.js";
export {
  backoffDelay,
  DEFAULT_RECONNECT_OPTIONS,
  type ReconnectOptions,
  type ResolvedReconnectOptions,
} from "./reconnect-options.js";
export { RenderView } from "./render-view.js";
// Replays (docs/client.md, "Spectating and replays").
export { openReplay } from "./replay/open-replay.js";
export { type ChunkLoader, ReplayChunks } from "./replay/replay-chunks.js";
export { MAX_REPLAY_SPEED, MIN_REPLAY_SPEED } from "./replay/replay-clock.js";
export { REPLAY_ERROR, ReplayError, type ReplayErrorCode } from "./replay/replay-error.js";
export { checkReplayManifest } from "./replay/replay-manifest-check.js";
export {
  createReplayPlayer,
  type ReplayEvents,
  ReplayPlayer,
} from "./replay/replay-player.js";
export {
  DEFAULT_REPLAY_PLAYER_OPTIONS,
  type ReplayPlayerOptions,
  type ResolvedReplayPlayerOptions,
  resolveReplayPlayerOptions,
} from "./replay/replay-player-options.js";
export { RoomConnection } from "./room-connection.js";
export type { CloseInfo, ConnectionState, RoomEvents } from "./room-events.js";
export {
  DEFAULT_RPC_BACKPRESSURE_BYTES,
  RoomRpc,
  type RoomRpcOptions,
  RPC_CONNECTION_CLOSED,
  RPC_LINK_LOST,
  RPC_SUPERSEDED,
  RpcError,
} from "./room-rpc.js";
export { SimulatedLink, type SimulatedLinkOptions } from "./simulated-link.js";
export { SAMPLE, type SampleKind, SnapshotBuffer } from "./snapshot-buffer.js";
// Spectating a room (docs/client.md, "Spectating and replays").
export { type AvatarOf, avatarOfGame, FollowTarget } from "./spectate/follow-target.js";
export { spectate } from "./spectate/spectate.js";
export {
  type ResolvedSpectateOptions,
  resolveSpectateOptions,
  type SpectateOptions,
} from "./spectate/spectate-options.js";
export {
  type RpcEvents,
  SpectatorConnection,
  type SpectatorEvents,
} from "./spectate/spectator-connection.js";
export {
  type LoopbackTransportPair,
  loopbackTransportPair,
} from "./transport/loopback-transport.js";
export {
  type SimulatedTransportOptions,
  type SimulatedTransportPair,
  simulatedTransportPair,
} from "./transport/simulated-transport.js";
export type {
  Channel,
  Transport,
  TransportFactory,
  TransportPath,
  TransportState,
} from "./transport/transport.js";
export { webSocketTransport } from "./transport/websocket-transport.js";
// Voice chat (docs/voice.md).
export {
  DEFAULT_JITTER_BUFFER_OPTIONS,
  JitterBuffer,
  type JitterBufferOptions,
  type JitterBufferStats,
  type PlayoutSlot,
} from "./voice/jitter-buffer.js";
export type { MicrophoneOptions } from "./voice/microphone.js";
export {
  DEFAULT_SPATIAL_OPTIONS,
  resolveSpatialOptions,
  type SpatialOptions,
  type VoicePosition,
} from "./voice/spatial-options.js";
export { TalkGate, type TalkMode, type TalkStep } from "./voice/talk-gate.js";
export {
  DEFAULT_VAD_OPTIONS,
  frameLevelDb,
  SILENCE_DB,
  VadGate,
  type VadOptions,
} from "./voice/vad-gate.js";
export { createVoiceChat, VoiceChat, type VoiceChatEvents } from "./voice/voice-chat.js";
export {
  DEFAULT_VOICE_CHAT_OPTIONS,
  type ResolvedVoiceChatOptions,
  resolveVoiceChatOptions,
  VOICE_FRAME_MS,
  type VoiceChannelInfo,
  type VoiceChatOptions,
} from "./voice/voice-chat-options.js";
export { VOICE_ERROR, VoiceError, type VoiceErrorCode } from "./voice/voice-error.js";
export type { VoiceLink } from "./voice/voice-link.js";
export type { SentVoiceFrame } from "./voice/voice-sender.js";
export { VOICE_SEQ_SPACE, voiceSeqAdd, voiceSeqDiff } from "./voice/voice-seq.js";
export { WorldClient, type WorldClientOptions } from "./zones/world-client.js";
