// World input: the four walking directions in one byte. Any other bit is refused.

import type { InputCodec } from "@edgetick/game";

/** Direction bits of a world input byte (y grows downwards, as on screen). */
export const WALK = {
  UP: 0b0001,
  DOWN: 0b0010,
  LEFT: 0b0100,
  RIGHT: 0b1000,
} as const;

/** One tick of a walker's controls: a bit set of WALK. */
export interface WorldInput {
  readonly walk: number;
}

const VALID_BITS = 0b1111;

/** World inputs on the wire: one byte, bits as in WALK. */
export const WORLD_INPUT_CODEC: InputCodec<WorldInput> = {
  bytes: 1,
  encode(input, out, offset) {
    out[offset] = input.walk;
  },
  decode(bytes, offset) {
    const walk = bytes[offset];
    return walk !== undefined && (walk & ~VALID_BITS) === 0 ? { walk } : undefined;
  },
};

/** Standing still. */
export const IDLE_WORLD_INPUT: WorldInput = { walk: 0 };

/** The velocity `walk` asks for at `speed`, diagonals normalised; written to out[0], out[1]. */
export function walkVelocity(walk: number, speed: number, out: Float64Array): void {
  const x = (walk & WALK.RIGHT ? 1 : 0) - (walk & WALK.LEFT ? 1 : 0);
  const y = (walk & WALK.DOWN ? 1 : 0) - (walk & WALK.UP ? 1 : 0);
  const scale = x !== 0 && y !== 0 ? speed * Math.SQRT1_2 : speed;
  out[0] = x * scale;
  out[1] = y * scale;
}
