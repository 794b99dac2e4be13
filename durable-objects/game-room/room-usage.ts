// A GameRoom's usage meter (server/metering): what Cloudflare bills the room for and what the
// dashboard plots, counted where it happens and written to D1 by the minute, off the tick.
// - Awake time: while the tick timer runs (it keeps the object in memory: billed duration);
//   an empty room stops the timer and hibernates, and that time is not counted.
// - Requests: each fetch or RPC call to the object; incoming WebSocket messages: every frame
//   received, joined or not (Cloudflare bills them at 20:1).
// - Frames and bytes sent, ticks and their durations: the core's own counts (RoomCore.totals,
//   the tick histogram), diffed between flushes, so the tick itself does nothing more; the
//   bytes of them that were voice (RoomCore.voice's counts) likewise.
// - D1 rows: the room's queries run through a metered binding; storage writes: through a
//   counting storage. The meter's own writes (one row per minute) are not metered.

import { meterD1 } from "../../server/metering/metered-d1.js";
import { meterStorage } from "../../server/metering/metered-storage.js";
import { type UsageLabels, UsageMeter } from "../../server/metering/usage-meter.js";
import { writeUsage } from "../../server/metering/usage-repository.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import { DURATION_BUCKETS, quantileMs } from "../../shared/room/duration-histogram.js";
import type { RoomCore } from "../../shared/room/room-core.js";
import type { RoomTotals } from "../../shared/room/room-timings.js";

/** How often a ticking room writes its usage, ms (and when it stops). */
export const USAGE_FLUSH_MS = 60_000;

const NO_TOTALS: RoomTotals = { ticks: 0, bytesOut: 0, messagesOut: 0, bytesIn: 0, messagesIn: 0 };

/** The labels of room `roomId`'s usage rows, configured by `config` (none yet: blank). */
export function roomUsageLabels(roomId: string, config: RoomConfig | undefined): UsageLabels {
  return {
    kind: "room",
    objectId: roomId,
    matchId: roomId,
    game: config?.game ?? "",
    mode: config?.mode ?? config?.game ?? "",
    region: config?.region ?? "",
  };
}

/** Meters one GameRoom. */
export class RoomUsage {
  readonly meter: UsageMeter;
  readonly #db: D1Database;
  readonly #waitUntil: (work: Promise<unknown>) => void;
  #core: RoomCore<unknown> | undefined;
  #last: RoomTotals = NO_TOTALS;
  #lastVoiceBytes = 0;
  readonly #histogram = new Uint32Array(DURATION_BUCKETS);
  readonly #previous = new Uint32Array(DURATION_BUCKETS);
  readonly #between = new Uint32Array(DURATION_BUCKETS);

  constructor(
    db: D1Database,
    labels: () => UsageLabels,
    waitUntil: (work: Promise<unknown>) => void,
  ) {
    this.#db = db;
    this.meter = new UsageMeter(labels);
    this.#waitUntil = waitUntil;
  }

  /** `db`, its rows counted as this room's. */
  meteredDb(db: D1Database): D1Database {
    return meterD1(db, (read, written) => {
      const now = Date.now();
      if (read > 0) this.meter.add("d1RowsRead", read, now);
      if (written > 0) this.meter.add("d1RowsWritten", written, now);
    });
  }

  /** `storage`, its puts and deletes counted (a put of n entries is n writes). */
  meteredStorage(storage: DurableObjectStorage): DurableObjectStorage {
    return meterStorage(storage, (n) => this.meter.add("storageWrites", n, Date.now()));
  }

  /** The room's core, whose counts the meter reads (set when it is built). */
  watch(core: RoomCore<unknown>): void {
    this.#core = core;
    this.#last = core.totals();
    this.#lastVoiceBytes = core.voice?.stats.bytesOut ?? 0;
    core.copyTickHistogram(this.#previous);
  }

  /** A request reached the object. */
  request(): void {
    this.meter.add("httpRequests", 1, Date.now());
  }

  /** A WebSocket message of `bytes` arrived. */
  message(bytes: number): void {
    const now = Date.now();
    this.meter.add("wsMessagesIn", 1, now);
    this.meter.add("bytesIn", bytes, now);
    // Seated players change on messages (a HELLO) and closes: their peak is read here.
    if (this.#core) this.meter.peak("playersPeak", this.#core.playerCount, now);
  }

  /** The tick timer started (awake) or stopped. */
  awake(on: boolean): void {
    this.meter.awake(on, Date.now());
  }

  /** Reads the core's counts since the last flush and writes the rows so far (off the tick). */
  flush(): void {
    const now = Date.now();
    this.#sample(now);
    writeUsage(this.#db, this.meter.take(now), this.#waitUntil, "room");
  }

  #sample(now: number): void {
    const core = this.#core;
    if (!core) return;
    const t = core.totals();
    const last = this.#last;
    this.#last = t;
    const m = this.meter;
    m.add("wsMessagesOut", t.messagesOut - last.messagesOut, now);
    m.add("bytesOut", t.bytesOut - last.bytesOut, now);
    m.add("ticks", t.ticks - last.ticks, now);
    const voiceBytes = core.voice?.stats.bytesOut ?? 0;
    m.add("voiceBytes", voiceBytes - this.#lastVoiceBytes, now);
    this.#lastVoiceBytes = voiceBytes;
    m.peak("playersPeak", core.playerCount, now);
    if (!core.copyTickHistogram(this.#histogram) || t.ticks === last.ticks) return;
    for (let i = 0; i < DURATION_BUCKETS; i++)
      this.#between[i] = this.#histogram[i]! - this.#previous[i]!;
    this.#previous.set(this.#histogram);
    m.ticked(quantileMs(this.#between, [0], 0.5), quantileMs(this.#between, [0], 0.99), now);
  }
}
