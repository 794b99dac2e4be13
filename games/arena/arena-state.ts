// Arena world: ships in a walled rectangle, one per player, as entities with a replicated
// Ship component. Units are arena units (1 ≈ 1 px at 1:1 zoom), seconds and radians.

import { angle, defineComponent, defineNetworkSchema, uint16, vec2 } from "@edgetick/game";

/** Arena width, in arena units. */
export const ARENA_WIDTH = 1600;
/** Arena height, in arena units. */
export const ARENA_HEIGHT = 900;
/** Ship collision radius against the walls, in arena units. */
export const SHIP_RADIUS = 16;
/** Ticks per second of arena rooms; the schema's prediction step follows it. */
export const ARENA_TICK_RATE = 30;

/**
 * One player's ship. Positions are predicted from the velocity on the wire, so a coasting
 * ship costs a few bits; precision: position 1/32 unit, velocity 1/16 unit/s, heading 2π/1024.
 */
export const Ship = defineComponent("Ship", {
  /** The owning player's id. */
  owner: uint16(),
  /** Units per second; the speed cap is MAX_SPEED (420). */
  vel: vec2({ min: -512, max: 512, step: 1 / 16 }),
  /**
   * Predicted from `vel` on the wire. The tolerance of half a step makes the reconstruction
   * exact (the room keeps positions on the 1/32 grid), so clients hold the server's value
   * bit for bit and can predict their own ship exactly.
   */
  pos: vec2({
    min: 0,
    max: ARENA_WIDTH,
    step: 1 / 32,
    predict: { rate: "vel", tolerance: 1 / 64 },
  }),
  /** Heading in radians in [-π, π), 0 = +x, growing clockwise on screen (y points down). */
  heading: angle({ bits: 10 }),
});

/** What arena rooms replicate. */
export const ARENA_SCHEMA = defineNetworkSchema([Ship], {
  tickSeconds: 1 / ARENA_TICK_RATE,
  maxEntities: 256,
});
