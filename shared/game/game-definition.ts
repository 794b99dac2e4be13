// The contract between a game and edgetick. A game is written once and runs on the server
// (authoritative) and in the client (prediction), so `step` must be deterministic given the
// world and the inputs: no clock, no I/O, no unseeded randomness. Its replicated state is
// the entity world's schema components; the replication core sends only what changed.

import type { FairPlayRules } from "../fairplay/fair-play-rules.js";
import type { LagCompensationOptions } from "../fairplay/room-rewind.js";
import type { MatchBudget } from "../room/match-budget.js";
import type { SpatialInterestFactory } from "../room/room-interest.js";
import type { RoomOptions } from "../room/room-options.js";
import type { GameRpc } from "../rpc/rpc-server.js";
import type { LocalComponentDef } from "../schema/local-component.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { VoiceOptions } from "../voice/voice-options.js";
import type { EntitySet } from "../world/entity-set.js";
import type { World } from "../world/world.js";
import type { WorldOptions } from "../world/world-options.js";
import type { BotPolicy } from "./bot-policy.js";
import type { GameNetcode } from "./game-netcode.js";
import type { ZoneDeclaration } from "./zone-declaration.js";

/** Encodes one tick of one player's input in a fixed number of bytes. */
export interface InputCodec<Input> {
  /** Encoded size in bytes; every input of the game has this size. */
  readonly bytes: number;
  /** Writes `input` at `offset` (trusted: our own code produced it). */
  encode(input: Input, out: Uint8Array, offset: number): void;
  /** Reads an input from hostile bytes; undefined refuses it (the room closes with 4008). */
  decode(bytes: Uint8Array, offset: number): Input | undefined;
}

/** Where the room seats a joining player. */
export interface PlayerSeat {
  /**
   * The player's team (0-based, in the order the matchmaker or lobby formed them); undefined
   * in a room without teams.
   */
  readonly team: number | undefined;
}

/** Everything the room and the client need to run a game. */
export interface GameDefinition<Input> {
  /** Stable name, e.g. "arena". */
  readonly name: string;
  readonly input: InputCodec<Input>;
  /** The input applied for a player before any arrives. */
  readonly idleInput: Input;
  /**
   * The replicated components. Both ends must declare the same schema: its fingerprint
   * travels in HELLO and a mismatch is refused with 4009. `tickSeconds` must equal the
   * room's 1 / tickRate (prediction advances by it).
   */
  readonly schema: NetworkSchema;
  /**
   * Size of the world on both ends; capacity must be at least `schema.maxEntities`.
   * @default { capacity: schema.maxEntities }
   */
  readonly world?: WorldOptions;
  /** Settings of rooms running this game (tick rate, player cap…); defaults otherwise. */
  readonly roomOptions?: RoomOptions;
  /**
   * Whether the room rounds the replicated fields of its world to their declared precision
   * after every step (and the client's predictor after each predicted step), so the server
   * simulates from exactly what clients receive and a prediction reproduces it bit for bit.
   * Needs steps fine enough for the game's slowest per-tick motion (a move under half a
   * step rounds away), and predicted fields (`predict: { rate }`) with `tolerance` below
   * their step; fields predicted more loosely are left unrounded. Off, predictions are
   * corrected by up to the fields' precision.
   * @default false
   */
  readonly quantizeState?: boolean;
  /** Client netcode: which entities a player predicts, smoothing per component. */
  readonly netcode?: GameNetcode;
  /**
   * The server-only (local) components the game puts on entities. A room restored from a
   * snapshot brings back every component of its world; local ones must be listed here (and
   * their values be structured-cloneable) to be found again. Replicated ones come from
   * `schema`.
   * @default []
   */
  readonly localComponents?: readonly LocalComponentDef<unknown>[];
  /** Fills a fresh server world (static entities…); not called for a room restored from a snapshot. */
  setup?(world: World): void;
  /**
   * Adds a player's avatar; called when the player joins. `seat` says where the room put
   * the player (its team, for a room made by a mode or lobby with teams).
   */
  addPlayer(world: World, playerId: number, name: string, seat: PlayerSeat): void;
  /** Removes a player's avatar; called when the player leaves. */
  removePlayer(world: World, playerId: number): void;
  /** Called after `addPlayer` when a player joined (not when it resumes). */
  onJoin?(world: World, playerId: number, name: string): void;
  /**
   * Called before `removePlayer` when a player leaves for good: it left, was removed, or its
   * reconnection grace period ran out.
   */
  onLeave?(world: World, playerId: number): void;
  /**
   * A player's link dropped; its entities stay in the world for the room's grace period and
   * its input is the idle input. The game decides what they do meanwhile (freeze, mark,
   * hand to a bot).
   */
  onDisconnect?(world: World, playerId: number): void;
  /** A disconnected player resumed within its grace period, with the same id and entities. */
  onReconnect?(world: World, playerId: number): void;
  /**
   * Interest: fills `visible` (cleared before the call) with the entities player `playerId`
   * should hold after this tick; the room sends that player only those. Called once per
   * player per tick, after `step`. Omitted: every player holds every replicated entity.
   */
  interest?(world: World, playerId: number, visible: EntitySet): void;
  /**
   * Room-level interest management (shared/room/room-interest.ts): a spatial grid kept in
   * step with the world, a per-player radius the room can change at runtime, always / never
   * relevancy rules and a predicate. With it, `visible` reaches `interest` (when also given)
   * already holding the grid's answer, for the game to refine. A factory, called once per
   * room when it is built (after `setup` or a restore): the definition is shared by every
   * room of the isolate, the relevancy state it builds is not.
   */
  readonly spatialInterest?: SpatialInterestFactory;
  /**
   * Typed RPCs (shared/rpc): declarations and client-to-server handlers, bound with
   * `gameRpc(defineRpcs({…}), handlers)`. Omitted: a CALL frame is an unknown message type.
   */
  readonly rpc?: GameRpc;
  /**
   * Lag compensation (shared/fairplay, docs/fair-play.md): the entities that can be hit and
   * their hitboxes. With it, the room keeps a bounded history of their poses and an RPC
   * handler's `rewind` judges a shot against the world as its shooter saw it.
   */
  readonly lagCompensation?: LagCompensationOptions;
  /**
   * Fair play (shared/fairplay, docs/fair-play.md): input validation, the avatars' physics
   * limits, declared action rates, detector thresholds and the escalation ladder. With it,
   * the room runs its cheat detectors; without it, only the protocol's own checks.
   */
  readonly fairPlay?: FairPlayRules<Input>;
  /**
   * What one match (a room's life) may send and receive, and what the room does past it
   * (shared/room/match-budget.ts, docs/costs.md): the game hears of a soft limit, a hard one
   * lowers every player's state rate or ends the match. Omitted: no budget.
   */
  readonly budget?: MatchBudget;
  /**
   * Voice chat (shared/voice, docs/voice.md): the channels players talk on — proximity (a
   * hearing radius around the speaker, from the spatial interest's positions), team or global
   * — and the room's voice budgets. The room relays each frame only to those who should hear
   * it. Omitted: no voice; a VOICE frame closes its link with 4004.
   */
  readonly voice?: VoiceOptions;
  /**
   * The world's partition into zones (docs/zones.md): with it, the game runs as a world of
   * zones, each a room running this definition for its area, reached through `/v1/worlds`;
   * border entities are ghosted into neighbours and avatars handed across edges. Omitted: a
   * game of rooms.
   */
  readonly zones?: ZoneDeclaration;
  /**
   * How load-testing bots play the game (`edgetick-bots`, docs/bots.md). Omitted: bots hold
   * `idleInput`.
   */
  readonly bot?: BotPolicy<Input>;
  /**
   * Advances the world by one fixed step of `dt` seconds, in place. `inputs` holds one
   * input per player present this tick.
   */
  step(world: World, inputs: ReadonlyMap<number, Input>, dt: number): void;
}
