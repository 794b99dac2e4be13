// Connect Four's replicated state: one entity per disc on the board and one match entity that
// says who sits where, whose turn it is and how the last round ended. Nothing here is spatial:
// every player holds every entity (the game declares no interest), and both components change
// only on a move, a join or a leave, so they are compared on change, not every tick.

import {
  boundedInt,
  defineComponent,
  defineNetworkSchema,
  enumOf,
  uint16,
  uint32,
} from "@edgetick/game";

/** Columns of the board. */
export const COLUMNS = 7;
/** Rows of the board; row 0 is the bottom one. */
export const ROWS = 6;
/** Discs in a line that win. */
export const CONNECT = 4;
/** Cells of the board: a round with this many moves and no four is a draw. */
export const CELLS = COLUMNS * ROWS;
/** Ticks per second of Connect Four rooms: nothing moves between turns, so 10 is plenty. */
export const CONNECT_FOUR_TICK_RATE = 10;
/** Ticks between the end of a round and the start of the next (3 s at 10 Hz). */
export const ROUND_PAUSE_TICKS = 30;
/** The player id meaning "nobody" (rooms number players from 1). */
export const NO_PLAYER = 0;

/** The seats, by index: the first player to join plays red, the second yellow. */
export const SEATS = ["red", "yellow"] as const;
/** A seat index: 0 red, 1 yellow. */
export type Seat = 0 | 1;

/**
 * Where the match stands: `"waiting"` for a second player, a round `"playing"`, or the round
 * `"over"` and the next one starting in `pause` ticks.
 */
export const MATCH_PHASES = ["waiting", "playing", "over"] as const;
/** A name of {@link MATCH_PHASES}. */
export type MatchPhase = (typeof MATCH_PHASES)[number];

/**
 * How a round ended: not yet (`"none"`), four in a row, a full board, or a player who left
 * mid-round.
 */
export const ROUND_OUTCOMES = ["none", "four", "draw", "forfeit"] as const;
/** A name of {@link ROUND_OUTCOMES}. */
export type RoundOutcome = (typeof ROUND_OUTCOMES)[number];

/** One disc on the board: 3 + 3 + 1 bits, sent once when it lands (discs never move). */
export const Disc = defineComponent(
  "Disc",
  {
    /** 0 (left) … COLUMNS − 1. */
    column: boundedInt({ min: 0, max: COLUMNS - 1 }),
    /** 0 (bottom) … ROWS − 1: discs stack, so a disc's row is the column's height when it fell. */
    row: boundedInt({ min: 0, max: ROWS - 1 }),
    /** The seat that dropped it (its colour), not the player: seats outlive a leaving player. */
    seat: boundedInt({ min: 0, max: SEATS.length - 1 }),
  },
  { sync: { frequency: "change" } },
);

/** The match: the one entity holding the seats, the turn and the round's result. */
export const Match = defineComponent(
  "Match",
  {
    /** Index into MATCH_PHASES. */
    phase: enumOf(MATCH_PHASES),
    /** Player id seated red (seat 0), or NO_PLAYER. */
    red: uint16(),
    /** Player id seated yellow (seat 1), or NO_PLAYER. */
    yellow: uint16(),
    /** Player id whose move it is while playing; NO_PLAYER otherwise. */
    turn: uint16(),
    /** The seat that opens the round being played or, while waiting or over, the next one. */
    opener: boundedInt({ min: 0, max: SEATS.length - 1 }),
    /**
     * Player id who won the round (four or forfeit); NO_PLAYER while it is played, for a draw
     * or before any. Kept through the pause and the wait that follow it.
     */
    winner: uint16(),
    /** Index into ROUND_OUTCOMES: how the round ended ("none" while it is played). */
    outcome: enumOf(ROUND_OUTCOMES),
    /** Rounds started in this room (1 is the first; 0 before any). */
    round: uint32(),
    /** Discs dropped in this round. */
    moves: boundedInt({ min: 0, max: CELLS }),
    /** While over: ticks left before the next round (or the wait for a second player). */
    pause: boundedInt({ min: 0, max: ROUND_PAUSE_TICKS }),
  },
  { sync: { frequency: "change" } },
);

/**
 * What Connect Four rooms replicate. NetworkIds: 1 match + 42 discs in play + the discs of
 * earlier rounds whose ids wait out the world's reuse delay (64 ticks by default) after their
 * round is cleared. Rounds start at least ROUND_PAUSE_TICKS (30) apart, so at most
 * ceil(64 / 30) = 3 cleared rounds wait at once: 1 + 42 + 3 × 42 = 169 ≤ 256.
 */
export const CONNECT_FOUR_SCHEMA = defineNetworkSchema([Match, Disc], {
  tickSeconds: 1 / CONNECT_FOUR_TICK_RATE,
  maxEntities: 256,
});
