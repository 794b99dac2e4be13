// Connection statistics: live estimates (RTT, jitter, buffer depth…) and counters turned
// into per-second rates once per interval. The client fills it; `stats` events carry a
// copy of {@link NetStatsSample} each interval.

import type { TransportPath } from "./transport/transport.js";

/** One periodic sample of the connection's statistics. */
export interface NetStatsSample {
  /** Local time of the sample, ms. */
  readonly at: number;
  /**
   * What carries the link (`"websocket"`, `"direct"`, `"turn"`, `"relay"`, `"local"`,
   * `"simulated"`); undefined for a bare netcode core.
   */
  readonly path: TransportPath | undefined;
  /** Latest round-trip time from PING/PONG, ms. */
  readonly rtt: number;
  /** Arrival jitter of snapshots (RFC 3550 style), ms. */
  readonly jitter: number;
  /**
   * Fraction of server ticks whose snapshot never arrived in the interval (0 on a
   * WebSocket, whose frames are late rather than lost; meaningful on unreliable channels).
   */
  readonly loss: number;
  readonly bytesInPerSecond: number;
  readonly bytesOutPerSecond: number;
  readonly messagesInPerSecond: number;
  readonly messagesOutPerSecond: number;
  /** Snapshots applied per second. */
  readonly updateRate: number;
  /** How far the newest snapshot is ahead of the render time, ms (the interpolation buffer). */
  readonly bufferMs: number;
  /** Snapshots held ahead of the render time (the largest over remote entities). */
  readonly bufferSnapshots: number;
  /** The interpolation delay in force, ms. */
  readonly interpolationDelayMs: number;
  /** How early our inputs reach the room (ticks queued; negative: late). */
  readonly inputBuffer: number;
  /** Current stretch of the client tick (0.05: 5% slower). */
  readonly timeDilation: number;
  /** Unacknowledged inputs: how far the prediction runs ahead of the room, ticks. */
  readonly predictionTicks: number;
  /** Server clock minus local clock, ms. */
  readonly clockOffset: number;
  /** Mispredictions corrected in the interval, per second. */
  readonly correctionsPerSecond: number;
  /** Totals since the connection opened. */
  readonly mispredictions: number;
  readonly resyncs: number;
  readonly replayedTicks: number;
  /** Latest and largest misprediction correction, position units. */
  readonly lastCorrection: number;
  readonly maxCorrection: number;
  /**
   * SNAPSHOTs of an unreliable channel ignored since the connection opened: late,
   * duplicated, or built on a tick the mirror is not at (always 0 on a WebSocket).
   */
  readonly staleSnapshots: number;
}

/** Per-second rates over the last closed interval. */
export interface NetRates {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  updates: number;
  /** Fraction of ticks missing from the snapshot sequence. */
  loss: number;
  /** Mispredictions per second. */
  corrections: number;
}

/** Running counters, turned into {@link NetRates} once per interval. */
export class NetStats {
  bytesIn = 0;
  bytesOut = 0;
  messagesIn = 0;
  messagesOut = 0;
  updates = 0;
  /** Unreliable SNAPSHOTs too late to apply, ignored (a total, not a rate). */
  staleSnapshots = 0;
  readonly rates: NetRates = {
    bytesIn: 0,
    bytesOut: 0,
    messagesIn: 0,
    messagesOut: 0,
    updates: 0,
    loss: 0,
    corrections: 0,
  };
  #at = Number.NaN;
  readonly #mark = new Float64Array(8);

  /** Closes an interval at `now` (ms): turns the counters into rates. */
  roll(now: number, missed: number, received: number, mispredictions: number): void {
    const m = this.#mark;
    if (!Number.isNaN(this.#at) && now > this.#at) {
      const s = (now - this.#at) / 1000;
      const r = this.rates;
      r.bytesIn = (this.bytesIn - m[0]!) / s;
      r.bytesOut = (this.bytesOut - m[1]!) / s;
      r.messagesIn = (this.messagesIn - m[2]!) / s;
      r.messagesOut = (this.messagesOut - m[3]!) / s;
      r.updates = (this.updates - m[4]!) / s;
      const lost = missed - m[5]!;
      const got = received - m[6]!;
      r.loss = lost + got > 0 ? lost / (lost + got) : 0;
      r.corrections = (mispredictions - m[7]!) / s;
    }
    this.#at = now;
    m.set([this.bytesIn, this.bytesOut, this.messagesIn, this.messagesOut, this.updates]);
    m[5] = missed;
    m[6] = received;
    m[7] = mispredictions;
  }
}
