// Arena world: ships in a walled rectangle. Units are arena units (1 ≈ 1 px at 1:1 zoom),
// seconds and radians.

import type { ByteReader } from "../../codec/byte-reader.js";
import type { ByteWriter } from "../../codec/byte-writer.js";
import type { StateCodec } from "../game-definition.js";

/** Arena width, in arena units. */
export const ARENA_WIDTH = 1600;
/** Arena height, in arena units. */
export const ARENA_HEIGHT = 900;
/** Ship collision radius against the walls, in arena units. */
export const SHIP_RADIUS = 16;

/** One player's ship. */
export interface Ship {
  /** The owning player's id. */
  readonly playerId: number;
  x: number;
  y: number;
  /** Heading in radians, 0 = +x, growing clockwise on screen (y points down). */
  angle: number;
  vx: number;
  vy: number;
}

/** The arena's whole state. Ships are kept sorted by player id. */
export interface ArenaState {
  ships: Ship[];
}

/**
 * Full-state codec: `[count u16]` then per ship `[playerId u16][x f32][y f32][angle f32]
 * [vx f32][vy f32]` (22 bytes). The replication core replaces this with quantized deltas.
 */
export const ARENA_STATE_CODEC: StateCodec<ArenaState> = {
  encode(state: ArenaState, w: ByteWriter) {
    w.u16(state.ships.length);
    for (const s of state.ships)
      w.u16(s.playerId).f32(s.x).f32(s.y).f32(s.angle).f32(s.vx).f32(s.vy);
  },
  decode(r: ByteReader): ArenaState {
    const count = r.u16();
    const ships: Ship[] = [];
    for (let i = 0; i < count && !r.failed; i++) {
      ships.push({
        playerId: r.u16(),
        x: r.f32(),
        y: r.f32(),
        angle: r.f32(),
        vx: r.f32(),
        vy: r.f32(),
      });
    }
    return { ships };
  },
};
