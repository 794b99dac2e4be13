// The match flow of the Connect Four page: queue for a duel through the typed HTTP client and
// long-poll the ticket until the matcher pairs it, which hands a join ticket for the room.
// Connect Four rooms admit only by ticket: this is the one way in.

import { type HttpClient, HttpError, type IssuedJoinTicket } from "@edgetick/client";
import { connectFourGame } from "../../../games/connect-four/index.js";

/** The queue the page plays in (the mode games/connect-four declares). */
const MODE = "duel";
/** Every guest queues at one rating: the demo matches whoever comes. */
const RATING = 1500;
/** Seconds one long-poll waits for a change (the API allows 0–25). */
const WAIT_S = 20;
/** Pause before polling again after a retryable failure (no answer, 429, 5xx), ms. */
const RETRY_MS = 1000;

/** Why the queue ended without a match: the ticket timed out or was cancelled. */
export class NoMatchError extends Error {
  constructor(readonly status: string) {
    super(status === "timed_out" ? "no opponent came in time" : `matchmaking ${status}`);
    this.name = "NoMatchError";
  }
}

/**
 * Queues the signed-in player of `http` for a Connect Four duel and resolves with the join
 * ticket once matched. Rejects with NoMatchError when the ticket ends unmatched, or with the
 * HttpError of a call that cannot succeed by trying again.
 */
export async function findMatch(http: HttpClient): Promise<IssuedJoinTicket> {
  let ticket = await http.createMatchTicket({
    game: connectFourGame.name,
    mode: MODE,
    rating: RATING,
  });
  while (ticket.status === "waiting") {
    try {
      ticket = await http.getMatchTicket(ticket.ticketId, { waitS: WAIT_S });
    } catch (e) {
      // A dropped long-poll is not a lost ticket: it keeps waiting in the queue.
      if (!(e instanceof HttpError && e.retryable)) throw e;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  if (ticket.status !== "matched" || ticket.joinTicket === null)
    throw new NoMatchError(ticket.status);
  return ticket.joinTicket;
}
