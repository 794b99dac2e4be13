// The arithmetic of `npm run bench:cost`, pure: the room's metered counters and the counts the
// bots and the harness took themselves, put side by side as the same five counters (seen from
// the room: frames it received are frames the bots sent), their relative differences, and the
// estimate's cost of one more match from two monthly estimates.

/** The five counters both sides count, as the room sees them. */
export interface SessionCounts {
  /** WebSocket frames the room received (the bots sent). */
  readonly messagesIn: number;
  /** WebSocket frames the room sent (the bots received). */
  readonly messagesOut: number;
  /** Payload bytes of those frames (no WebSocket framing), each way. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Seconds the room was active: its tick timer ran (someone was connected). */
  readonly activeSeconds: number;
}

/** The counters, in the order the report lists them. */
export const COUNTERS = [
  "messagesIn",
  "messagesOut",
  "bytesIn",
  "bytesOut",
  "activeSeconds",
] as const satisfies readonly (keyof SessionCounts)[];

export type Counter = (typeof COUNTERS)[number];

/** The metering's counters of a match, as GET /v1/admin/costs sums them (the fields read here). */
export interface MeteredCounters {
  readonly activeMs: number;
  readonly wsMessagesIn: number;
  readonly wsMessagesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** What the bots' sockets counted: frames and payload bytes each way. */
export interface BotFrameCounts {
  readonly framesSent: number;
  readonly bytesSent: number;
  readonly framesReceived: number;
  readonly bytesReceived: number;
}

/** The metered counters as SessionCounts. */
export function meteredCounts(usage: MeteredCounters): SessionCounts {
  return {
    messagesIn: usage.wsMessagesIn,
    messagesOut: usage.wsMessagesOut,
    bytesIn: usage.bytesIn,
    bytesOut: usage.bytesOut,
    activeSeconds: usage.activeMs / 1000,
  };
}

/**
 * The bots' counts as the room's: what they sent came in, what they received went out.
 * `activeSeconds` is the harness's: the time at least one bot's socket was open.
 */
export function independentCounts(frames: BotFrameCounts, activeSeconds: number): SessionCounts {
  return {
    messagesIn: frames.framesSent,
    messagesOut: frames.framesReceived,
    bytesIn: frames.bytesSent,
    bytesOut: frames.bytesReceived,
    activeSeconds,
  };
}

/** One counter on both sides. */
export interface CounterDifference {
  readonly metered: number;
  readonly independent: number;
  /** metered − independent. */
  readonly difference: number;
  /** |metered − independent| ÷ independent (0 when both are 0; 1 when only metered is). */
  readonly relativeDifference: number;
}

/** Every counter compared, and the worst. */
export interface CountsComparison {
  readonly differences: Readonly<Record<Counter, CounterDifference>>;
  readonly maxRelativeDifference: number;
  /** The counter whose relative difference is the largest. */
  readonly worst: Counter;
}

/** |a − b| ÷ b, with 0 ÷ 0 = 0 and x ÷ 0 = 1 (all of it is a difference). */
export function relativeDifference(metered: number, independent: number): number {
  const gap = Math.abs(metered - independent);
  if (independent === 0) return gap === 0 ? 0 : 1;
  return gap / Math.abs(independent);
}

/**
 * Compares the metered counts with the independent ones, counter by counter.
 * @example
 * compareCounts(meteredCounts(usage), independentCounts(frames, 61.2)).maxRelativeDifference
 */
export function compareCounts(
  metered: SessionCounts,
  independent: SessionCounts,
): CountsComparison {
  const differences = {} as Record<Counter, CounterDifference>;
  let worst: Counter = COUNTERS[0];
  for (const c of COUNTERS) {
    differences[c] = {
      metered: metered[c],
      independent: independent[c],
      difference: metered[c] - independent[c],
      relativeDifference: relativeDifference(metered[c], independent[c]),
    };
    if (differences[c].relativeDifference > differences[worst].relativeDifference) worst = c;
  }
  return { differences, maxRelativeDifference: differences[worst].relativeDifference, worst };
}

/** Days in the estimate's month (server/costs/estimate.ts DAYS_PER_MONTH). */
export const ESTIMATE_DAYS_PER_MONTH = 30;

/** A monthly estimate at one volume: its matches a day and a figure of it (the total, an item). */
export interface EstimatePoint {
  readonly matchesPerDay: number;
  readonly value: number;
}

/**
 * What one more match adds to a monthly figure: the slope between two volumes,
 * (high − low) ÷ (30 × (high.matchesPerDay − low.matchesPerDay)). Above every included
 * amount a month's cost is linear in its matches, so the slope is the marginal cost of a
 * match: the base fee and the allowances, which the measured cost leaves out, drop out too.
 */
export function perMatchSlope(low: EstimatePoint, high: EstimatePoint): number {
  const matches = ESTIMATE_DAYS_PER_MONTH * (high.matchesPerDay - low.matchesPerDay);
  if (!(matches > 0)) throw new RangeError("high.matchesPerDay must be above low.matchesPerDay");
  return (high.value - low.value) / matches;
}
