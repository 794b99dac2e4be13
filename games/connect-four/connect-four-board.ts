// Reading the board: the rules and a renderer both need the discs as a grid, and the four in a
// row through a cell. Discs are entities (so a client sees each one arrive), the grid is
// rebuilt from them on demand: 42 discs at most, read once per move, never per tick.

import type { Query, World } from "@edgetick/game";
import {
  CELLS,
  COLUMNS,
  CONNECT,
  Disc,
  MATCH_PHASES,
  Match,
  type MatchPhase,
  NO_PLAYER,
  ROUND_OUTCOMES,
  ROWS,
  type RoundOutcome,
  type Seat,
} from "./connect-four-state.js";

/** An empty cell in a {@link BoardGrid}. */
export const EMPTY = -1;

/**
 * The board as cells: `grid[row * COLUMNS + column]` holds the seat of the disc there (0 red,
 * 1 yellow) or EMPTY; row 0 is the bottom.
 */
export type BoardGrid = Int8Array;

/** A cell of the board: column 0 is the left, row 0 the bottom. */
export interface Cell {
  readonly column: number;
  readonly row: number;
}

// A query preallocates its result array: one per world and component, not one per call.
const queries = new WeakMap<World, { discs: Query; match: Query }>();

function queriesOf(world: World): { discs: Query; match: Query } {
  let q = queries.get(world);
  if (!q) {
    q = { discs: world.query([Disc]), match: world.query([Match]) };
    queries.set(world, q);
  }
  return q;
}

/** The discs of `world`, collected now (ascending entity id). */
export function collectDiscs(world: World): Query {
  const q = queriesOf(world).discs;
  q.collect();
  return q;
}

/** The match entity of `world`, or -1 (a client's prediction world holds none). */
export function matchOf(world: World): number {
  const q = queriesOf(world).match;
  return q.collect() > 0 ? q.entities[0]! : -1;
}

/** The discs of `world` as a grid (a fresh array). */
export function gridOf(world: World): BoardGrid {
  const grid = new Int8Array(CELLS).fill(EMPTY);
  const disc = world.store(Disc);
  const discs = collectDiscs(world);
  for (let i = 0; i < discs.count; i++) {
    const e = discs.entities[i]!;
    grid[disc.row[e]! * COLUMNS + disc.column[e]!] = disc.seat[e]!;
  }
  return grid;
}

/** Discs in `column` of `grid`: the row the next one lands in, ROWS when it is full. */
export function heightOf(grid: BoardGrid, column: number): number {
  let row = 0;
  while (row < ROWS && grid[row * COLUMNS + column] !== EMPTY) row++;
  return row;
}

// The four directions a line can run; each is walked both ways from the cell.
const DIRECTIONS = [
  [1, 0], // horizontal
  [0, 1], // vertical
  [1, 1], // diagonal, rising to the right
  [1, -1], // diagonal, falling to the right
] as const;

function seatAt(grid: BoardGrid, column: number, row: number): number {
  return column >= 0 && column < COLUMNS && row >= 0 && row < ROWS
    ? grid[row * COLUMNS + column]!
    : EMPTY;
}

/**
 * The longest line of CONNECT or more discs of one seat through (column, row), from one end to
 * the other; null when the cell is empty or no such line runs through it.
 */
export function lineThrough(grid: BoardGrid, column: number, row: number): Cell[] | null {
  const seat = seatAt(grid, column, row);
  if (seat === EMPTY) return null;
  let best: Cell[] | null = null;
  for (const [dc, dr] of DIRECTIONS) {
    let back = 0;
    while (seatAt(grid, column - (back + 1) * dc, row - (back + 1) * dr) === seat) back++;
    let ahead = 0;
    while (seatAt(grid, column + (ahead + 1) * dc, row + (ahead + 1) * dr) === seat) ahead++;
    const length = back + 1 + ahead;
    if (length >= CONNECT && (best === null || length > best.length)) {
      best = Array.from({ length }, (_, k) => ({
        column: column + (k - back) * dc,
        row: row + (k - back) * dr,
      }));
    }
  }
  return best;
}

/** The board as a renderer wants it. */
export interface BoardView {
  /** `cells[row][column]`: the seat of the disc there, or null; row 0 is the bottom. */
  readonly cells: readonly (readonly (Seat | null)[])[];
  /** The player id to move, NO_PLAYER when no round is being played. */
  readonly turn: number;
  /** The seat to move, null when no round is being played. */
  readonly turnSeat: Seat | null;
  /** The four (or more) in a row that won the last round, while it is on the board; else null. */
  readonly winningLine: readonly Cell[] | null;
}

/**
 * The board of `world` (a server world or a client's mirror) as rows of seats, whose turn it is
 * and the winning line. It allocates: call it when the board changed, not every frame.
 * @example
 * const { cells, turnSeat } = readBoard(world);
 * const text = cells.toReversed().map((row) => row.map((s) => (s === null ? "." : "ry"[s])).join(""));
 */
export function readBoard(world: World): BoardView {
  const grid = gridOf(world);
  const cells = Array.from({ length: ROWS }, (_, row) =>
    Array.from({ length: COLUMNS }, (_, column) => {
      const seat = grid[row * COLUMNS + column]!;
      return seat === EMPTY ? null : (seat as Seat);
    }),
  );
  const m = matchOf(world);
  const turn = m < 0 ? NO_PLAYER : world.store(Match).turn[m]!;
  const turnSeat = m < 0 || turn === NO_PLAYER ? null : seatOfPlayer(world, m, turn);
  let winningLine: Cell[] | null = null;
  if (m >= 0 && ROUND_OUTCOMES[world.store(Match).outcome[m]!] === "four") {
    for (let i = 0; i < CELLS && winningLine === null; i++)
      winningLine = lineThrough(grid, i % COLUMNS, Math.floor(i / COLUMNS));
  }
  return { cells, turn, turnSeat, winningLine };
}

/** The seat of player `playerId` in match `m`, or null when it has none. */
export function seatOfPlayer(world: World, m: number, playerId: number): Seat | null {
  if (playerId === NO_PLAYER) return null;
  const match = world.store(Match);
  if (match.red[m] === playerId) return 0;
  if (match.yellow[m] === playerId) return 1;
  return null;
}

/** Everything the match entity says, by name. */
export interface MatchView {
  readonly phase: MatchPhase;
  /** Player ids by seat (red, yellow); NO_PLAYER for an empty seat. */
  readonly seats: readonly [number, number];
  /** The player id to move, NO_PLAYER when no round is being played. */
  readonly turn: number;
  /** The seat opening the current round, or the next one while waiting or over. */
  readonly opener: Seat;
  /** The winner of the last round, NO_PLAYER for a draw or before any. */
  readonly winner: number;
  readonly outcome: RoundOutcome;
  /** Rounds started so far (the current one's number while playing). */
  readonly round: number;
  /** Discs dropped in the current (or last) round. */
  readonly moves: number;
  /** While over: ticks before the next round. */
  readonly pause: number;
}

/** The match of `world` by name, or null when the world holds none. */
export function readMatch(world: World): MatchView | null {
  const m = matchOf(world);
  if (m < 0) return null;
  const s = world.store(Match);
  return {
    phase: MATCH_PHASES[s.phase[m]!]!,
    seats: [s.red[m]!, s.yellow[m]!],
    turn: s.turn[m]!,
    opener: s.opener[m]! as Seat,
    winner: s.winner[m]!,
    outcome: ROUND_OUTCOMES[s.outcome[m]!]!,
    round: s.round[m]!,
    moves: s.moves[m]!,
    pause: s.pause[m]!,
  };
}
