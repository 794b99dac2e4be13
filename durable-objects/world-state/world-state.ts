// WorldState: one Durable Object per zoned world, named by the world id, holding what is
// world-wide rather than per zone (WorldStateCore: the clock, chat, the explorers'
// leaderboard and the zones' load reports). It is the single writer of that state, so its
// consistency is simple to state (docs/zones.md#world-state): changes are applied one at a
// time in arrival order and numbered; a reader's view is exactly some version; zones see it
// at most one flush late and never wait for it in a tick. It holds no sockets and no timer,
// so it hibernates between calls; every change is stored before its answer leaves (the output
// gate holds the answer until the write is durable).

import { DurableObject } from "cloudflare:workers";
import type { DurableObjectsEnv } from "../../server/env.js";
import {
  type ChatLine,
  type ExplorerScore,
  newWorldState,
  WorldStateCore,
  type WorldStateData,
  type WorldView,
  type ZoneBatch,
} from "./world-state-core.js";

/** Storage key of the state besides the scores. */
const STATE_KEY = "world";
/** Storage key prefix of one account's score (so a write is one small value, not the board). */
const SCORE_PREFIX = "score:";

/** Most keys one storage put() takes. */
const PUT_KEYS_MAX = 128;

/** What the world route sends the object when a world is first used. */
export interface WorldSettings {
  /** The zoned game the world runs. */
  readonly game: string;
  /** World milliseconds per real millisecond. */
  readonly clockRate: number;
}

/** A view with the chat lines a reader has not seen. */
export interface WorldRead {
  readonly view: WorldView;
  readonly chat: readonly ChatLine[];
}

/** The world-wide state of one world. */
export class WorldState extends DurableObject<DurableObjectsEnv> {
  #core: WorldStateCore | undefined;

  constructor(ctx: DurableObjectState, env: DurableObjectsEnv) {
    super(ctx, env);
    // No call reaches the object before its stored state is read.
    void ctx.blockConcurrencyWhile(async () => {
      const data = await ctx.storage.get<Omit<WorldStateData, "scores">>(STATE_KEY);
      if (!data) return;
      const scores: Record<string, ExplorerScore> = {};
      for (const [, s] of await ctx.storage.list<ExplorerScore>({ prefix: SCORE_PREFIX }))
        scores[s.accountId] = s;
      this.#core = new WorldStateCore({ ...data, scores });
    });
  }

  /**
   * RPC: starts the world's clock on first use (later calls keep the first settings, so every
   * zone and route reads one clock and one game); returns the view.
   */
  async open(settings: WorldSettings): Promise<WorldView> {
    if (!this.#core) {
      this.#core = new WorldStateCore(newWorldState(settings.game, Date.now(), settings.clockRate));
      await this.#store();
    }
    return this.#core.view(Date.now());
  }

  /** RPC from a zone: applies its batch (once per seq) and answers the current view. */
  async apply(batch: ZoneBatch): Promise<WorldView> {
    const core = this.#opened();
    if (core.apply(batch, Date.now())) await this.#store();
    return core.view(Date.now());
  }

  /** RPC from the Worker: a player's chat line, numbered. */
  async post(line: { accountId: string; name: string; text: string }): Promise<ChatLine> {
    const added = this.#opened().post(line, Date.now());
    await this.#store();
    return added;
  }

  /** RPC: the view and the chat lines after `chatSeq`; undefined for a world never opened. */
  read(chatSeq: number): WorldRead | undefined {
    const core = this.#core;
    if (!core) return undefined;
    return { view: core.view(Date.now()), chat: core.chatAfter(chatSeq) };
  }

  #opened(): WorldStateCore {
    // Zones and chat reach a world only after the join route opened it (zones are made
    // there), so this is a wiped or misnamed world: the caller's retry finds it once opened.
    if (!this.#core) throw new Error("world not opened: join it first");
    return this.#core;
  }

  async #store(): Promise<void> {
    const core = this.#core!;
    const { scores: _scores, ...rest } = core.data;
    await this.ctx.storage.put(STATE_KEY, rest);
    // put() takes at most 128 keys a call; the writes of one event commit together anyway.
    const changed = core.takeChangedScores();
    for (let i = 0; i < changed.length; i += PUT_KEYS_MAX) {
      const entries: Record<string, ExplorerScore> = {};
      for (const s of changed.slice(i, i + PUT_KEYS_MAX)) entries[SCORE_PREFIX + s.accountId] = s;
      await this.ctx.storage.put(entries);
    }
  }
}
