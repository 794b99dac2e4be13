// Matchmaker: one Durable Object per queue (a mode of a game), a thin adapter around the Matcher from
// shared/matchmaking. Tickets arrive over RPC from the Worker; a pass runs on every new
// ticket and on an alarm every PASS_INTERVAL_MS while tickets wait (windows widen, tickets
// time out). A match is decided in the pure core; the adapter then places the room near the
// players and records the assignment. Join tickets are minted when a player asks (GET,
// long-poll), so they never expire unseen. Ticket records are stored so a restart loses
// nothing; long-polls wait on in-memory waiters.

import { DurableObject } from "cloudflare:workers";
import type { GameRegistry } from "../../server/games/game-registry.js";
import { matchRoomId, parseQueueKey, queueKey } from "../../server/games/queue-key.js";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import { addRoomMembers, placeRoom } from "../../server/placement/place-room.js";
import type { PlacementEnv } from "../../server/placement/placement-env.js";
import { mintRoomTicket } from "../../server/placement/room-tickets.js";
import type { Backfill, Match, TicketRequest } from "../../shared/matchmaking/match-ticket.js";
import { type EnqueueRefusal, Matcher } from "../../shared/matchmaking/matcher.js";
import type { ResolvedMatchModeOptions } from "../../shared/matchmaking/mode-options.js";
import { ObjectUsage } from "../host/object-usage.js";
import { refreshBackfill } from "./backfill-offers.js";
import { matchRoomClosed } from "./match-room.js";
import {
  type MatchAssignment,
  type TicketRecord,
  type TicketView,
  viewOf,
} from "./matchmaker-records.js";
import { regionWarnings } from "./region-warnings.js";

/** How often a queue with waiting tickets runs a pass, ms. */
export const PASS_INTERVAL_MS = 500;
/** The longest a long-poll waits for a change, ms. */
export const MAX_LONG_POLL_MS = 25_000;

/** A refused matchmaking call. */
export interface MatchmakerFailure {
  readonly ok: false;
  readonly code: EnqueueRefusal | "not_found";
  readonly message: string;
}

/** A ticket view for the caller. */
export interface MatchmakerAnswer {
  readonly ok: true;
  readonly ticket: TicketView;
}

const TICKET_PREFIX = "t:";

/** Every mode of every registered game, by queue key (`game:mode`). */
export function queueModes(games: GameRegistry): Record<string, ResolvedMatchModeOptions> {
  const modes: Record<string, ResolvedMatchModeOptions> = {};
  for (const g of games.list())
    for (const [mode, options] of g.modes) modes[queueKey(g.name, mode)] = options;
  return modes;
}

/** One matchmaking queue. */
export class Matchmaker extends DurableObject<PlacementEnv> {
  readonly #records = new Map<string, TicketRecord>();
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #matcher: Matcher;
  /** Every queue key this deployment has (one object serves one, but knows them all). */
  readonly #queues: readonly string[];
  #lastBackfillRefresh = 0;
  /** The queue's usage (durable-objects/host/object-usage.ts); its storage writes through it. */
  readonly #usage: ObjectUsage;
  readonly #storage: DurableObjectStorage;

  /** The platform builds subclasses made by `matchmakerClass`, which pass the registry. */
  constructor(ctx: DurableObjectState, env: PlacementEnv, games: GameRegistry) {
    super(ctx, env);
    // Named `queue:<game>:<mode>` by the Worker (workers/routes/matchmaking.ts).
    const queue = (ctx.id.name ?? ctx.id.toString()).replace(/^queue:/, "");
    const key = parseQueueKey(queue);
    this.#usage = new ObjectUsage(
      env.DB,
      () => ({
        kind: "matchmaker",
        objectId: queue,
        matchId: "",
        game: key?.game ?? "",
        mode: key?.mode ?? "",
        region: "",
      }),
      (work) => ctx.waitUntil(work),
    );
    this.#storage = this.#usage.meteredStorage(ctx.storage);
    const modes = queueModes(games);
    this.#queues = Object.keys(modes);
    this.#matcher = new Matcher({
      modes,
      newMatchId: (key) => matchRoomId(key, crypto.randomUUID().replaceAll("-", "").slice(0, 16)),
    });
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.list<TicketRecord>({ prefix: TICKET_PREFIX });
      for (const r of stored.values()) {
        this.#records.set(r.request.id, r);
        if (r.status === "waiting") this.#matcher.enqueue(r.request, r.createdAt);
      }
    });
  }

  /** RPC: queues a ticket and runs a pass at once. */
  async submit(
    request: TicketRequest,
    ownerRoles: readonly string[],
  ): Promise<MatchmakerAnswer | MatchmakerFailure> {
    this.#usage.request();
    const now = Date.now();
    const queued = this.#matcher.enqueue(request, now);
    if (!queued.ok) return { ok: false, code: queued.refusal, message: queued.detail };
    const record: TicketRecord = { request, ownerRoles, createdAt: now, status: "waiting" };
    this.#records.set(request.id, record);
    await this.#storage.put(TICKET_PREFIX + request.id, record);
    await this.#pass(now);
    return this.#answer(record, request.members[0]!);
  }

  /**
   * RPC: a ticket's status for one of its members; with `waitMs`, a long-poll that answers
   * as soon as the status changes (or when the wait ends).
   */
  async status(
    ticketId: string,
    accountId: string,
    waitMs = 0,
  ): Promise<MatchmakerAnswer | MatchmakerFailure> {
    this.#usage.request();
    const record = this.#records.get(ticketId);
    if (!record?.request.members.includes(accountId)) return notFound();
    if (record.status === "waiting" && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(waitMs, MAX_LONG_POLL_MS));
        const set = this.#waiters.get(ticketId) ?? new Set();
        this.#waiters.set(ticketId, set);
        set.add(done);
        function done() {
          clearTimeout(timer);
          set.delete(done);
          resolve();
        }
      });
    }
    return this.#answer(record, accountId);
  }

  /** RPC: cancels a waiting ticket (any member may); answers its final state. */
  async cancel(ticketId: string, accountId: string): Promise<MatchmakerAnswer | MatchmakerFailure> {
    this.#usage.request();
    const record = this.#records.get(ticketId);
    if (!record?.request.members.includes(accountId)) return notFound();
    const state = this.#matcher.cancel(ticketId, Date.now());
    if (state && record.status === "waiting" && state.status === "cancelled") {
      await this.#finish(record, "cancelled", Date.now());
    }
    return this.#answer(record, accountId);
  }

  /** RPC: how many tickets wait (for tests and operators). */
  async waiting(): Promise<number> {
    this.#usage.request();
    return this.#matcher.waitingCount();
  }

  override async alarm(): Promise<void> {
    this.#usage.request();
    await this.#pass(Date.now());
  }

  async #pass(now: number): Promise<void> {
    if (now - this.#lastBackfillRefresh >= 5_000) {
      this.#lastBackfillRefresh = now;
      await refreshBackfill(this.env, this.#matcher, this.#queues, now);
    }
    const pass = this.#matcher.process(now);
    for (const id of pass.timedOut) {
      const r = this.#records.get(id);
      if (r) await this.#finish(r, "timed_out", now);
    }
    await Promise.all([
      ...pass.matches.map((m) => this.#assignMatch(m, now)),
      ...pass.backfills.map((b) => this.#assignBackfill(b, now)),
    ]);
    this.#purge(now);
    // Awake (and billed) while tickets wait: the alarm runs a pass every PASS_INTERVAL_MS.
    const waiting = this.#matcher.waitingCount();
    this.#usage.meter.peak("queuePeak", waiting, now);
    this.#usage.meter.awake(waiting > 0, now);
    this.#usage.flush(waiting === 0);
    if (waiting > 0) {
      const next = now + PASS_INTERVAL_MS;
      const current = await this.ctx.storage.getAlarm();
      if (current === null || current > next) await this.ctx.storage.setAlarm(next);
    }
  }

  async #assignMatch(m: Match, now: number): Promise<void> {
    const region = configuredRegions(this.env).find((r) => r.id === m.regionId);
    const records = m.ticketIds.map((id) => this.#records.get(id)!);
    const ratings = records.map((r) => r.request.rating);
    const { game, mode } = parseQueueKey(m.mode)!;
    // The room must exist, configured for these players, before anyone gets a ticket: its
    // id is reserved, so a socket would never make it. If it cannot be placed the tickets go
    // back to waiting (their wait is kept, so they still time out on schedule).
    try {
      if (!region) throw new Error(`region ${m.regionId} is no longer configured`);
      await placeRoom(
        this.env,
        {
          roomId: m.matchId,
          region,
          game,
          mode,
          capacity: m.teams.reduce((n, t) => n + t.length, 0),
          teams: m.teams,
          origin: "matchmaker",
          players: 0,
          properties: {
            matchmaker: m.mode,
            rating: Math.round(ratings.reduce((a, b) => a + b, 0) / ratings.length),
          },
        },
        now,
      );
    } catch (e) {
      console.error(`matchmaker: placing ${m.matchId} failed; its tickets wait again`, e);
      this.#matcher.requeue(m.ticketIds);
      return;
    }
    const assignment: MatchAssignment = {
      roomId: m.matchId,
      regionId: m.regionId,
      teams: m.teams,
      worstLatencyMs: m.worstLatencyMs,
      backfill: false,
      warnings: regionWarnings(this.env, records, m.regionId),
    };
    for (const r of records) await this.#finish(r, "matched", now, assignment);
    this.#countMatched(records, now);
  }

  /** Tickets matched now, and how long each waited (the dashboard's time to match). */
  #countMatched(records: readonly TicketRecord[], now: number): void {
    const waited = records.reduce((sum, r) => sum + (now - r.createdAt), 0);
    this.#usage.meter.add("matches", records.length, now);
    this.#usage.meter.add("matchWaitMs", waited, now);
  }

  async #assignBackfill(b: Backfill, now: number): Promise<void> {
    const records = b.ticketIds.map((id) => this.#records.get(id)!);
    const members = records.flatMap((r) => r.request.members);
    // The room admits only the accounts it was made for: add these before they get tickets.
    // If it cannot be told, the tickets go back to waiting for another match.
    if (!(await this.#admitToRoom(b.sessionId, members))) return this.#matcher.requeue(b.ticketIds);
    const assignment: MatchAssignment = {
      roomId: b.sessionId,
      regionId: b.regionId,
      teams: [members],
      worstLatencyMs: Math.max(...records.map((r) => r.request.latencies[b.regionId] ?? 0)),
      backfill: true,
      warnings: regionWarnings(this.env, records, b.regionId),
    };
    for (const r of records) await this.#finish(r, "matched", now, assignment);
    this.#countMatched(records, now);
  }

  async #admitToRoom(roomId: string, accountIds: readonly string[]): Promise<boolean> {
    try {
      await addRoomMembers(this.env, roomId, accountIds);
      return true;
    } catch (e) {
      console.error(`matchmaker: adding backfill members to ${roomId} failed`, e);
      return false;
    }
  }

  async #finish(
    r: TicketRecord,
    status: TicketRecord["status"],
    now: number,
    assignment?: MatchAssignment,
  ): Promise<void> {
    r.status = status;
    r.finishedAt = now;
    if (assignment) r.assignment = assignment;
    await this.#storage.put(TICKET_PREFIX + r.request.id, r);
    for (const wake of this.#waiters.get(r.request.id) ?? []) wake();
  }

  /** Forgets finished tickets after five minutes. */
  #purge(now: number): void {
    for (const [id, r] of this.#records) {
      if (r.finishedAt !== undefined && now - r.finishedAt > 300_000) {
        this.#records.delete(id);
        void this.#storage.delete(TICKET_PREFIX + id);
      }
    }
  }

  async #answer(r: TicketRecord, accountId: string): Promise<MatchmakerAnswer> {
    if (r.status !== "matched" || !r.assignment) return { ok: true, ticket: viewOf(r, accountId) };
    // Its room closed for a no-show (match-room.ts): no join ticket for it, the ticket ends
    // timed out (its match kept, to say which) and its players queue again.
    const now = Date.now();
    if (await matchRoomClosed(this.env, r.assignment, r.finishedAt ?? r.createdAt, now)) {
      await this.#finish(r, "timed_out", now);
      return { ok: true, ticket: viewOf(r, accountId) };
    }
    const roles = accountId === r.request.members[0] ? r.ownerRoles : ["player"];
    const issued = await mintRoomTicket(this.env, { accountId, roles }, r.assignment.roomId, now);
    return { ok: true, ticket: viewOf(r, accountId, issued) };
  }
}

function notFound(): MatchmakerFailure {
  return { ok: false, code: "not_found", message: "no such ticket for this account" };
}

/**
 * The Matchmaker class wrangler binds, for the modes of the games of `games` (workerd
 * constructs a Durable Object with its state and env only, so the registry is closed over).
 */
export function matchmakerClass(games: GameRegistry): MatchmakerClass {
  return class extends Matchmaker {
    constructor(ctx: DurableObjectState, env: PlacementEnv) {
      super(ctx, env, games);
    }
  };
}

/** A Matchmaker class as the platform constructs it. */
export type MatchmakerClass = new (ctx: DurableObjectState, env: PlacementEnv) => Matchmaker;
