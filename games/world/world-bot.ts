// How load-testing bots walk the world: a direction held for seconds (a choice every 500 ms
// keeps it with chance 7/8, ~4 s on average), so bots walk across zone borders the way
// players do rather than jittering on the spot. Never standing still: bench:zones wants
// crossings.

import type { BotPolicy } from "@edgetick/game";
import type { WorldInput } from "./world-input.js";

/** Chance per choice of a new direction. */
const TURN_CHANCE = 1 / 8;
/** The eight walking directions (WALK bit sets). */
const DIRECTIONS = [0b0001, 0b0010, 0b0100, 0b1000, 0b1001, 0b1010, 0b0101, 0b0110] as const;

/** The world's bot policy. */
export const worldBot: BotPolicy<WorldInput> = {
  decideEveryMs: 500,
  input({ random, held }) {
    if (held.walk !== 0 && random() >= TURN_CHANCE) return held;
    return { walk: DIRECTIONS[Math.floor(random() * DIRECTIONS.length)]! };
  },
};
