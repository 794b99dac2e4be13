// How load-testing bots play Connect Four: on their turn, a disc in a random column that is
// not full. Moves are the `drop` RPC (connect-four-rpc.ts), so the policy acts rather than
// choosing inputs; the bots wait for each answer before acting again.

import type { BotPolicy } from "@edgetick/game";
import { EMPTY, gridOf, readMatch } from "./connect-four-board.js";
import type { ConnectFourInput } from "./connect-four-game.js";
import { COLUMNS, ROWS } from "./connect-four-state.js";

/** Connect Four's bot policy (connect-four-game.ts sets it as `bot`). */
export const connectFourBot: BotPolicy<ConnectFourInput> = {
  // A turn-based game: a few looks a second are plenty.
  decideEveryMs: 250,
  act({ world, playerId, random }) {
    const match = readMatch(world);
    if (match?.phase !== "playing" || match.turn !== playerId) return undefined;
    const grid = gridOf(world);
    const open: number[] = [];
    for (let column = 0; column < COLUMNS; column++)
      if (grid[(ROWS - 1) * COLUMNS + column] === EMPTY) open.push(column);
    if (open.length === 0) return undefined;
    return { rpc: "drop", args: { column: open[Math.floor(random() * open.length)]! } };
  },
};
