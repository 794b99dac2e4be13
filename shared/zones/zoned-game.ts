// What a game module declares to run as a world of zones: its grid, the width of the band
// along a shared edge (entities there are ghosted into the neighbour; an avatar there gets
// a ticket for it), the hysteresis past the edge before authority moves, and the few facts
// only the game knows (where an entity is, which entity is a player's avatar). A zoned game
// is an ordinary GameDefinition plus `zones`: each zone runs it, for its area.

import type { GameDefinition } from "../game/game-definition.js";
import type { Entity, World } from "../world/world.js";
import { ZoneGrid, type ZoneGridOptions } from "./zone-grid.js";

/** The zone partition and handoff rules of a game. */
export interface ZoneDeclaration {
  readonly grid: ZoneGridOptions;
  /**
   * Width of the band along each shared edge, world units: entities within it of a
   * neighbour's area are ghosted there, and an avatar within it gets a ticket for it (its
   * client connects ahead). Wider: earlier tickets and more ghosts.
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
  /** Player `playerId`'s avatar, or -1 (none yet, or it has none). */
  avatarOf(world: World, playerId: number): Entity;
  /**
   * Rebinds an avatar imported by a handoff to its player's id in this zone (zones number
   * players on their own). Omitted: the game keys nothing by player id on the avatar.
   */
  adoptAvatar?(world: World, e: Entity, playerId: number): void;
}

/** A game that runs as a world of zones. */
export interface ZonedGame<Input> extends GameDefinition<Input> {
  readonly zones: ZoneDeclaration;
}

/** A declaration with its defaults applied and its grid built. */
export interface ResolvedZones extends Required<Omit<ZoneDeclaration, "adoptAvatar">> {
  readonly partition: ZoneGrid;
  readonly adoptAvatar: ZoneDeclaration["adoptAvatar"];
}

/** @throws RangeError naming the field that is out of range. */
export function resolveZones(decl: ZoneDeclaration): ResolvedZones {
  const partition = new ZoneGrid(decl.grid);
  const ghostEveryTicks = decl.ghostEveryTicks ?? 3;
  const ticketTtlMs = decl.ticketTtlMs ?? 5000;
  if (!(decl.border > 0)) throw new RangeError("zones.border must be > 0");
  if (!(decl.handoffMargin >= 0 && decl.handoffMargin < decl.border))
    throw new RangeError("zones.handoffMargin must be >= 0 and < zones.border");
  if (decl.border * 2 > Math.min(decl.grid.zoneWidth, decl.grid.zoneHeight))
    throw new RangeError("zones.border must be at most half a zone's width and height");
  if (!Number.isInteger(ghostEveryTicks) || ghostEveryTicks < 1)
    throw new RangeError("zones.ghostEveryTicks must be an integer >= 1");
  if (!(ticketTtlMs > 0)) throw new RangeError("zones.ticketTtlMs must be > 0");
  return { ...decl, partition, ghostEveryTicks, ticketTtlMs, adoptAvatar: decl.adoptAvatar };
}
