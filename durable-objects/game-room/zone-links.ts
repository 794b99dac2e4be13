// ZoneLinks: how a zone's messages reach its neighbours (Durable Object to Durable Object
// RPC) without ever holding up its tick. The zone core hands messages over from inside the
// tick (`send`); `flush`, right after the tick, sends each neighbour everything queued for it
// in one call — at most one call in flight per neighbour, so the call rate is bounded by the
// tick rate and a slow neighbour costs one pending call, not a pile. While a call is in
// flight or backing off, ghost batches do not pile up: only the newest is kept (ghosts are
// state, a stale copy is worth nothing), moved to the end so the order of everything kept is
// the order sent. Handoff messages are never dropped: a failed call is resent whole, first,
// after an exponential back-off. Each call carries the link's run and a sequence number, so
// the receiver (ZoneInbox) drops a call it already took when a resent one's first attempt did
// arrive: every message is delivered once, in order.

import type { ZoneId } from "../../shared/zones/zone-grid.js";
import type { ZoneMessage } from "../../shared/zones/zone-messages.js";

/** One call's worth of messages from one zone to one neighbour. */
export interface LinkBatch {
  readonly from: ZoneId;
  /** The sending object's run (random per start): a restarted zone numbers from 1 again. */
  readonly run: string;
  readonly seq: number;
  readonly messages: readonly ZoneMessage[];
}

/** Delivers a batch to zone `to`; rejects when it may not have arrived. */
export type DeliverBatch = (to: ZoneId, batch: LinkBatch) => Promise<void>;

/** Least and greatest wait after a failed call, ms. */
export const LINK_BACKOFF_MS = { min: 100, max: 5_000 } as const;

/** What the links did, for load reports and bench:zones. */
export interface LinkCounts {
  /** RPC calls made. */
  calls: number;
  /** Calls that failed (resent later). */
  failures: number;
  /** Ghost batches replaced by a newer one before they were sent. */
  staleGhosts: number;
  /** Bytes of ghost batches sent (each batch counted once, resends excluded). */
  ghostBytes: number;
}

interface Link {
  queue: ZoneMessage[];
  /** The batch sent and not acknowledged: resent as it is. */
  unacked: LinkBatch | undefined;
  inFlight: boolean;
  failures: number;
  retryAt: number;
}

/** A zone's outgoing links to its neighbours. */
export class ZoneLinks {
  readonly counts: LinkCounts = { calls: 0, failures: 0, staleGhosts: 0, ghostBytes: 0 };
  readonly #from: ZoneId;
  readonly #run: string;
  readonly #deliver: DeliverBatch;
  readonly #links = new Map<ZoneId, Link>();
  #seq = 0;

  constructor(from: ZoneId, run: string, deliver: DeliverBatch) {
    this.#from = from;
    this.#run = run;
    this.#deliver = deliver;
  }

  /** Queues `msg` for zone `to` (called from the tick: no I/O here). */
  send(to: ZoneId, msg: ZoneMessage): void {
    let link = this.#links.get(to);
    if (!link) {
      link = { queue: [], unacked: undefined, inFlight: false, failures: 0, retryAt: 0 };
      this.#links.set(to, link);
    }
    if (msg.type === "ghosts") {
      const older = link.queue.findIndex((m) => m.type === "ghosts");
      if (older >= 0) {
        link.queue.splice(older, 1);
        this.counts.staleGhosts++;
      }
    }
    link.queue.push(msg);
  }

  /** Messages queued or unacknowledged, all links. */
  get backlog(): number {
    let n = 0;
    for (const l of this.#links.values()) n += l.queue.length + (l.unacked?.messages.length ?? 0);
    return n;
  }

  /**
   * Starts a call to every neighbour with something to send and nothing in flight, past its
   * back-off, and once a call settles sends what was queued behind it (an idle zone has no
   * next tick to do it). Returns the calls' promise (never rejects) for hosts that keep the
   * object awake until they settle (waitUntil); the tick never awaits it.
   */
  flush(now: number): Promise<void> {
    const calls: Promise<void>[] = [];
    for (const [to, link] of this.#links) {
      if (link.inFlight || now < link.retryAt) continue;
      const batch = link.unacked ?? this.#take(link);
      if (!batch) continue;
      link.unacked = batch;
      calls.push(this.#call(to, link, batch, now).then(() => this.#behind(to, link, now)));
    }
    return Promise.all(calls).then(() => undefined);
  }

  /** The call to `to` settled: what queued meanwhile leaves now, unless it failed (back-off). */
  async #behind(to: ZoneId, link: Link, now: number): Promise<void> {
    while (!link.inFlight && link.failures === 0 && link.queue.length > 0) {
      const batch = this.#take(link)!;
      link.unacked = batch;
      await this.#call(to, link, batch, now);
    }
  }

  #take(link: Link): LinkBatch | undefined {
    if (link.queue.length === 0) return undefined;
    const messages = link.queue.splice(0);
    for (const m of messages) if (m.type === "ghosts") this.counts.ghostBytes += m.bytes.byteLength;
    return { from: this.#from, run: this.#run, seq: ++this.#seq, messages };
  }

  async #call(to: ZoneId, link: Link, batch: LinkBatch, now: number): Promise<void> {
    link.inFlight = true;
    this.counts.calls++;
    try {
      await this.#deliver(to, batch);
      link.unacked = undefined;
      link.failures = 0;
      link.retryAt = 0;
    } catch (e) {
      this.counts.failures++;
      link.failures++;
      const wait = Math.min(LINK_BACKOFF_MS.max, LINK_BACKOFF_MS.min * 2 ** (link.failures - 1));
      link.retryAt = now + wait;
      console.warn(`zone ${this.#from} -> ${to}: delivery failed, resending in ${wait} ms`, e);
    } finally {
      link.inFlight = false;
    }
  }
}

/** The receiving end: drops a batch already taken (a resend whose first attempt arrived). */
export class ZoneInbox {
  /** Per sending zone, its run and the last seq taken. */
  readonly #last = new Map<ZoneId, { run: string; seq: number }>();

  /** True when `batch` is new and its messages should be handed to the zone core. */
  take(batch: LinkBatch): boolean {
    const last = this.#last.get(batch.from);
    if (last?.run === batch.run && batch.seq <= last.seq) return false;
    this.#last.set(batch.from, { run: batch.run, seq: batch.seq });
    return true;
  }
}
