// The zone partition as a game declares it: part of the game contract, so a game module
// (which imports only the contract) types its zones like any other field. A game with
// `zones` runs as a world of zones (shared/zones, docs/zones.md): every zone runs the game
// for its area; hosts ghost border entities into neighbours and hand avatars across edges.

import type { Entity, World } from "../world/world.js";
import type { GameDefinition } from "./game-definition.js";

/** The grid of zones a game declares (world units): equal rectangles, `columns × rows`. */
export interface ZoneGridOptions {
  /** The grid's lower-left corner. */
  readonly originX: number;
  readonly originY: number;
  /** Each zone's size. */
  readonly zoneWidth: number;
  readonly zoneHeight: number;
  /** Zones along x and along y. */
  readonly columns: number;
  readonly rows: number;
}

/** The zone partition and handoff rules of a game (validated by shared/zones' resolveZones). */
export interface ZoneDeclaration {
  readonly grid: ZoneGridOptions;
  /**
   * Width of the band along each shared edge, world units: entities within it of a
   * neighbour's area are ghosted there, and an avatar within it gets a ticket for it (its
   * client connects ahead). Wider: earlier tickets and more ghosts. At most half a zone.
   */
  readonly border: number;
  /**
   * How far past the edge an avatar goes before its authority moves, world units: the
   * hysteresis that keeps a player walking along an edge from bouncing between zones.
   * Must be below `border` (the avatar must still be ghosted back where it came from).
   */
  readonly handoffMargin: number;
  /**
   * Ticks between two ghost batches to a neighbour (the bounded DO-to-DO rate).
   * @default 3
   */
  readonly ghostEveryTicks?: number;
  /**
   * How long a ticket waits for its client, ms; an unused one is cancelled on both sides.
   * @default 5000
   */
  readonly ticketTtlMs?: number;
  /** Writes entity `e`'s position to out[0] (x) and out[1] (y); false: it is not placed. */
  position(world: World, e: Entity, out: Float64Array): boolean;
  /**
   * Player `playerId`'s avatar, or -1 (none yet, or it has none). Never a ghost: key it by a
   * local component (ghosts carry only replicated ones).
   */
  avatarOf(world: World, playerId: number): Entity;
  /**
   * Rebinds an avatar imported by a handoff to its player's id in this zone (zones number
   * players on their own). Omitted: the game keys nothing by player id on the avatar.
   */
  adoptAvatar?(world: World, e: Entity, playerId: number): void;
  /**
   * Rewrites the values ghost `e` shows in this zone, once each time a neighbour's values
   * for it arrive (numeric fields only: what it writes is kept until the next batch). A
   * replicated field naming a player (an owner id) is numbered by the sending zone, where a
   * player of this zone can hold the same id: the client predicate (`netcode.predicted`) of
   * that player would then predict the ghost as its own. Write a value no player holds
   * (player ids are 1–65535: 0 names no one). Omitted: ghosts show the sender's values.
   */
  ghosted?(world: World, e: Entity): void;
}

/** A game that runs as a world of zones: its `zones` declared. */
export interface ZonedGame<Input> extends GameDefinition<Input> {
  readonly zones: ZoneDeclaration;
}
