// What the page says about the match: derived from the match as the room last sent it, this
// player's id and whether its own drop is still on its way. Pure, so the status line, the
// board's data attributes and the debug handle all read one answer.

import {
  type MatchPhase,
  type MatchView,
  NO_PLAYER,
  SEATS,
  type Seat,
} from "../../../games/connect-four/index.js";

/** How a finished round went for this player. */
export type RoundResult = "win" | "lose" | "draw";

/** Whose move it is, seen from this page. */
export type TurnOwner = "me" | "them" | "none";

/** The match as this page presents it. */
export interface RoundState {
  /** The match's phase; "joining" until the room's first snapshot holds the match. */
  readonly phase: MatchPhase | "joining";
  /** This player's seat (0 red, 1 yellow), null while it has none. */
  readonly seat: Seat | null;
  readonly turn: TurnOwner;
  /** A click now is sent and can be accepted: a round is played, ours to move, no drop pending. */
  readonly ready: boolean;
  /** While the round is over: how it went for this player (null for a player without a seat). */
  readonly result: RoundResult | null;
  /** The status line. */
  readonly status: string;
}

/** Where this page stands beside the match: its player, its drop and its link. */
export interface PageSide {
  /** This page's player id. */
  readonly me: number;
  /** A drop of ours was sent and the board does not show it yet. */
  readonly pending: boolean;
  /** The link to the room is up (connected or resumed, not reconnecting). */
  readonly online: boolean;
  /** The room's tick rate, Hz: turns the pause between rounds into seconds. */
  readonly tickRate: number;
}

/** The page's view of `match` (null before the room's first snapshot) for `side`. */
export function roundState(match: MatchView | null, side: PageSide): RoundState {
  const { me, pending, online, tickRate } = side;
  if (match === null)
    return {
      phase: "joining",
      seat: null,
      turn: "none",
      ready: false,
      result: null,
      status: "joining the room…",
    };
  const seat = seatOf(match, me);
  const base = { phase: match.phase, seat, turn: "none" as TurnOwner, ready: false, result: null };
  switch (match.phase) {
    case "waiting":
      return {
        ...base,
        status:
          match.round === 0
            ? "waiting for your opponent to join…"
            : "your opponent left: find a new match to play again",
      };
    case "playing": {
      const turn: TurnOwner = match.turn === NO_PLAYER ? "none" : match.turn === me ? "me" : "them";
      const ready = turn === "me" && !pending && online;
      const mover = seatOf(match, match.turn);
      const colour = mover === null ? "" : ` (${SEATS[mover]})`;
      const status = !online
        ? "link lost: reconnecting…"
        : turn === "me"
          ? pending
            ? "dropping…"
            : `your turn${colour}`
          : seat === null
            ? `${mover === null ? "someone" : SEATS[mover]} to move`
            : `opponent's turn${colour}`;
      return { ...base, turn, ready, status };
    }
    case "over": {
      const result = resultOf(match, seat, me);
      const both = match.seats[0] !== NO_PLAYER && match.seats[1] !== NO_PLAYER;
      const next = both ? ` · next round in ${Math.ceil(match.pause / tickRate)} s` : "";
      return { ...base, result, status: `${describeResult(match, result)}${next}` };
    }
  }
}

function seatOf(match: MatchView, playerId: number): Seat | null {
  if (playerId === NO_PLAYER) return null;
  if (match.seats[0] === playerId) return 0;
  if (match.seats[1] === playerId) return 1;
  return null;
}

function resultOf(match: MatchView, seat: Seat | null, me: number): RoundResult | null {
  if (seat === null) return null;
  if (match.outcome === "draw" || match.winner === NO_PLAYER) return "draw";
  return match.winner === me ? "win" : "lose";
}

function describeResult(match: MatchView, result: RoundResult | null): string {
  const forfeit = match.outcome === "forfeit";
  switch (result) {
    case "win":
      return forfeit ? "your opponent left: you win" : "you win!";
    case "lose":
      return forfeit ? "you left: you lose" : "you lose";
    case "draw":
      return "draw: the board is full";
    case null: {
      const winner = seatOf(match, match.winner);
      return winner === null ? "draw" : `${SEATS[winner]} wins`;
    }
  }
}
