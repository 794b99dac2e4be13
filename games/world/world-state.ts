// The open world: avatars walking a plain split into a 4×4 grid of zones, each zone its own
// room (docs/zones.md). Units are world units (1 ≈ 1 px at 1:1 zoom) and seconds.

import {
  defineComponent,
  defineLocalComponent,
  defineNetworkSchema,
  uint16,
  uint32,
  vec2,
} from "@edgetick/game";

/** Zones along each axis. */
export const WORLD_ZONES_PER_SIDE = 4;
/** A zone's width and height, in world units. */
export const WORLD_ZONE_SIZE = 400;
/** The world's width and height: 4 zones of 400. */
export const WORLD_SIZE = WORLD_ZONES_PER_SIDE * WORLD_ZONE_SIZE;
/** Walking speed, units per second (a zone is crossed in under 3 s). */
export const WALK_SPEED = 150;
/** Ticks per second of a zone's room. */
export const WORLD_TICK_RATE = 20;

/**
 * One player's avatar. Positions are predicted from the velocity on the wire, so a walker
 * costs a few bits a tick; precision: position 1/16 unit, velocity 1/8 unit/s.
 */
export const Avatar = defineComponent("Avatar", {
  /** The owning player's id in the zone that holds the avatar. */
  owner: uint16(),
  /**
   * The walker's world-wide tag (walkerTag of its name): zones number players on their own,
   * so a client tells its own avatar from a neighbour's ghost by this, not by `owner`.
   */
  tag: uint32(),
  /** Units per second, each axis within ±WALK_SPEED (diagonals are normalised). */
  vel: vec2({ min: -256, max: 256, step: 1 / 8 }),
  pos: vec2({
    min: 0,
    max: WORLD_SIZE,
    step: 1 / 16,
    predict: { rate: "vel", tolerance: 1 / 32 },
  }),
});

/** What a zone replicates: its avatars and its neighbours' border avatars (ghosts). */
export const WORLD_SCHEMA = defineNetworkSchema([Avatar], {
  tickSeconds: 1 / WORLD_TICK_RATE,
  maxEntities: 512,
});

/**
 * Server-only: the player whose avatar this is, in the zone that holds it. A zone also holds
 * its neighbours' border avatars as ghosts (replicated components only, owners numbered by
 * their own zones), so a player's avatar is found by this component, never by `owner`.
 */
export const Walker = defineLocalComponent("Walker", () => ({ playerId: -1 }));
