// The room's interest management: an InterestGrid kept in step with the world once per tick,
// then per player the entities within its radius of its viewpoint, filtered by the game's
// predicate, plus its always-relevant entities, minus its never-relevant ones. The replication
// core turns the difference from what the client holds into spawns (full state) and despawns.
// A game declares a factory, not a spec: several rooms of one game share an isolate (and the
// static GameDefinition), so relevancy state must be built once per room.

import type { EntitySet } from "../world/entity-set.js";
import type { World } from "../world/world.js";
import { InterestGrid } from "./interest-grid.js";
import type { RelevancyRules } from "./relevancy-rules.js";

/** Cells per interest radius when the game names no cell size (SpatialInterest.cellSize). */
const DEFAULT_CELLS_PER_RADIUS = 4;

/** Position columns indexed by entity id, and which entities have a position. */
export interface EntityPositions {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Entities to place in the grid; others are never spatially relevant. */
  readonly placed: EntitySet;
}

/** A point a player looks from. */
export interface Viewpoint {
  x: number;
  y: number;
}

/** One room's spatial interest, built by the game's {@link SpatialInterestFactory}. */
export interface SpatialInterest {
  /** Area the grid covers, units; positions outside clamp to the edge cells. */
  readonly bounds: {
    readonly minX?: number;
    readonly minY?: number;
    width: number;
    height: number;
  };
  /** Interest radius of a player until the room changes it, units (> 0). */
  readonly radius: number;
  /**
   * Grid cell side, units. Smaller cells let a query skip more of what is out of range (a
   * quarter of the radius examines about 1.4× what is in range where a cell of the radius
   * examines about 3×) for a few more cells per query and more relinks as entities move.
   * @default radius / 4
   */
  readonly cellSize?: number;
  /** Where the entities are (called once per tick, after `step`). */
  positions(world: World): EntityPositions;
  /**
   * Writes where `playerId` looks from into `out`; false when it has none this tick (it
   * then holds only its always-relevant entities).
   */
  viewpoint(world: World, playerId: number, out: Viewpoint): boolean;
  /**
   * Always / never relevancy (own, teammates', global; hidden, secrets). Create it in the
   * factory: its flags belong to this room.
   */
  readonly rules?: RelevancyRules;
  /** The game's own rule, asked for each entity in range: false keeps it from the player. */
  relevant?(world: World, playerId: number, entity: number): boolean;
  /**
   * The game's priority factor (> 0) for `entity` as `playerId` sees it, multiplying the
   * components' NetworkSync priority when the player's byte budget is short; asked only
   * then, for entities with something to send. `distance` is from the player's viewpoint
   * (Infinity without one or for an entity without a position).
   * @default (1 / (1 + distance / radius))²: a quarter as urgent at the edge of the view;
   * 0.25 when the distance is unknown
   */
  priority?(world: World, playerId: number, entity: number, distance: number): number;
}

/**
 * Builds a room's {@link SpatialInterest} (GameDefinition.spatialInterest). The room calls it
 * once, when it is built, after `setup` or the restore of a snapshot: `world` already holds
 * what the room starts with. Anything that changes while the room runs (its RelevancyRules,
 * maps of avatars) is created here, never shared between rooms.
 * @example
 * spatialInterest: (world) => ({ bounds, radius: 400, positions, viewpoint, rules: new RelevancyRules(world.capacity) })
 */
export type SpatialInterestFactory = (world: World) => SpatialInterest;

/**
 * @example
 * const interest = new RoomInterest(world, game.spatialInterest(world));
 * interest.update();                    // once per tick, after step
 * interest.fill(playerId, visible);     // per player
 * interest.setRadius(playerId, 500);    // at runtime
 */
/**
 * The viewpoint the game's hook writes each player's position into. A class, not an object
 * literal: a literal shares its hidden class with every `{ x, y }` literal of the program,
 * and V8 may then hold its fields as generic values, where each double the hook writes is a
 * fresh 16 B heap number: 32 B per player per tick in the arena room as a literal (measured,
 * 8 players, optimized), nothing as a class.
 */
class ViewpointSlot implements Viewpoint {
  x = 0;
  y = 0;
}

export class RoomInterest {
  readonly grid: InterestGrid;
  readonly #world: World;
  readonly #spec: SpatialInterest;
  readonly #radius = new Map<number, number>();
  readonly #view: Viewpoint = new ViewpointSlot();
  #defaultRadius: number;
  #player = 0;
  /** Entities examined by the last {@link fill} (its cost, for benches and tests). */
  examined = 0;
  /**
   * Weight factor of an entity for the player of the last {@link fill} (pass it with that
   * player's update: the room fills, then writes, player by player).
   */
  readonly priorityFactor: (entity: number) => number;
  #hasView = false;
  readonly #accept: ((entity: number) => boolean) | undefined;

  /** @throws naming the bad field. */
  constructor(world: World, spec: SpatialInterest) {
    checkRadius(spec.radius);
    this.#world = world;
    this.#spec = spec;
    this.#defaultRadius = spec.radius;
    this.grid = new InterestGrid({
      capacity: world.capacity,
      minX: spec.bounds.minX,
      minY: spec.bounds.minY,
      width: spec.bounds.width,
      height: spec.bounds.height,
      cellSize: spec.cellSize ?? spec.radius / DEFAULT_CELLS_PER_RADIUS,
    });
    // One closure for the room's life, not one per query or entity.
    const relevant = spec.relevant;
    this.#accept =
      relevant === undefined ? undefined : (e) => relevant(this.#world, this.#player, e);
    this.priorityFactor = (e) => this.#factor(e);
  }

  #factor(entity: number): number {
    const grid = this.grid;
    const distance =
      this.#hasView && grid.has(entity)
        ? Math.sqrt((grid.x(entity) - this.#view.x) ** 2 + (grid.y(entity) - this.#view.y) ** 2)
        : Number.POSITIVE_INFINITY;
    const custom = this.#spec.priority;
    if (custom) return custom(this.#world, this.#player, entity, distance);
    // Squared: nearer entities clearly win when the budget is short (4:1 centre to edge).
    const near = Number.isFinite(distance) ? 1 / (1 + distance / this.radiusOf(this.#player)) : 0.5;
    return near * near;
  }

  /** The game's always / never relevancy rules and teams (SpatialInterest.rules). */
  get rules(): RelevancyRules | undefined {
    return this.#spec.rules;
  }

  /** The radius players get unless set one by one, units. */
  get defaultRadius(): number {
    return this.#defaultRadius;
  }

  /** Changes the room's default radius (players without their own radius follow it). */
  setDefaultRadius(radius: number): void {
    checkRadius(radius);
    this.#defaultRadius = radius;
  }

  /** Gives `playerId` its own radius (null: back to the room's default). */
  setRadius(playerId: number, radius: number | null): void {
    if (radius === null) {
      this.#radius.delete(playerId);
      return;
    }
    checkRadius(radius);
    this.#radius.set(playerId, radius);
  }

  /** `playerId`'s own radius, units (undefined: it follows the room's default). */
  ownRadius(playerId: number): number | undefined {
    return this.#radius.get(playerId);
  }

  /** The radius `playerId` sees with, units. */
  radiusOf(playerId: number): number {
    return this.#radius.get(playerId) ?? this.#defaultRadius;
  }

  /** Forgets a player who left. */
  removePlayer(playerId: number): void {
    this.#radius.delete(playerId);
    this.#spec.rules?.removePlayer(playerId);
  }

  /**
   * Brings the grid to the world's positions: moves entities whose position changed, adds
   * new ones and removes those no longer placed. O(capacity / 32 + placed), once per tick.
   */
  update(): void {
    const { x, y, placed } = this.#spec.positions(this.#world);
    const grid = this.grid;
    const words = placed.words;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const e = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        const ex = x[e]!;
        const ey = y[e]!;
        if (!grid.has(e) || grid.x(e) !== ex || grid.y(e) !== ey) grid.move(e, ex, ey);
      }
    }
    if (grid.size === placed.count()) return;
    // Some entity left the placed set (despawned, lost its position): drop it.
    for (let e = 0; e < grid.capacity; e++) if (grid.has(e) && !placed.has(e)) grid.remove(e);
  }

  /** Adds what `playerId` should hold this tick to `visible` (which the room cleared). */
  fill(playerId: number, visible: EntitySet): void {
    const spec = this.#spec;
    this.examined = 0;
    this.#player = playerId;
    this.#hasView = spec.viewpoint(this.#world, playerId, this.#view);
    if (this.#hasView) {
      // The viewpoint object, not its coordinates: passing doubles would box them per query.
      const radius = this.radiusOf(playerId);
      this.examined = this.grid.queryAround(this.#view, radius, visible, this.#accept);
    }
    if (spec.rules === undefined) return;
    spec.rules.addAlways(playerId, visible);
    spec.rules.removeNever(playerId, visible);
  }
}

function checkRadius(radius: number): void {
  if (!(radius > 0) || !Number.isFinite(radius))
    throw new RangeError("interest.radius must be a finite number > 0");
}
