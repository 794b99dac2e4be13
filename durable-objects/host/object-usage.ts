// The usage meter of a Durable Object without a tick (a matchmaker queue, a lobby, a peer
// session's relay): counted where things happen, written to D1 at most every
// OBJECT_USAGE_FLUSH_MS on the object's own events (it has no timer of its own: a timer would
// keep it awake and billed), and at once when it goes idle. See server/metering.

import { meterStorage } from "../../server/metering/metered-storage.js";
import { type UsageLabels, UsageMeter } from "../../server/metering/usage-meter.js";
import { usageWrite } from "../../server/metering/usage-repository.js";

/** Least time between two writes of an object's usage, ms. */
export const OBJECT_USAGE_FLUSH_MS = 10_000;

/** Meters one Durable Object. */
export class ObjectUsage {
  readonly meter: UsageMeter;
  readonly #db: D1Database;
  readonly #waitUntil: (work: Promise<unknown>) => void;
  readonly #who: string;
  #flushedAt = 0;

  constructor(
    db: D1Database,
    labels: () => UsageLabels,
    waitUntil: (work: Promise<unknown>) => void,
  ) {
    this.#db = db;
    this.meter = new UsageMeter(labels);
    this.#waitUntil = waitUntil;
    this.#who = labels().kind;
  }

  /** `storage`, its puts and deletes counted. */
  meteredStorage(storage: DurableObjectStorage): DurableObjectStorage {
    return meterStorage(storage, (n) => this.meter.add("storageWrites", n, Date.now()));
  }

  /** A request (a fetch or an RPC call) reached the object. */
  request(): void {
    this.meter.add("httpRequests", 1, Date.now());
  }

  /** A WebSocket message of `bytes` arrived. */
  message(bytes: number): void {
    const now = Date.now();
    this.meter.add("wsMessagesIn", 1, now);
    this.meter.add("bytesIn", bytes, now);
  }

  /**
   * Writes what was counted when the last write is old enough, or with `force`: once the event
   * that asked is done (a macrotask later), so its own counts and the labels it set (a lobby
   * learns its game in its first call) are in the row.
   */
  flush(force = false): void {
    const now = Date.now();
    if (!force && now - this.#flushedAt < OBJECT_USAGE_FLUSH_MS) return;
    this.#flushedAt = now;
    const later = new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.#waitUntil(later.then(() => usageWrite(this.#db, this.meter.take(Date.now()), this.#who)));
  }
}
