// Matchmaking tickets: one player or one party asking for a match in a mode, and where a
// ticket ends up. A party is one ticket, so it can never be split across matches or teams.

import type { MatchCriteria } from "./criteria.js";

/** What a client asks for (validated by the HTTP layer, trusted here). */
export interface TicketRequest {
  /** Unique ticket id (the adapter makes it). */
  readonly id: string;
  /** The queue: a key of the matcher's modes. */
  readonly mode: string;
  /** Skill rating of the ticket (a party's: its members' mean), e.g. Elo/Glicko scale. */
  readonly rating: number;
  /** Round trips by region id, ms: measured, or estimated from the player's location. */
  readonly latencies: Readonly<Record<string, number>>;
  /** Every account on the ticket, the owner first; more than one is a party. */
  readonly members: readonly string[];
  /** Custom requirements and attributes (optional). */
  readonly criteria?: MatchCriteria;
}

/** Where a ticket is in its life. Every ticket ends matched, cancelled or timed out. */
export type TicketStatus = "waiting" | "matched" | "cancelled" | "timed_out";

/** A ticket as the matcher keeps it. */
export interface TicketState {
  readonly request: TicketRequest;
  /** Enqueue time, ms (the matcher's clock). */
  readonly createdAt: number;
  status: TicketStatus;
  /** When the ticket left the queue, ms. */
  finishedAt?: number;
  /** The match or backfill it went to. */
  matchId?: string;
}

/** A new match: the tickets, split into teams, and the region the room should run in. */
export interface Match {
  readonly matchId: string;
  readonly mode: string;
  readonly regionId: string;
  readonly ticketIds: readonly string[];
  /** Account ids per team; a ticket's members always share a team. */
  readonly teams: readonly (readonly string[])[];
  /** Worst expected round trip among the players to `regionId`, ms. */
  readonly worstLatencyMs: number;
  readonly createdAt: number;
}

/** Tickets sent to fill free slots of a running session. */
export interface Backfill {
  readonly sessionId: string;
  readonly mode: string;
  readonly regionId: string;
  readonly ticketIds: readonly string[];
  readonly createdAt: number;
}

/** What one matching pass produced. */
export interface MatchPass {
  readonly matches: readonly Match[];
  readonly backfills: readonly Backfill[];
  readonly timedOut: readonly string[];
}
