// Connect Four's rules: seats, drops, the end of a round and the pause before the next. Every
// change to the match is made here, by plain functions of the world and their arguments — no
// clock, no randomness — so the same joins, leaves, drops and ticks give the same world on any
// machine. A refused drop returns its reason and writes nothing.

import type { World } from "@edgetick/game";
import {
  collectDiscs,
  gridOf,
  heightOf,
  lineThrough,
  matchOf,
  seatOfPlayer,
} from "./connect-four-board.js";
import {
  CELLS,
  COLUMNS,
  Disc,
  MATCH_PHASES,
  Match,
  NO_PLAYER,
  ROUND_OUTCOMES,
  ROUND_PAUSE_TICKS,
  ROWS,
  type RoundOutcome,
  type Seat,
} from "./connect-four-state.js";

/**
 * The answer to a drop: `"ok"`, or why it was refused — no round is being played (waiting for
 * an opponent, or the round is over), the caller has no seat, it is the other player's turn,
 * the column is not on the board, or it is full.
 */
export const DROP_RESULTS = [
  "ok",
  "not-playing",
  "not-seated",
  "not-your-turn",
  "no-such-column",
  "column-full",
] as const;
/** A name of {@link DROP_RESULTS}. */
export type DropResult = (typeof DROP_RESULTS)[number];

const WAITING = MATCH_PHASES.indexOf("waiting");
const PLAYING = MATCH_PHASES.indexOf("playing");
const OVER = MATCH_PHASES.indexOf("over");

const other = (seat: Seat): Seat => (seat === 0 ? 1 : 0);

function playerAt(world: World, m: number, seat: Seat): number {
  const match = world.store(Match);
  return seat === 0 ? match.red[m]! : match.yellow[m]!;
}

/** Creates the match entity of a fresh world: nobody seated, red to open the first round. */
export function spawnMatch(world: World): number {
  const m = world.spawn();
  world.add(m, Match, {
    phase: WAITING,
    red: NO_PLAYER,
    yellow: NO_PLAYER,
    turn: NO_PLAYER,
    opener: 0,
    winner: NO_PLAYER,
    outcome: ROUND_OUTCOMES.indexOf("none"),
  });
  return m;
}

/**
 * Seats a joining player in the first free seat (so the first to join plays red) and starts a
 * round once both are taken. Returns the seat, or null when both are taken (the player only
 * watches) or the world has no match.
 */
export function seatPlayer(world: World, playerId: number): Seat | null {
  const m = matchOf(world);
  if (m < 0) return null;
  const held = seatOfPlayer(world, m, playerId);
  if (held !== null) return held;
  const match = world.store(Match);
  const seat: Seat | null =
    match.red[m] === NO_PLAYER ? 0 : match.yellow[m] === NO_PLAYER ? 1 : null;
  if (seat === null) return null;
  world.set(m, Match, seat === 0 ? { red: playerId } : { yellow: playerId });
  if (match.phase[m] === WAITING && match.red[m] !== NO_PLAYER && match.yellow[m] !== NO_PLAYER)
    startRound(world, m);
  return seat;
}

/**
 * Frees a leaving player's seat. Leaving mid-round forfeits it: the other player wins and the
 * leaver's seat opens the next round. With both seats empty the next pair starts afresh, red
 * opening.
 */
export function unseatPlayer(world: World, playerId: number): void {
  const m = matchOf(world);
  if (m < 0) return;
  const seat = seatOfPlayer(world, m, playerId);
  if (seat === null) return;
  if (world.store(Match).phase[m] === PLAYING) endRound(world, m, "forfeit", other(seat));
  world.set(m, Match, seat === 0 ? { red: NO_PLAYER } : { yellow: NO_PLAYER });
  const match = world.store(Match);
  if (match.red[m] === NO_PLAYER && match.yellow[m] === NO_PLAYER)
    world.set(m, Match, { opener: 0 });
}

/**
 * Player `playerId` drops a disc in `column` (0 = left). Applied only in a round being played,
 * by the seated player whose turn it is, in a column of the board that is not full; anything
 * else is refused with its reason and changes nothing. A drop that makes four in a row wins
 * the round, one that fills the board draws it; otherwise the turn passes.
 */
export function dropDisc(world: World, playerId: number, column: number): DropResult {
  const m = matchOf(world);
  if (m < 0) return "not-playing";
  const match = world.store(Match);
  if (match.phase[m] !== PLAYING) return "not-playing";
  const seat = seatOfPlayer(world, m, playerId);
  if (seat === null) return "not-seated";
  if (match.turn[m] !== playerId) return "not-your-turn";
  if (!Number.isInteger(column) || column < 0 || column >= COLUMNS) return "no-such-column";
  const grid = gridOf(world);
  const row = heightOf(grid, column);
  if (row >= ROWS) return "column-full";

  world.add(world.spawn(), Disc, { column, row, seat });
  grid[row * COLUMNS + column] = seat;
  const moves = match.moves[m]! + 1;
  world.set(m, Match, { moves });
  if (lineThrough(grid, column, row) !== null) endRound(world, m, "four", seat);
  else if (moves === CELLS) endRound(world, m, "draw", null);
  else world.set(m, Match, { turn: playerAt(world, m, other(seat)) });
  return "ok";
}

/**
 * One tick: counts down the pause after a round; when it runs out the board is cleared and
 * the next round starts, or, with a seat empty, the match waits for a player. Moves are not
 * ticked: they arrive as RPCs (connect-four-rpc.ts).
 */
export function stepConnectFour(world: World): void {
  const m = matchOf(world);
  if (m < 0) return;
  const match = world.store(Match);
  if (match.phase[m] !== OVER) return;
  const pause = match.pause[m]! - 1;
  if (pause > 0) {
    // The one write made every tick: straight into the store, no values object.
    match.pause[m] = pause;
    world.markChanged(m, Match);
    return;
  }
  clearBoard(world);
  if (match.red[m] !== NO_PLAYER && match.yellow[m] !== NO_PLAYER) startRound(world, m);
  else world.set(m, Match, { phase: WAITING, pause: 0, moves: 0 });
}

/** Starts a round on a cleared board: the opener's player moves first. */
function startRound(world: World, m: number): void {
  const match = world.store(Match);
  world.set(m, Match, {
    phase: PLAYING,
    turn: playerAt(world, m, match.opener[m]! as Seat),
    winner: NO_PLAYER,
    outcome: ROUND_OUTCOMES.indexOf("none"),
    round: match.round[m]! + 1,
    moves: 0,
    pause: 0,
  });
}

/**
 * Ends the round being played. The next round is opened by the loser, or after a draw by the
 * seat that moved second in this one.
 */
function endRound(world: World, m: number, outcome: RoundOutcome, winner: Seat | null): void {
  const opener = world.store(Match).opener[m]! as Seat;
  world.set(m, Match, {
    phase: OVER,
    turn: NO_PLAYER,
    winner: winner === null ? NO_PLAYER : playerAt(world, m, winner),
    outcome: ROUND_OUTCOMES.indexOf(outcome),
    opener: winner === null ? other(opener) : other(winner),
    pause: ROUND_PAUSE_TICKS,
  });
}

function clearBoard(world: World): void {
  const discs = collectDiscs(world);
  for (let i = 0; i < discs.count; i++) world.despawn(discs.entities[i]!);
}
