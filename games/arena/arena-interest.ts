// The arena's interest: a player holds the ships within its view radius of its own ship (by
// default the whole arena, so nothing changes until it zooms in with the setViewRadius RPC),
// always its own ship, and never the ship of a player who is away — its link dropped and the
// room waits for it to resume. An away ship cannot move and would pass for a live player
// parked there; it comes back, with its full current state, when its player does.
//
// The GameDefinition is one object shared by every room of an isolate, and its hooks get only
// the world: each room's state (relevancy rules, ship by player) hangs off the room's World,
// built by the spatialInterest factory the room calls once.

import { EntitySet, RelevancyRules, type SpatialInterest, type World } from "@edgetick/game";
import { ARENA_HEIGHT, ARENA_WIDTH, Ship } from "./arena-state.js";
import { collectShips } from "./arena-step.js";

/** A player's view radius, arena units: the setViewRadius RPC clamps what it is asked. */
export const ARENA_VIEW_RADIUS = {
  /** Still a few ship lengths around the own ship. */
  MIN: 100,
  /** Past the arena's diagonal (√(1600² + 900²) ≈ 1836): every ship, wherever it is. */
  MAX: 2000,
  /** Every player's radius until it sets one: the whole arena, as without interest. */
  DEFAULT: 2000,
} as const;

// 8 × 5 cells of 200 units: a zoomed-in view examines a few cells, the default all 40.
const CELL_SIZE = 200;

/** `radius` clamped into [ARENA_VIEW_RADIUS.MIN, ARENA_VIEW_RADIUS.MAX]. */
export function clampViewRadius(radius: number): number {
  return Math.min(Math.max(radius, ARENA_VIEW_RADIUS.MIN), ARENA_VIEW_RADIUS.MAX);
}

/**
 * One arena room's interest state; the game's hooks keep it in step as ships come and go.
 * @example
 * arenaInterestOf(world)?.shipAdded(e, playerId);  // in addPlayer
 * arenaInterestOf(world)?.setAway(playerId, true); // in onDisconnect
 */
export class ArenaInterest {
  /** This room's relevancy: own ship always, away ships never. */
  readonly rules: RelevancyRules;
  /** The ships, i.e. the entities the interest grid places. */
  readonly #placed: EntitySet;
  /** Ship entity by owner. */
  readonly #ships = new Map<number, number>();

  /**
   * Ships already in `world` come from a snapshot: a restored room brings every player back
   * disconnected (RoomCore), so they start away until their players resume.
   */
  constructor(world: World) {
    this.rules = new RelevancyRules(world.capacity);
    this.#placed = new EntitySet(world.capacity);
    const owner = world.store(Ship).owner;
    const ships = collectShips(world);
    for (let i = 0; i < ships.count; i++) {
      const e = ships.entities[i]!;
      this.shipAdded(e, owner[e]!);
      this.setAway(owner[e]!, true);
    }
  }

  /** `playerId`'s ship `e` spawned: placed in the grid and always relevant to its owner. */
  shipAdded(e: number, playerId: number): void {
    this.#ships.set(playerId, e);
    this.#placed.add(e);
    this.rules.setOwner(e, playerId);
  }

  /** `playerId`'s ship is despawning: its flags are cleared before its id is reused. */
  shipRemoved(playerId: number): void {
    const e = this.#ships.get(playerId);
    if (e === undefined) return;
    this.#ships.delete(playerId);
    this.#placed.delete(e);
    this.rules.forgetEntity(e);
  }

  /** Hides `playerId`'s ship from everyone while its player is away (`away`), or shows it. */
  setAway(playerId: number, away: boolean): void {
    const e = this.#ships.get(playerId);
    // Hidden wins over the owner's "always": moot, the owner has no link while away.
    if (e !== undefined) this.rules.setHidden(e, away);
  }

  /** The room's SpatialInterest over this state (closures made once, for the room's life). */
  spec(world: World): SpatialInterest {
    const pos = world.store(Ship).pos;
    const positions = { x: pos.x, y: pos.y, placed: this.#placed };
    const ships = this.#ships;
    return {
      bounds: { width: ARENA_WIDTH, height: ARENA_HEIGHT },
      radius: ARENA_VIEW_RADIUS.DEFAULT,
      cellSize: CELL_SIZE,
      positions: () => positions,
      viewpoint(_world, playerId, out) {
        const e = ships.get(playerId);
        if (e === undefined) return false;
        out.x = pos.x[e]!;
        out.y = pos.y[e]!;
        return true;
      },
      rules: this.rules,
    };
  }
}

const rooms = new WeakMap<World, ArenaInterest>();

/** The interest state of the room running `world`; undefined outside a room (a client's world). */
export function arenaInterestOf(world: World): ArenaInterest | undefined {
  return rooms.get(world);
}

/** GameDefinition.spatialInterest of the arena: builds the room's state, once per room. */
export function arenaSpatialInterest(world: World): SpatialInterest {
  const state = new ArenaInterest(world);
  rooms.set(world, state);
  return state.spec(world);
}
