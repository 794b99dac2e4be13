// What a run measured. Each worker thread keeps a BotTally of its own bots; the main thread
// adds the tallies up (mergeTallies) and turns the sum into a BotsReport (reportOf).

import {
  emptyLatencies,
  type LatencyCounts,
  latencyQuantile,
  mergeLatencies,
} from "./latency-histogram.js";

/** One thread's counters; plain data, posted across the worker boundary. */
export interface BotTally {
  /** Bots of the thread. */
  bots: number;
  /** Bots that joined their room at least once. */
  joined: number;
  connected: number;
  joining: number;
  reconnecting: number;
  failed: number;
  /** Links that dropped or closed while the run was on (not the bots' own stop). */
  unexpectedDisconnects: number;
  /** Every close seen, by code (a drop with no close frame counts as 1006). */
  disconnectsByCode: Record<string, number>;
  /** Resumes that succeeded. */
  reconnects: number;
  /** RTT samples (one per bot per statistics interval). */
  rtt: LatencyCounts;
  /** How late the thread's event loop ran (loop-delay.ts), one sample per 20 ms. */
  loopDelay: LatencyCounts;
  /**
   * Bytes received and sent over the run (rates × interval, summed over bots), WebSocket
   * framing included (websocket-framing.ts).
   */
  bytesIn: number;
  bytesOut: number;
  /** Sum over bots of their latest per-second rates (for the live view). */
  bytesInPerSecond: number;
  bytesOutPerSecond: number;
  /** Seconds bots spent connected, summed over bots. */
  connectedSeconds: number;
  /** Sign-ins answered 429 and waited out (Retry-After). */
  signInRetries: number;
  /** RPCs the game's bot policy called, and those that failed (refused, or cut by a drop). */
  rpcCalls: number;
  rpcErrors: number;
  /** The first few errors, for the report. */
  errors: string[];
}

/** The final report of a run (`--json` writes it as it is). */
export interface BotsReport {
  readonly game: string;
  readonly url: string;
  readonly room: string | null;
  readonly mode: string | null;
  readonly seed: number;
  readonly threads: number;
  readonly bots: number;
  /** Seconds the bots played (shorter than asked when stopped early). */
  readonly seconds: number;
  /** Whether the run was stopped early (Ctrl-C, an aborted signal). */
  readonly stopped: boolean;
  /** Bots that joined their room at least once. */
  readonly connected: number;
  /** Bots still playing at the end. */
  readonly connectedAtEnd: number;
  readonly failed: number;
  readonly unexpectedDisconnects: number;
  readonly disconnectsByCode: Readonly<Record<string, number>>;
  readonly reconnects: number;
  readonly rttMsP50: number;
  readonly rttMsP99: number;
  readonly rttSamples: number;
  /**
   * How late the bots' threads ran their event loops, ms: a PONG waits that long behind the
   * bots' other work before its round trip is read, so it is the bots' share of rttMsP99.
   */
  readonly loopDelayMsP50: number;
  readonly loopDelayMsP99: number;
  /** Over all bots, bytes per second of the run (WebSocket framing included). */
  readonly bytesInPerSecond: number;
  readonly bytesOutPerSecond: number;
  /** Bytes in and out per connected bot per second. */
  readonly bytesPerClientSecond: number;
  readonly signInRetries: number;
  readonly rpcCalls: number;
  readonly rpcErrors: number;
  readonly errors: readonly string[];
}

/** Most errors a tally keeps. */
export const MAX_ERRORS = 10;

/** A tally of nothing. */
export function emptyTally(): BotTally {
  return {
    bots: 0,
    joined: 0,
    connected: 0,
    joining: 0,
    reconnecting: 0,
    failed: 0,
    unexpectedDisconnects: 0,
    disconnectsByCode: {},
    reconnects: 0,
    rtt: emptyLatencies(),
    loopDelay: emptyLatencies(),
    bytesIn: 0,
    bytesOut: 0,
    bytesInPerSecond: 0,
    bytesOutPerSecond: 0,
    connectedSeconds: 0,
    signInRetries: 0,
    rpcCalls: 0,
    rpcErrors: 0,
    errors: [],
  };
}

/** The sum of `tallies` (a new tally; the inputs are not changed). */
export function mergeTallies(tallies: readonly BotTally[]): BotTally {
  const sum = emptyTally();
  for (const t of tallies) {
    sum.bots += t.bots;
    sum.joined += t.joined;
    sum.connected += t.connected;
    sum.joining += t.joining;
    sum.reconnecting += t.reconnecting;
    sum.failed += t.failed;
    sum.unexpectedDisconnects += t.unexpectedDisconnects;
    for (const [code, n] of Object.entries(t.disconnectsByCode))
      sum.disconnectsByCode[code] = (sum.disconnectsByCode[code] ?? 0) + n;
    sum.reconnects += t.reconnects;
    mergeLatencies(sum.rtt, t.rtt);
    mergeLatencies(sum.loopDelay, t.loopDelay);
    sum.bytesIn += t.bytesIn;
    sum.bytesOut += t.bytesOut;
    sum.bytesInPerSecond += t.bytesInPerSecond;
    sum.bytesOutPerSecond += t.bytesOutPerSecond;
    sum.connectedSeconds += t.connectedSeconds;
    sum.signInRetries += t.signInRetries;
    sum.rpcCalls += t.rpcCalls;
    sum.rpcErrors += t.rpcErrors;
    for (const e of t.errors) if (sum.errors.length < MAX_ERRORS) sum.errors.push(e);
  }
  return sum;
}

/** What the report says besides the tally. */
export interface RunFacts {
  readonly game: string;
  readonly url: string;
  readonly room: string | undefined;
  readonly mode: string | undefined;
  readonly seed: number;
  readonly threads: number;
  readonly bots: number;
  readonly seconds: number;
  readonly stopped: boolean;
}

/** The report of a run from its merged tally. */
export function reportOf(tally: BotTally, facts: RunFacts): BotsReport {
  let samples = 0;
  for (const c of tally.rtt) samples += c;
  const seconds = Math.max(facts.seconds, 1e-3);
  return {
    game: facts.game,
    url: facts.url,
    room: facts.room ?? null,
    mode: facts.mode ?? null,
    seed: facts.seed,
    threads: facts.threads,
    bots: facts.bots,
    seconds: round(facts.seconds, 3),
    stopped: facts.stopped,
    connected: tally.joined,
    connectedAtEnd: tally.connected,
    failed: tally.failed,
    unexpectedDisconnects: tally.unexpectedDisconnects,
    disconnectsByCode: tally.disconnectsByCode,
    reconnects: tally.reconnects,
    rttMsP50: round(latencyQuantile(tally.rtt, 0.5), 2),
    rttMsP99: round(latencyQuantile(tally.rtt, 0.99), 2),
    rttSamples: samples,
    loopDelayMsP50: round(latencyQuantile(tally.loopDelay, 0.5), 2),
    loopDelayMsP99: round(latencyQuantile(tally.loopDelay, 0.99), 2),
    bytesInPerSecond: Math.round(tally.bytesIn / seconds),
    bytesOutPerSecond: Math.round(tally.bytesOut / seconds),
    bytesPerClientSecond:
      tally.connectedSeconds > 0
        ? Math.round((tally.bytesIn + tally.bytesOut) / tally.connectedSeconds)
        : 0,
    signInRetries: tally.signInRetries,
    rpcCalls: tally.rpcCalls,
    rpcErrors: tally.rpcErrors,
    errors: tally.errors,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
