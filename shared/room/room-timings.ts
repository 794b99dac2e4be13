// A room's own figures for operators: how long its ticks take (whole, and the game step, the
// shared encoding and the sends), and the bytes and messages it sends and receives, over a
// rolling window of the last WINDOW_SECONDS seconds and since the room was built.
//
// Off the hot path: every figure lands in preallocated typed arrays (one-second slots of a
// ring, plus a running total), so a tick allocates nothing and costs four clock reads. The
// clock is the host's (RoomSink.clock); without one only counts are kept. What a clock reads
// inside a Durable Object differs by place: docs/api.md#room-figures.

import { DURATION_BUCKETS, durationBucket, quantileMs } from "./duration-histogram.js";
import type { RoomSink } from "./room-sink.js";
import type { VoiceStats } from "./room-voice.js";

/** Seconds the rolling window spans (the current, partial second included). */
export const WINDOW_SECONDS = 10;

/** The timed parts of a tick, each its own histogram. */
const PHASE = { tick: 0, step: 1, encode: 2, send: 3 } as const;
type Phase = keyof typeof PHASE;
const PHASES = Object.keys(PHASE) as Phase[];

/** Counters of a slot, by index. */
const COUNTER = { ticks: 0, bytesOut: 1, messagesOut: 2, bytesIn: 3, messagesIn: 4 } as const;
const COUNTERS = 5;

/** Slots: the ring's WINDOW_SECONDS, then the total since the room was built. */
const SLOTS = WINDOW_SECONDS + 1;
const TOTAL = WINDOW_SECONDS;

/** Durations of one timed part over a span, ms. */
export interface DurationSummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The figures of one span (the window, or since the room was built). */
export interface TimingsSpan {
  /** How long the span covers, ms. */
  readonly ms: number;
  /** Ticks run in it. */
  readonly ticks: number;
  /**
   * Tick durations (whole; the game's step; the quantization and shared encoding of what
   * changed; everything after it: interest, each player's SNAPSHOT, the broadcast stream);
   * null when the host gives the room no clock.
   */
  readonly tickMs: DurationSummary | null;
  readonly stepMs: DurationSummary | null;
  readonly encodeMs: DurationSummary | null;
  readonly sendMs: DurationSummary | null;
  /** Frames the room sent (every SNAPSHOT and control message), and their bytes. */
  readonly bytesOutPerSecond: number;
  readonly messagesOutPerSecond: number;
  /** Frames the room core read from its connections, and their bytes. */
  readonly bytesInPerSecond: number;
  readonly messagesInPerSecond: number;
}

/** A room's counts since it was built (RoomTimings.totals). */
export interface RoomTotals {
  readonly ticks: number;
  readonly bytesOut: number;
  readonly messagesOut: number;
  readonly bytesIn: number;
  readonly messagesIn: number;
}

/** Records a room's timings and traffic (one per RoomCore). */
export class RoomTimings {
  readonly #clock: (() => number) | undefined;
  /** Counts by slot, phase and bucket: [(slot * PHASES + phase) * BUCKETS + bucket]. */
  readonly #counts = new Uint32Array(SLOTS * PHASES.length * DURATION_BUCKETS);
  /** Sum and max of each slot's phase durations, ms. */
  readonly #sums = new Float64Array(SLOTS * PHASES.length);
  readonly #maxes = new Float64Array(SLOTS * PHASES.length);
  readonly #counters = new Float64Array(SLOTS * COUNTERS);
  /** The second (Unix, whole) each ring slot holds; -1 for none. */
  readonly #slotSecond = new Float64Array(WINDOW_SECONDS).fill(-1);
  #slot = 0;
  #second = -1;
  #since: number | undefined;
  /** Clock readings of the tick under way: its start and the end of its last part. */
  #tickStart = 0;
  #partStart = 0;

  /** @param clock a monotonic clock in ms (e.g. `performance.now`), for durations only */
  constructor(clock?: () => number) {
    this.#clock = clock;
  }

  /** The host's time (ms, as given to the core): picks the second the figures go to. */
  at(now: number): void {
    this.#since ??= now;
    const second = floorSecond(now);
    if (second === this.#second) return;
    this.#second = second;
    const slot = ((second % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS;
    this.#slot = slot;
    if (this.#slotSecond[slot] === second) return;
    // A slot from WINDOW_SECONDS or more ago: emptied for this second.
    this.#slotSecond[slot] = second;
    const phases = PHASES.length;
    this.#counts.fill(0, slot * phases * DURATION_BUCKETS, (slot + 1) * phases * DURATION_BUCKETS);
    this.#sums.fill(0, slot * phases, (slot + 1) * phases);
    this.#maxes.fill(0, slot * phases, (slot + 1) * phases);
    this.#counters.fill(0, slot * COUNTERS, (slot + 1) * COUNTERS);
  }

  /** A tick starts. */
  tickStarted(): void {
    if (!this.#clock) return;
    this.#tickStart = this.#partStart = this.#clock();
  }

  /** The game's step is done. */
  stepped(): void {
    this.#part("step");
  }

  /** What changed is encoded. */
  encoded(): void {
    this.#part("encode");
  }

  /** The tick's frames are sent: the tick is over. */
  tickEnded(): void {
    this.#count(COUNTER.ticks, 1);
    const end = this.#part("send");
    if (end !== undefined) this.#record(PHASE.tick, end - this.#tickStart);
  }

  /** A frame of `bytes` was sent. */
  sent(bytes: number): void {
    this.#count(COUNTER.bytesOut, bytes);
    this.#count(COUNTER.messagesOut, 1);
  }

  /** A frame of `bytes` arrived. */
  received(bytes: number): void {
    this.#count(COUNTER.bytesIn, bytes);
    this.#count(COUNTER.messagesIn, 1);
  }

  /** Counts since the room was built: a reader diffs two readings for what lies between. */
  totals(): RoomTotals {
    const at = (counter: number) => this.#counters[TOTAL * COUNTERS + counter]!;
    return {
      ticks: at(COUNTER.ticks),
      bytesOut: at(COUNTER.bytesOut),
      messagesOut: at(COUNTER.messagesOut),
      bytesIn: at(COUNTER.bytesIn),
      messagesIn: at(COUNTER.messagesIn),
    };
  }

  /**
   * Copies the histogram of whole-tick durations since the room was built into `out`
   * (DURATION_BUCKETS counts); false when untimed. Two copies diffed are the ticks between.
   */
  copyTickHistogram(out: Uint32Array): boolean {
    if (!this.#clock) return false;
    const start = (TOTAL * PHASES.length + PHASE.tick) * DURATION_BUCKETS;
    out.set(this.#counts.subarray(start, start + DURATION_BUCKETS));
    return true;
  }

  /** The figures of the last WINDOW_SECONDS seconds up to `now`, ms (allocates). */
  window(now: number): TimingsSpan {
    const second = Math.floor(now / 1000);
    const slots: number[] = [];
    for (let s = 0; s < WINDOW_SECONDS; s++) {
      const at = this.#slotSecond[s]!;
      if (at > second - WINDOW_SECONDS && at <= second) slots.push(s);
    }
    const from = Math.max((second - WINDOW_SECONDS + 1) * 1000, this.#since ?? now);
    return this.#span(slots, now - from);
  }

  /** The figures since the first time given (`at`), up to `now`, ms (allocates). */
  total(now: number): TimingsSpan {
    return this.#span([TOTAL], now - (this.#since ?? now));
  }

  #part(phase: Phase): number | undefined {
    if (!this.#clock) return undefined;
    const t = this.#clock();
    this.#record(PHASE[phase], t - this.#partStart);
    this.#partStart = t;
    return t;
  }

  #record(phase: number, ms: number): void {
    const bucket = durationBucket(ms);
    this.#add(this.#slot * PHASES.length + phase, bucket, ms);
    this.#add(TOTAL * PHASES.length + phase, bucket, ms);
  }

  #add(i: number, bucket: number, ms: number): void {
    this.#counts[i * DURATION_BUCKETS + bucket]!++;
    this.#sums[i]! += ms;
    if (ms > this.#maxes[i]!) this.#maxes[i] = ms;
  }

  #count(counter: number, n: number): void {
    this.#counters[this.#slot * COUNTERS + counter]! += n;
    this.#counters[TOTAL * COUNTERS + counter]! += n;
  }

  #span(slots: readonly number[], ms: number): TimingsSpan {
    const sum = (counter: number) => {
      let n = 0;
      for (const s of slots) n += this.#counters[s * COUNTERS + counter]!;
      return n;
    };
    const perSecond = (counter: number) => (ms > 0 ? round((sum(counter) * 1000) / ms, 1) : 0);
    const ticks = sum(COUNTER.ticks);
    const durations = (phase: Phase) => this.#summary(slots, PHASE[phase], ticks);
    return {
      ms: Math.max(0, ms),
      ticks,
      tickMs: durations("tick"),
      stepMs: durations("step"),
      encodeMs: durations("encode"),
      sendMs: durations("send"),
      bytesOutPerSecond: perSecond(COUNTER.bytesOut),
      messagesOutPerSecond: perSecond(COUNTER.messagesOut),
      bytesInPerSecond: perSecond(COUNTER.bytesIn),
      messagesInPerSecond: perSecond(COUNTER.messagesIn),
    };
  }

  #summary(slots: readonly number[], phase: number, ticks: number): DurationSummary | null {
    if (!this.#clock) return null;
    const starts = slots.map((s) => (s * PHASES.length + phase) * DURATION_BUCKETS);
    let total = 0;
    let max = 0;
    for (const s of slots) {
      const i = s * PHASES.length + phase;
      total += this.#sums[i]!;
      max = Math.max(max, this.#maxes[i]!);
    }
    // A bucket's middle can lie past the largest sample in it: never report above the max.
    const quantile = (q: number) => round(Math.min(quantileMs(this.#counts, starts, q), max), 3);
    return {
      p50: quantile(0.5),
      p99: quantile(0.99),
      max: round(max, 3),
      mean: ticks > 0 ? round(total / ticks, 3) : 0,
    };
  }
}

/**
 * Math.floor(ms / 1000) without calling Math.floor: at a site where V8 has stopped inlining a
 * builtin (after a deoptimization there), the call boxes its fractional argument on the heap,
 * and this runs at every update of the room. `q % 1` is q's fractional part, of q's sign.
 */
function floorSecond(ms: number): number {
  const q = ms / 1000;
  const t = q - (q % 1);
  return t > q ? t - 1 : t;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * `sink` with every frame sent counted in `timings`; its other members as they are (an
 * omitted one stays omitted: the core reads their absence, e.g. a room that does not record).
 */
export function countingSink(sink: RoomSink, timings: RoomTimings): RoomSink {
  const counted: RoomSink = {
    send: (conn, bytes, channel) => {
      timings.sent(bytes.byteLength);
      sink.send(conn, bytes, channel);
    },
    close: (conn, code, reason) => sink.close(conn, code, reason),
    setTicking: (on) => sink.setTicking(on),
  };
  if (sink.buffered) counted.buffered = sink.buffered.bind(sink);
  if (sink.random) counted.random = sink.random.bind(sink);
  if (sink.recordChunk) counted.recordChunk = sink.recordChunk.bind(sink);
  if (sink.recordManifest) counted.recordManifest = sink.recordManifest.bind(sink);
  if (sink.clock) counted.clock = sink.clock.bind(sink);
  if (sink.fairPlay) counted.fairPlay = sink.fairPlay.bind(sink);
  if (sink.budget) counted.budget = sink.budget.bind(sink);
  return counted;
}

/** A room's figures for operators (RoomCore.stats). */
export interface RoomStats {
  /** Ticks a second the room runs at, and the time one tick may take, ms (1000 / tickRate). */
  readonly tickRate: number;
  readonly budgetMs: number;
  /** True while the room ticks (someone is connected). */
  readonly running: boolean;
  readonly tick: number;
  /** Players seated (connected or waiting out their grace period), and of them connected. */
  readonly players: number;
  readonly connectedPlayers: number;
  readonly spectators: number;
  /** Open connections, joined or not. */
  readonly connections: number;
  /** Time the room dropped behind its schedule beyond catching up, ms in total. */
  readonly stalledMs: number;
  /** Whether durations were measured (the host gave the room a clock). */
  readonly timed: boolean;
  /** Bytes the lag-compensation pose history holds (fixed when the room is built; 0 without). */
  readonly poseHistoryBytes: number;
  /** Fair-play strikes recorded in this room since its object started (0 without rules). */
  readonly fairPlayStrikes: number;
  /** The voice relay's counts since the room was built (all 0 in a game without voice). */
  readonly voice: VoiceStats;
  /** The last WINDOW_SECONDS seconds. */
  readonly window: TimingsSpan;
  /** Since the room was built (in a Durable Object: since the object last started). */
  readonly total: TimingsSpan;
}
