// What the matchmaker object keeps per ticket and per match, as stored in its storage, and
// the view of a ticket the HTTP API answers.

import { parseQueueKey } from "../../server/games/queue-key.js";
import type { IssuedTicket } from "../../server/placement/room-tickets.js";
import type { TicketRequest, TicketStatus } from "../../shared/matchmaking/match-ticket.js";
import type { CrossRegionWarning } from "../../shared/regions/group-region.js";

/** Where a matched ticket goes. */
export interface MatchAssignment {
  readonly roomId: string;
  readonly regionId: string;
  /** Account ids per team (for a backfill: just the backfilled tickets, one team). */
  readonly teams: readonly (readonly string[])[];
  readonly worstLatencyMs: number;
  /** True when the ticket filled a free slot of a running room. */
  readonly backfill: boolean;
  readonly warnings: readonly CrossRegionWarning[];
}

/** One ticket's record (stored under `t:<ticketId>`). */
export interface TicketRecord {
  readonly request: TicketRequest;
  /** Roles of the owner (members[0]); other party members' tickets carry "player". */
  readonly ownerRoles: readonly string[];
  readonly createdAt: number;
  status: TicketStatus;
  finishedAt?: number;
  assignment?: MatchAssignment;
}

/** A ticket as GET /v1/matchmaking/tickets/:id answers it. */
export interface TicketView {
  readonly ticketId: string;
  readonly game: string;
  readonly mode: string;
  readonly status: TicketStatus;
  readonly members: readonly string[];
  readonly rating: number;
  readonly createdAt: number;
  readonly finishedAt: number | null;
  readonly match: (MatchAssignment & { readonly team: number }) | null;
  /** A fresh join ticket for the caller, when matched. */
  readonly joinTicket: IssuedTicket | null;
}

/** The view of `r` for `accountId`, with its join ticket when matched. */
export function viewOf(r: TicketRecord, accountId: string, joinTicket?: IssuedTicket): TicketView {
  const a = r.assignment;
  return {
    ticketId: r.request.id,
    // The request's mode is the queue key, `game:mode` (server/games/queue-key.ts).
    ...parseQueueKey(r.request.mode)!,
    status: r.status,
    members: r.request.members,
    rating: r.request.rating,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt ?? null,
    match: a ? { ...a, team: a.teams.findIndex((t) => t.includes(accountId)) } : null,
    joinTicket: joinTicket ?? null,
  };
}
