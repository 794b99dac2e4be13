// The matchmaker core: queues of tickets per mode, and a pass that times tickets out,
// backfills running sessions and forms new matches. Platform-free: time comes in as `now`
// (ms), ids from an injected factory, so the Durable Object, the Node bench and the property
// tests run the same code.
//
// A pass takes each waiting ticket, oldest first, as an anchor and grows a match around it
// from the tickets nearest in rating (a rating-sorted array scanned outward), accepting a
// candidate only if (1) the match's rating spread stays within every member's current
// skill window, (2) some region remains within every member's latency limit, (3) the
// custom criteria of every pair accept each other, and (4) its party fits a team. The
// match is kept only when every team is full. Parties are single tickets, so they are never
// split; an account is in at most one waiting ticket, so never in two matches.

import { compatible } from "./criteria.js";
import type { Backfill, Match, MatchPass, TicketRequest, TicketState } from "./match-ticket.js";
import {
  type MatchModeOptions,
  type ResolvedMatchModeOptions,
  resolveMatchModeOptions,
  skillWindow,
} from "./mode-options.js";
import { packTeams } from "./team-packing.js";

/** Matcher settings. */
export interface MatcherOptions {
  /** The queues, by mode name. */
  readonly modes: Readonly<Record<string, MatchModeOptions>>;
  /** Makes match ids. @default `${mode}-${n}` */
  readonly newMatchId?: (mode: string) => string;
  /** How long a finished ticket's status stays readable, ms. @default 300000 */
  readonly retainFinishedMs?: number;
}

/** Why a ticket was not queued. */
export type EnqueueRefusal =
  | "unknown_mode"
  | "duplicate_ticket"
  | "already_queued"
  | "party_too_large"
  | "no_region_within_latency";

/** The outcome of enqueue. */
export type EnqueueResult =
  | { readonly ok: true; readonly ticket: TicketState }
  | { readonly ok: false; readonly refusal: EnqueueRefusal; readonly detail: string };

/** A running session with free slots that waiting tickets may fill. */
export interface OpenSession {
  readonly sessionId: string;
  readonly mode: string;
  readonly regionId: string;
  /** Free player slots. */
  freeSlots: number;
  /** The players' mean rating: backfilled tickets must be within their window of it. */
  readonly rating: number;
}

interface Waiting {
  readonly state: TicketState;
  readonly size: number;
  /** Region ids within the mode's latency limit. */
  readonly regions: readonly string[];
  taken: boolean;
  /** Index in the pass's rating-sorted array. */
  pos: number;
}

interface Queue {
  readonly options: ResolvedMatchModeOptions;
  /** In insertion order, which is age order. */
  readonly waiting: Map<string, Waiting>;
  readonly sessions: Map<string, OpenSession>;
}

const byRating = (a: Waiting, b: Waiting) => a.state.request.rating - b.state.request.rating;

/** Queues of tickets and the passes that match them. */
export class Matcher {
  readonly #queues = new Map<string, Queue>();
  readonly #tickets = new Map<string, TicketState>();
  /** Accounts in a waiting ticket → that ticket's id. */
  readonly #queued = new Map<string, string>();
  readonly #newMatchId: (mode: string) => string;
  readonly #retainMs: number;
  #matchCount = 0;

  constructor(options: MatcherOptions) {
    for (const [mode, o] of Object.entries(options.modes)) {
      this.#queues.set(mode, {
        options: resolveMatchModeOptions(o, mode),
        waiting: new Map(),
        sessions: new Map(),
      });
    }
    this.#newMatchId = options.newMatchId ?? ((mode) => `${mode}-${++this.#matchCount}`);
    this.#retainMs = options.retainFinishedMs ?? 300_000;
  }

  /** The resolved options of `mode`, if it is a queue. */
  modeOptions(mode: string): ResolvedMatchModeOptions | undefined {
    return this.#queues.get(mode)?.options;
  }

  /** Tickets waiting, in one mode or all. */
  waitingCount(mode?: string): number {
    if (mode !== undefined) return this.#queues.get(mode)?.waiting.size ?? 0;
    let n = 0;
    for (const q of this.#queues.values()) n += q.waiting.size;
    return n;
  }

  /** A ticket's state (waiting, or finished within the retention time). */
  get(ticketId: string): TicketState | undefined {
    return this.#tickets.get(ticketId);
  }

  /** Queues a ticket at `now`. */
  enqueue(request: TicketRequest, now: number): EnqueueResult {
    const queue = this.#queues.get(request.mode);
    if (!queue) return refuse("unknown_mode", `no queue for mode ${request.mode}`);
    if (this.#tickets.has(request.id)) return refuse("duplicate_ticket", "ticket id in use");
    const { teamSize, maxLatencyMs } = queue.options;
    if (request.members.length > teamSize)
      return refuse("party_too_large", `mode ${request.mode} has teams of ${teamSize}`);
    for (const account of request.members) {
      const other = this.#queued.get(account);
      if (other !== undefined) return refuse("already_queued", `${account} waits in ${other}`);
    }
    const regions = Object.keys(request.latencies).filter(
      (r) => request.latencies[r]! <= maxLatencyMs,
    );
    if (regions.length === 0)
      return refuse("no_region_within_latency", `no region within ${maxLatencyMs} ms`);
    const state: TicketState = { request, createdAt: now, status: "waiting" };
    this.#tickets.set(request.id, state);
    for (const account of request.members) this.#queued.set(account, request.id);
    queue.waiting.set(request.id, {
      state,
      size: request.members.length,
      regions,
      taken: false,
      pos: -1,
    });
    return { ok: true, ticket: state };
  }

  /**
   * Puts matched tickets back in their queue, as they were (same request, same wait), when
   * their match or backfill could not be carried out (the room could not be placed or told
   * of its players). Tickets that are not matched are left alone.
   */
  requeue(ticketIds: readonly string[]): void {
    for (const id of ticketIds) {
      const state = this.#tickets.get(id);
      if (state?.status !== "matched") continue;
      this.#tickets.delete(id);
      this.enqueue(state.request, state.createdAt);
    }
  }

  /** Cancels a waiting ticket; answers its state (unchanged if it had already finished). */
  cancel(ticketId: string, now: number): TicketState | undefined {
    const state = this.#tickets.get(ticketId);
    if (state?.status === "waiting") this.#finish(state, "cancelled", now);
    return state;
  }

  /** Offers a running session's free slots to waiting tickets (replaces an earlier offer). */
  openSession(session: OpenSession): void {
    const queue = this.#queues.get(session.mode);
    if (!queue?.options.backfill) return;
    if (session.freeSlots > 0) queue.sessions.set(session.sessionId, { ...session });
    else queue.sessions.delete(session.sessionId);
  }

  /** Withdraws a session's offer. */
  closeSession(mode: string, sessionId: string): void {
    this.#queues.get(mode)?.sessions.delete(sessionId);
  }

  /** One pass at `now`: time-outs, then backfills, then new matches. */
  process(now: number): MatchPass {
    this.#purge(now);
    const matches: Match[] = [];
    const backfills: Backfill[] = [];
    const timedOut: string[] = [];
    for (const [mode, queue] of this.#queues) {
      for (const w of queue.waiting.values()) {
        if (now - w.state.createdAt >= queue.options.timeoutMs) {
          this.#finish(w.state, "timed_out", now);
          timedOut.push(w.state.request.id);
        }
      }
      for (const session of queue.sessions.values()) {
        const filled = this.#backfill(queue, session, now);
        if (filled) backfills.push(filled);
      }
      if (queue.waiting.size > 0) this.#match(mode, queue, now, matches);
    }
    return { matches, backfills, timedOut };
  }

  #backfill(queue: Queue, session: OpenSession, now: number): Backfill | undefined {
    const ticketIds: string[] = [];
    for (const w of queue.waiting.values()) {
      if (session.freeSlots <= 0) break;
      if (w.size > session.freeSlots || !w.regions.includes(session.regionId)) continue;
      const window = skillWindow(queue.options, now - w.state.createdAt);
      if (Math.abs(w.state.request.rating - session.rating) > window) continue;
      session.freeSlots -= w.size;
      ticketIds.push(w.state.request.id);
      this.#finish(w.state, "matched", now, session.sessionId);
    }
    if (session.freeSlots <= 0) queue.sessions.delete(session.sessionId);
    if (ticketIds.length === 0) return undefined;
    return {
      sessionId: session.sessionId,
      mode: session.mode,
      regionId: session.regionId,
      ticketIds,
      createdAt: now,
    };
  }

  #match(mode: string, queue: Queue, now: number, out: Match[]): void {
    const sorted = [...queue.waiting.values()].sort(byRating);
    for (let i = 0; i < sorted.length; i++) sorted[i]!.pos = i;
    for (const anchor of queue.waiting.values()) {
      if (anchor.taken) continue;
      const match = this.#grow(mode, queue.options, sorted, anchor, now);
      if (match) out.push(match);
    }
  }

  /** Grows a match around `anchor`; marks and finishes its tickets if it fills. */
  #grow(
    mode: string,
    o: ResolvedMatchModeOptions,
    sorted: readonly Waiting[],
    anchor: Waiting,
    now: number,
  ): Match | undefined {
    const need = o.teamSize * o.teamCount;
    const rating = anchor.state.request.rating;
    const anchorWindow = skillWindow(o, now - anchor.state.createdAt);
    const picked: Waiting[] = [anchor];
    let filled = anchor.size;
    let lo = rating;
    let hi = rating;
    let window = anchorWindow;
    let regions = anchor.regions;
    let below = anchor.pos - 1;
    let above = anchor.pos + 1;
    while (filled < need) {
      // The nearer unvisited neighbour in rating; past the anchor's window nothing can fit.
      const down =
        below >= 0 ? rating - sorted[below]!.state.request.rating : Number.POSITIVE_INFINITY;
      const up =
        above < sorted.length
          ? sorted[above]!.state.request.rating - rating
          : Number.POSITIVE_INFINITY;
      const gap = Math.min(down, up);
      if (gap > anchorWindow) break;
      const c = down <= up ? sorted[below--]! : sorted[above++]!;
      if (c.taken || c.size > need - filled) continue;
      const r = c.state.request.rating;
      const spread = Math.max(hi, r) - Math.min(lo, r);
      const cWindow = skillWindow(o, now - c.state.createdAt);
      if (spread > Math.min(window, cWindow)) continue;
      const common = regions.filter((id) => c.regions.includes(id));
      if (common.length === 0) continue;
      if (!picked.every((p) => compatible(p.state.request.criteria, c.state.request.criteria)))
        continue;
      if (
        !packTeams(
          [...picked, c].map((p) => p.size),
          o.teamSize,
          o.teamCount,
        )
      )
        continue;
      picked.push(c);
      filled += c.size;
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
      window = Math.min(window, cWindow);
      regions = common;
    }
    if (filled < need) return undefined;
    const teamsOf = packTeams(
      picked.map((p) => p.size),
      o.teamSize,
      o.teamCount,
    )!;
    const { regionId, worst } = bestRegion(regions, picked);
    const matchId = this.#newMatchId(mode);
    const teams: string[][] = Array.from({ length: o.teamCount }, () => []);
    for (let i = 0; i < picked.length; i++)
      teams[teamsOf[i]!]!.push(...picked[i]!.state.request.members);
    for (const p of picked) this.#finish(p.state, "matched", now, matchId);
    return {
      matchId,
      mode,
      regionId,
      ticketIds: picked.map((p) => p.state.request.id),
      teams,
      worstLatencyMs: worst,
      createdAt: now,
    };
  }

  #finish(state: TicketState, status: TicketState["status"], now: number, matchId?: string): void {
    state.status = status;
    state.finishedAt = now;
    if (matchId !== undefined) state.matchId = matchId;
    const queue = this.#queues.get(state.request.mode)!;
    const w = queue.waiting.get(state.request.id);
    if (w) w.taken = true;
    queue.waiting.delete(state.request.id);
    for (const account of state.request.members) {
      if (this.#queued.get(account) === state.request.id) this.#queued.delete(account);
    }
  }

  #purge(now: number): void {
    for (const [id, state] of this.#tickets) {
      if (state.finishedAt !== undefined && now - state.finishedAt > this.#retainMs)
        this.#tickets.delete(id);
    }
  }
}

function refuse(refusal: EnqueueRefusal, detail: string): EnqueueResult {
  return { ok: false, refusal, detail };
}

/** The region among `regions` with the lowest worst latency of the picked tickets. */
function bestRegion(
  regions: readonly string[],
  picked: readonly Waiting[],
): { regionId: string; worst: number } {
  let regionId = regions[0]!;
  let worst = Number.POSITIVE_INFINITY;
  for (const r of regions) {
    let w = 0;
    for (const p of picked) w = Math.max(w, p.state.request.latencies[r]!);
    if (w < worst) {
      worst = w;
      regionId = r;
    }
  }
  return { regionId, worst };
}
