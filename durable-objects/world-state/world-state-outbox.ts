// WorldStateOutbox: how a zone sends its world-wide changes (visits, chat, its load) to the
// world's WorldState object without ever blocking its tick. The tick only appends to a queue;
// `flush`, on the zone's coarse timer, sends at most one batch at a time. A batch keeps its
// seq until the world acknowledges it, so a failed or unanswered call is resent unchanged and
// applied once (WorldStateCore.apply ignores a seq it has seen). Failures back off
// exponentially, so a slow or restarting world object costs the zone one pending call, not a
// pile of them. Each answer carries the world's view, which the zone keeps as its read copy.

import type { WorldView, ZoneBatch, ZoneLoad } from "./world-state-core.js";

/** Sends a batch to the world object; resolves with the world's view after applying it. */
export type SendBatch = (batch: ZoneBatch) => Promise<WorldView>;

/** Least and greatest wait after a failed flush, ms. */
export const OUTBOX_BACKOFF_MS = { min: 500, max: 30_000 } as const;
/** Most visits and chat lines one batch carries; the rest wait for the next flush. */
export const OUTBOX_BATCH_MAX = 256;

type Visit = ZoneBatch["visits"][number];
type Chat = ZoneBatch["chat"][number];

/** A zone's queue of world-state changes. */
export class WorldStateOutbox {
  readonly #zone: string;
  readonly #send: SendBatch;
  #visits: Visit[] = [];
  #chat: Chat[] = [];
  #load: ZoneLoad | undefined;
  /** The batch sent and not yet acknowledged: resent as it is. */
  #pending: ZoneBatch | undefined;
  readonly #run: string;
  #seq = 0;
  #inFlight = false;
  #failures = 0;
  #retryAt = 0;
  #view: WorldView | undefined;

  /** @param run unique per start of the zone object (a restarted zone numbers from 1 again) */
  constructor(zone: string, run: string, send: SendBatch) {
    this.#zone = zone;
    this.#run = run;
    this.#send = send;
  }

  /** An account entered the zone. */
  visit(accountId: string, name: string): void {
    this.#visits.push({ accountId, name });
  }

  /** A chat line for the whole world. */
  chat(accountId: string, name: string, text: string): void {
    this.#chat.push({ accountId, name, text });
  }

  /** The zone's latest load; only the newest is sent. */
  load(load: ZoneLoad): void {
    this.#load = load;
  }

  /** The world's view from the last acknowledged batch (undefined before one). */
  get view(): WorldView | undefined {
    return this.#view;
  }

  /** The last seq used. */
  get seq(): number {
    return this.#seq;
  }

  /** Changes not yet acknowledged (the pending batch's and the queued). */
  get backlog(): number {
    const p = this.#pending;
    return (p ? p.visits.length + p.chat.length : 0) + this.#visits.length + this.#chat.length;
  }

  /**
   * Sends the pending batch, or a new one from the queue, unless a call is in flight or the
   * back-off has not run out. Never rejects: a failure is counted and retried later.
   */
  async flush(now: number): Promise<void> {
    if (this.#inFlight || now < this.#retryAt) return;
    const batch = this.#pending ?? this.#take();
    if (!batch) return;
    this.#pending = batch;
    this.#inFlight = true;
    try {
      this.#view = await this.#send(batch);
      this.#pending = undefined;
      this.#failures = 0;
      this.#retryAt = 0;
    } catch (e) {
      this.#failures++;
      const wait = Math.min(
        OUTBOX_BACKOFF_MS.max,
        OUTBOX_BACKOFF_MS.min * 2 ** (this.#failures - 1),
      );
      this.#retryAt = now + wait;
      console.warn(`zone ${this.#zone}: world state unreachable, retrying in ${wait} ms`, e);
    } finally {
      this.#inFlight = false;
    }
  }

  #take(): ZoneBatch | undefined {
    if (this.#visits.length === 0 && this.#chat.length === 0 && !this.#load) return undefined;
    const visits = this.#visits.splice(0, OUTBOX_BATCH_MAX);
    const chat = this.#chat.splice(0, OUTBOX_BATCH_MAX);
    const load = this.#load;
    this.#load = undefined;
    return {
      zoneId: this.#zone,
      run: this.#run,
      seq: ++this.#seq,
      visits,
      chat,
      ...(load ? { load } : {}),
    };
  }
}
