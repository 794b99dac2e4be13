// Arena input: four buttons in one byte. Any other bit set is refused as implausible.

import type { InputCodec } from "@edgetick/game";

/** Button bits of an arena input byte. */
export const ARENA_BUTTON = {
  THRUST: 0b0001,
  REVERSE: 0b0010,
  LEFT: 0b0100,
  RIGHT: 0b1000,
} as const;

/** One tick of a player's controls: a bit set of ARENA_BUTTON. */
export interface ArenaInput {
  readonly buttons: number;
}

const VALID_BITS = 0b1111;

/** Arena inputs on the wire: one byte, bits as in ARENA_BUTTON. */
export const ARENA_INPUT_CODEC: InputCodec<ArenaInput> = {
  bytes: 1,
  encode(input, out, offset) {
    out[offset] = input.buttons;
  },
  decode(bytes, offset) {
    const buttons = bytes[offset]!;
    return (buttons & ~VALID_BITS) === 0 ? { buttons } : undefined;
  },
};

/** No buttons held. */
export const IDLE_ARENA_INPUT: ArenaInput = { buttons: 0 };
