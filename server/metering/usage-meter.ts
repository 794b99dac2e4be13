// What one Durable Object (or the Worker) consumed, counted where it happens and kept by the
// minute: the counters Cloudflare bills on (awake time, requests, incoming WebSocket messages,
// D1 rows, storage writes) and those operators plot (bytes, ticks, players, queues). Counting
// is a few additions; nothing here touches storage. The owner takes the rows now and then
// (usage-repository.ts writes them off the tick, in one batch) — every counter is a sum or a
// peak, so partial minutes flushed twice add up.

/** Which object a row meters. */
export type UsageKind = "room" | "lobby" | "matchmaker" | "relay" | "worker";

/** Who a row is about: the object, and what it served (for grouping by match, game, mode, region). */
export interface UsageLabels {
  readonly kind: UsageKind;
  readonly objectId: string;
  /** The match the object served (a room id); "" for none. */
  readonly matchId: string;
  readonly game: string;
  readonly mode: string;
  readonly region: string;
}

/** Counters summed over a minute. */
export const SUMMED = [
  "activeMs",
  "httpRequests",
  "wsMessagesIn",
  "wsMessagesOut",
  "bytesIn",
  "bytesOut",
  "d1RowsRead",
  "d1RowsWritten",
  "storageWrites",
  "relayBytes",
  "voiceBytes",
  "ticks",
  "matches",
  "matchWaitMs",
  "signInFailures",
] as const;

/** Peaks over a minute. */
export const PEAKS = ["playersPeak", "queuePeak"] as const;

export type SummedCounter = (typeof SUMMED)[number];
export type PeakCounter = (typeof PEAKS)[number];

/** One object's usage in one minute. */
export type UsageRow = UsageLabels &
  Record<SummedCounter | PeakCounter, number> & {
    /** Unix ms of the minute's start. */
    readonly minute: number;
    /** The minute's tick durations, ms; null when untimed or no tick ran. */
    tickMsP50: number | null;
    tickMsP99: number | null;
  };

const MINUTE_MS = 60_000;

/** The start of the minute holding `now` (Unix ms). */
export function minuteOf(now: number): number {
  return Math.floor(now / MINUTE_MS) * MINUTE_MS;
}

/** Counts one object's usage by the minute. */
export class UsageMeter {
  readonly #labels: () => UsageLabels;
  /** Finished (or flushed-while-open) rows not yet taken. */
  #done: UsageRow[] = [];
  #row: UsageRow | undefined;
  /** Since when the object is awake and counting active time, ms (undefined: not counting). */
  #activeSince: number | undefined;

  /** @param labels read when rows are taken (an object learns its room's game after it starts) */
  constructor(labels: () => UsageLabels) {
    this.#labels = labels;
  }

  /** Adds `n` to counter `name` at `now` (Unix ms). */
  add(name: SummedCounter, n: number, now: number): void {
    this.#at(now)[name] += n;
  }

  /** Raises peak `name` to `value` at `now`. */
  peak(name: PeakCounter, value: number, now: number): void {
    const row = this.#at(now);
    if (value > row[name]) row[name] = value;
  }

  /** Records the worst tick durations of the minute, ms. */
  ticked(p50: number, p99: number, now: number): void {
    const row = this.#at(now);
    row.tickMsP50 = Math.max(row.tickMsP50 ?? 0, p50);
    row.tickMsP99 = Math.max(row.tickMsP99 ?? 0, p99);
  }

  /** The object is awake from `now` (a tick timer started) or no longer (it stopped). */
  awake(on: boolean, now: number): void {
    if (on) {
      if (this.#activeSince === undefined) {
        this.#at(now);
        this.#activeSince = now;
      }
      return;
    }
    if (this.#activeSince === undefined) return;
    this.#at(now).activeMs += now - this.#activeSince;
    this.#activeSince = undefined;
  }

  /** True while active time is counted. */
  get isAwake(): boolean {
    return this.#activeSince !== undefined;
  }

  /**
   * The rows counted up to `now` (the open minute's so far included), to be written; counting
   * goes on from zero in the same minute.
   */
  take(now: number): UsageRow[] {
    const row = this.#at(now);
    if (this.#activeSince !== undefined) {
      row.activeMs += now - this.#activeSince;
      this.#activeSince = now;
    }
    const out = this.#done;
    this.#done = [];
    if (!isEmpty(row)) out.push(row);
    // The minute goes on, counted afresh (its awake time keeps its place in it).
    this.#row = newRow(row.minute);
    const labels = this.#labels();
    return out.map((r) => ({ ...r, ...labels }));
  }

  /**
   * The row of the minute holding `now`, closing the previous minute's when it changed (and,
   * for an object awake all along, a row of awake time for each minute in between).
   */
  #at(now: number): UsageRow {
    const minute = minuteOf(now);
    const row = this.#row;
    if (row && row.minute === minute) return row;
    if (row) {
      this.#close(row);
      if (this.#activeSince !== undefined)
        for (let m = row.minute + MINUTE_MS; m < minute; m += MINUTE_MS) this.#close(newRow(m));
    }
    const fresh = newRow(minute);
    this.#row = fresh;
    return fresh;
  }

  /** Ends `row`'s minute: its part of the awake time, and it is kept unless empty. */
  #close(row: UsageRow): void {
    if (this.#activeSince !== undefined) {
      const end = row.minute + MINUTE_MS;
      row.activeMs += end - this.#activeSince;
      this.#activeSince = end;
    }
    if (!isEmpty(row)) this.#done.push(row);
  }
}

function newRow(minute: number): UsageRow {
  const row = { minute, tickMsP50: null, tickMsP99: null } as UsageRow;
  for (const k of SUMMED) row[k] = 0;
  for (const k of PEAKS) row[k] = 0;
  return row;
}

function isEmpty(row: UsageRow): boolean {
  for (const k of SUMMED) if (row[k] !== 0) return false;
  for (const k of PEAKS) if (row[k] !== 0) return false;
  return row.tickMsP99 === null;
}
