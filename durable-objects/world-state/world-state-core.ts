// WorldStateCore: the world-wide state of one zoned world (docs/zones.md#world-state), pure
// and platform-free so the same rules run in the WorldState object and in Node tests. It has
// one writer — the object it lives in — so every change is applied in one order and numbered
// by `version`. Zones never wait for it: they queue their changes (zone visits, chat) and
// send them in numbered batches off the tick; a batch is applied at most once (a retried
// batch with a sequence number already seen is acknowledged and ignored), so at-least-once
// delivery from a zone has exactly-once effect. Readers get a view stamped with its version:
// zones hold a copy at most one flush old; the world clock is a formula, read without a call.

/** The world clock: world time = (now - epochMs) × rate. */
export interface WorldClock {
  /** Real time (Unix ms) at which the world's clock read 0. */
  readonly epochMs: number;
  /** World milliseconds per real millisecond (60: a real minute is a world hour). */
  readonly rate: number;
}

/** World time (ms since the world began) at real time `now`. */
export function worldTimeOf(clock: WorldClock, now: number): number {
  return Math.max(0, Math.floor((now - clock.epochMs) * clock.rate));
}

/** A chat line, numbered in the order the world applied it. */
export interface ChatLine {
  readonly seq: number;
  /** When the world applied it (Unix ms). */
  readonly at: number;
  readonly accountId: string;
  readonly name: string;
  readonly text: string;
}

/** What a zone says about its load (docs/zones.md#load). */
export interface ZoneLoad {
  /** The zone's id in its world's grid ("column.row"). */
  readonly zoneId: string;
  readonly players: number;
  /** The zone's tick duration p99 over its last report window, ms (null before a tick). */
  readonly tickP99Ms: number | null;
  /** The region the zone's object was placed in. */
  readonly region: string;
  /** When the zone measured it (Unix ms). */
  readonly at: number;
}

/** One batch of changes from one zone. */
export interface ZoneBatch {
  readonly zoneId: string;
  /**
   * The sending zone object's run (random per start): a restarted zone numbers its batches
   * from 1 again, under a new run.
   */
  readonly run: string;
  /** 1, 2, 3… per run; a number already applied in this run is a retry. */
  readonly seq: number;
  /** Accounts that entered the zone (a join or a handoff): one explorer point each. */
  readonly visits: readonly { readonly accountId: string; readonly name: string }[];
  readonly chat: readonly {
    readonly accountId: string;
    readonly name: string;
    readonly text: string;
  }[];
  readonly load?: ZoneLoad;
}

/** A leaderboard entry: zones entered. */
export interface ExplorerScore {
  readonly accountId: string;
  readonly name: string;
  readonly visits: number;
}

/** What readers see, stamped with the version it reflects. */
export interface WorldView {
  /** The game the world runs (its first opener's). */
  readonly game: string;
  readonly version: number;
  readonly clock: WorldClock;
  readonly worldTimeMs: number;
  readonly zones: readonly ZoneLoad[];
  readonly leaderboard: readonly ExplorerScore[];
  /** The last chat line's seq (0 before any): ask for lines after yours. */
  readonly chatSeq: number;
}

/** The state a WorldState object keeps (structured-cloneable, stored as it is). */
export interface WorldStateData {
  game: string;
  version: number;
  clock: WorldClock;
  chat: ChatLine[];
  chatSeq: number;
  scores: Record<string, ExplorerScore>;
  /** Per zone, its current run and the last batch seq applied in it. */
  applied: Record<string, { run: string; seq: number }>;
  loads: Record<string, ZoneLoad>;
}

/** Chat lines the world keeps; older ones are dropped (a chat log, not an archive). */
export const CHAT_KEPT = 200;
/** Longest chat line, in characters. */
export const MAX_CHAT_CHARS = 280;
/** Leaderboard entries a view carries. */
export const LEADERBOARD_SIZE = 10;

/** A new world of `game`, its clock starting at `now`. */
export function newWorldState(game: string, now: number, rate: number): WorldStateData {
  return {
    game,
    version: 0,
    clock: { epochMs: now, rate },
    chat: [],
    chatSeq: 0,
    scores: {},
    applied: {},
    loads: {},
  };
}

/** The rules over a world's state; the object persists `data` after each change. */
export class WorldStateCore {
  readonly data: WorldStateData;
  /** Accounts whose score changed since `takeChangedScores` (the object stores them one key each). */
  readonly #changedScores = new Set<string>();

  constructor(data: WorldStateData) {
    this.data = data;
  }

  /**
   * Applies a zone's batch once: false (nothing changed) for a seq already applied in the
   * batch's run, so a zone may resend a batch whose answer it never got. A zone's batches
   * are sent one at a time (WorldStateOutbox), so seqs of a run arrive in order.
   */
  apply(batch: ZoneBatch, now: number): boolean {
    const last = this.data.applied[batch.zoneId];
    if (last?.run === batch.run && batch.seq <= last.seq) return false;
    this.data.applied[batch.zoneId] = { run: batch.run, seq: batch.seq };
    for (const v of batch.visits) {
      const had = this.data.scores[v.accountId];
      this.data.scores[v.accountId] = {
        accountId: v.accountId,
        name: v.name,
        visits: (had?.visits ?? 0) + 1,
      };
      this.#changedScores.add(v.accountId);
    }
    for (const line of batch.chat) this.#chat(line, now);
    if (batch.load) this.data.loads[batch.zoneId] = batch.load;
    this.data.version++;
    return true;
  }

  /** Appends a chat line (from a player through the Worker); returns it numbered. */
  post(line: { accountId: string; name: string; text: string }, now: number): ChatLine {
    const added = this.#chat(line, now);
    this.data.version++;
    return added;
  }

  #chat(line: { accountId: string; name: string; text: string }, now: number): ChatLine {
    const added: ChatLine = {
      seq: ++this.data.chatSeq,
      at: now,
      accountId: line.accountId,
      name: line.name,
      text: line.text.slice(0, MAX_CHAT_CHARS),
    };
    this.data.chat.push(added);
    if (this.data.chat.length > CHAT_KEPT)
      this.data.chat.splice(0, this.data.chat.length - CHAT_KEPT);
    return added;
  }

  /** Chat lines after `seq`, oldest first, at most `limit`. */
  chatAfter(seq: number, limit = 50): ChatLine[] {
    const out: ChatLine[] = [];
    for (const line of this.data.chat) {
      if (line.seq <= seq) continue;
      out.push(line);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The scores changed since the last call (each account once), for the object to store. */
  takeChangedScores(): ExplorerScore[] {
    const out = [...this.#changedScores].map((id) => this.data.scores[id]!);
    this.#changedScores.clear();
    return out;
  }

  /** The load a zone reported last, or undefined. */
  loadOf(zoneId: string): ZoneLoad | undefined {
    return this.data.loads[zoneId];
  }

  /** The view readers get at `now`: leaderboard by visits (ties by account id). */
  view(now: number): WorldView {
    const leaderboard = Object.values(this.data.scores)
      .sort((a, b) => b.visits - a.visits || (a.accountId < b.accountId ? -1 : 1))
      .slice(0, LEADERBOARD_SIZE);
    const zones = Object.values(this.data.loads).sort((a, b) => (a.zoneId < b.zoneId ? -1 : 1));
    return {
      game: this.data.game,
      version: this.data.version,
      clock: this.data.clock,
      worldTimeMs: worldTimeOf(this.data.clock, now),
      zones,
      leaderboard,
      chatSeq: this.data.chatSeq,
    };
  }
}
