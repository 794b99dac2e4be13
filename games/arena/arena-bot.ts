// How load-testing bots fly an arena ship: a random walk. Each choice keeps the held buttons
// or, one time in five, draws new ones: thrust most of the time, a turn half the time, now and
// then a reverse. Holding for a while (~0.5 s on average at 10 choices a second) makes paths
// a human might fly rather than a buzz of single-tick taps.

import type { BotPolicy } from "@edgetick/game";
import { ARENA_BUTTON, type ArenaInput } from "./arena-input.js";

/** Chance per choice of drawing new buttons. */
const CHANGE_CHANCE = 0.2;

/** The arena's bot policy (games/arena/arena-game.ts sets it as `bot`). */
export const arenaBot: BotPolicy<ArenaInput> = {
  decideEveryMs: 100,
  input({ random, held }) {
    if (random() >= CHANGE_CHANCE) return held;
    let buttons = random() < 0.8 ? ARENA_BUTTON.THRUST : 0;
    if (buttons === 0 && random() < 0.5) buttons = ARENA_BUTTON.REVERSE;
    const turn = random();
    if (turn < 0.25) buttons |= ARENA_BUTTON.LEFT;
    else if (turn < 0.5) buttons |= ARENA_BUTTON.RIGHT;
    return { buttons };
  },
};
