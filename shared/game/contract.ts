// The game contract: everything a game module imports, and nothing else. A module written
// against this file runs on the server (authoritative), in the client (prediction) and in
// tests; it never imports the room, the protocol or a platform. Published as
// `@edgetick/game`. Named exports only: what is not listed here is not part of the contract.

// A free-form argument's validator answers ok(value) or err(reason).
export { type Err, err, type Ok, ok, type Result } from "../codec/result.js";
export type { Evidence, FairPlayVerdict } from "../fairplay/fair-play-evidence.js";
export {
  type ActionLimit,
  DETECTORS,
  type DetectorName,
  type DetectorThreshold,
  type EscalationRules,
  type EscalationStep,
  type FairPlayRules,
  type MotionRules,
  type MotionSample,
} from "../fairplay/fair-play-rules.js";
export type { LagCompensationOptions, PlayerRewind } from "../fairplay/room-rewind.js";
export type { MatchModeOptions } from "../matchmaking/mode-options.js";
export { RelevancyRules } from "../room/relevancy-rules.js";
export type {
  EntityPositions,
  SpatialInterest,
  SpatialInterestFactory,
  Viewpoint,
} from "../room/room-interest.js";
export type { RoomOptions } from "../room/room-options.js";
export { type ArgSchema, type ArgsOf, type ArgType, arg } from "../rpc/rpc-args.js";
export type { FreeFormValidator, FreeFormValue } from "../rpc/rpc-free-form.js";
export {
  type GameRpc,
  gameRpc,
  type RpcContext,
  type RpcHandlers,
  type RpcTarget,
} from "../rpc/rpc-server.js";
export {
  defineRpcs,
  type RpcDeclaration,
  type RpcDeclarations,
  type RpcDelivery,
  type RpcDirection,
} from "../rpc/rpc-table.js";
export { type AngleOptions, angle } from "../schema/angle-field.js";
export {
  type ComponentDef,
  type ComponentOptions,
  defineComponent,
  type Schema,
  type StoreOf,
  type ValuesOf,
} from "../schema/component.js";
export type { Field, FieldView, PredictOptions } from "../schema/field.js";
export {
  type BoundedIntOptions,
  bool,
  boundedInt,
  enumOf,
  uint8,
  uint16,
  uint32,
} from "../schema/int-field.js";
export {
  type LinearFieldOptions,
  quantizedFloat,
  type Vec2View,
  type Vec3View,
  vec2,
  vec3,
} from "../schema/linear-field.js";
export { defineLocalComponent, type LocalComponentDef } from "../schema/local-component.js";
export {
  defineNetworkSchema,
  type NetworkSchema,
  type NetworkSchemaOptions,
} from "../schema/network-schema.js";
export type { NetworkSync, UpdateFrequency } from "../schema/network-sync.js";
export {
  type QuaternionOptions,
  type QuaternionView,
  quaternion,
} from "../schema/quaternion-field.js";
export { type BoundedStringOptions, boundedString } from "../schema/string-field.js";
export type {
  VoiceChannelKind,
  VoiceChannelOptions,
  VoiceOptions,
} from "../voice/voice-options.js";
export type { ComponentStore, LocalStore, SchemaStore } from "../world/component-store.js";
export { EntitySet } from "../world/entity-set.js";
export { Query } from "../world/query.js";
export { type AnyComponent, type Entity, World } from "../world/world.js";
export type { WorldOptions } from "../world/world-options.js";
export type { BotCall, BotPolicy, BotView } from "./bot-policy.js";
export type { GameDefinition, InputCodec, PlayerSeat } from "./game-definition.js";
export {
  defineGameModule,
  type GameMode,
  type GameModule,
  type RoomAccess,
} from "./game-module.js";
export {
  type ComponentNetcode,
  DEFAULT_FIELD_NETCODE,
  type FieldNetcode,
  fieldNetcode,
  type GameNetcode,
} from "./game-netcode.js";
export type {
  DataHookContext,
  DocumentSchema,
  DocumentUpgrade,
  PlayerData,
  PlayerDocuments,
  RoomDataHooks,
} from "./player-documents.js";
export type { ZoneDeclaration, ZonedGame, ZoneGridOptions } from "./zone-declaration.js";
