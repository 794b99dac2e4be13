// The client netcode, free of sockets and timers: the protocol session plus the layers on
// top of it, each in its own file: clock sync (clock-sync), input timing and time dilation
// (input-timing, fixed-ticker), prediction and reconciliation (predictor), interpolation
// (snapshot-clock, snapshot-buffer) and statistics (net-stats). An adapter feeds it frames
// and the time, and sends the frames it emits; RoomConnection does that over a Transport,
// the tests over a simulated link with a manual clock.

import type { Result } from "../../shared/codec/result.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import type { Channel } from "../../shared/protocol/channel.js";
import type { HelloRole } from "../../shared/protocol/client-messages.js";
import type { Entity, World } from "../../shared/world/world.js";
import { ClientSession, NO_ACK, type ReceivedMessage } from "./client-session.js";
import { ClockSync } from "./clock-sync.js";
import { Emitter } from "./emitter.js";
import { ExtrapolationRecovery } from "./extrapolation-recovery.js";
import { FixedTicker } from "./fixed-ticker.js";
import { InputTiming } from "./input-timing.js";
import { LaneLayout } from "./lane-layout.js";
import type { NetStatsSample } from "./net-stats.js";
import { NetStats } from "./net-stats.js";
import type { ResolvedNetcodeOptions } from "./netcode-options.js";
import { Predictor } from "./predictor.js";
import { RenderView } from "./render-view.js";
import { SAMPLE, type SampleKind, SnapshotBuffer } from "./snapshot-buffer.js";
import { SnapshotClock } from "./snapshot-clock.js";
import type { TransportPath } from "./transport/transport.js";

/** Pings sent quickly after the welcome, so the clock estimate starts from several samples. */
const QUICK_PINGS = 4;
/** Their spacing, ms. */
const QUICK_PING_MS = 100;
/** Most input ticks run by one update (after a stall the rest is dropped). */
const MAX_TICKS_PER_UPDATE = 16;

/** Settings of a {@link NetClient}. */
export interface NetClientOptions {
  /** INPUT frames per second. */
  readonly sendRate: number;
  /** Most inputs one frame repeats. */
  readonly maxInputsPerFrame: number;
  /** Ping period, ms. */
  readonly pingIntervalMs: number;
  readonly netcode: ResolvedNetcodeOptions;
  /**
   * Called before each input tick samples the held input; a `setInput` inside applies to that
   * tick. After a late frame one `update` runs several ticks: a world client numbers each
   * tick's input through this (client/src/zones). Omitted: every tick samples the held input.
   */
  readonly beforeInputTick?: () => void;
}

/** Events of a NetClient. */
export interface NetClientEvents {
  /** A periodic statistics sample (every `statsIntervalMs`). */
  stats: NetStatsSample;
}

/** Per-connection netcode state, driven by `receive`, `update` and `render` with the time. */
export class NetClient<Input> {
  readonly session: ClientSession<Input>;
  readonly layout: LaneLayout;
  readonly view: RenderView;
  readonly clock: ClockSync;
  readonly counters = new NetStats();
  /**
   * What carries this core's frames, reported in its stats: the adapter sets it from its
   * transport (undefined for a bare core driven by a test).
   */
  path: TransportPath | undefined;
  readonly #game: GameDefinition<Input>;
  readonly #options: NetClientOptions;
  readonly #send: (bytes: Uint8Array) => void;
  readonly #events = new Emitter<NetClientEvents>();
  readonly #ticker = new FixedTicker();
  readonly #timing: InputTiming;
  readonly #buffer: SnapshotBuffer;
  readonly #scratch: Float64Array;
  readonly #recovery: ExtrapolationRecovery;
  #snapshots: SnapshotClock | undefined;
  #predictor: Predictor<Input> | undefined;
  #tickMs = 0;
  #input: Input;
  #sendDebt = 0;
  #pings = 0;
  #nextPingAt = Number.NEGATIVE_INFINITY;
  #nextStatsAt = Number.NaN;
  #renderTick = Number.NaN;
  /** The tick the last INPUT frame acknowledged (flushAck). */
  #ackSent = -1;
  #stats: NetStatsSample | undefined;
  /** Welcomed as a spectator: no input ticks, no prediction. */
  #spectating = false;

  constructor(
    game: GameDefinition<Input>,
    options: NetClientOptions,
    send: (bytes: Uint8Array) => void,
  ) {
    this.#game = game;
    this.#options = options;
    this.#send = send;
    this.#input = game.idleInput;
    this.session = new ClientSession(game, options.maxInputsPerFrame);
    this.layout = new LaneLayout(game.schema, game.netcode);
    const world = this.session.world;
    const n = world.capacity;
    const w = this.layout.width;
    this.view = new RenderView(game.schema, world);
    this.clock = new ClockSync({ window: options.netcode.sync.pingWindow });
    this.#timing = new InputTiming({
      bufferTicks: options.netcode.sync.inputBufferTicks,
      maxDilation: options.netcode.sync.maxDilation,
    });
    this.#buffer = new SnapshotBuffer(this.layout, n, options.netcode.interpolation.bufferSize);
    this.#scratch = new Float64Array(w);
    const { recoveryMs } = options.netcode.interpolation;
    this.#recovery = new ExtrapolationRecovery(this.layout, this.#buffer, n, recoveryMs);
    world.on("spawn", (e) => {
      this.#forget(e);
      this.#predictor?.track(e);
    });
    world.on("despawn", (e) => {
      this.#forget(e);
      this.#predictor?.untrack(e);
    });
  }

  /** The mirror world (authoritative values as received). */
  get world(): World {
    return this.session.world;
  }

  /** The latest periodic statistics sample (undefined before the first interval). */
  get stats(): NetStatsSample | undefined {
    return this.#stats;
  }

  /** The predictor, once welcomed (undefined when prediction is off). */
  get predictor(): Predictor<Input> | undefined {
    return this.#predictor;
  }

  /** The room's tick length, ms (0 before the WELCOME). */
  get tickMs(): number {
    return this.#tickMs;
  }

  /** The server tick remote entities were last rendered at (NaN before). */
  get renderTick(): number {
    return this.#renderTick;
  }

  /** The held input, sampled once per input tick. */
  get input(): Input {
    return this.#input;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof NetClientEvents>(
    event: K,
    listener: (payload: NetClientEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Sets the input held from now on. */
  setInput(input: Input): void {
    this.#input = input;
  }

  /** True once the room welcomed this core as a spectator (it then sends no inputs). */
  get spectating(): boolean {
    return this.#spectating;
  }

  /** The HELLO frame (send it first), as a player unless `role` says spectator. */
  hello(name: string, token: string, role: HelloRole = "player"): Uint8Array {
    return this.session.hello(name, token, "", role);
  }

  /** Applies one frame from the room, received on `channel` at local time `now` (ms). */
  receive(bytes: Uint8Array, now: number, channel: Channel = "reliable"): Result<ReceivedMessage> {
    this.counters.bytesIn += bytes.length;
    this.counters.messagesIn++;
    const result = this.session.receive(bytes, now, channel);
    if (!result.ok) return result;
    const msg = result.value;
    if (msg.type === "welcome") this.#start(msg.tickRate, msg.playerId, now);
    else if (msg.type === "spectator-welcome") this.#start(msg.tickRate, -1, now);
    else if (msg.type === "pong") {
      const rtt = this.session.rtt ?? 0;
      this.clock.add(now - rtt, msg.serverTime, now);
    } else if (msg.type === "snapshot" && this.#snapshots) this.#snapshot(msg, now);
    else if (msg.type === "stale-snapshot") this.counters.staleSnapshots++;
    return result;
  }

  /** Runs what is due at `now`: pings, input ticks (sampling, prediction, sending), stats. */
  update(now: number): void {
    if (!this.#snapshots) return;
    // A clock that jumped back leaves the next ping and stats sample far ahead: due now.
    if (this.#nextPingAt - now > this.#options.pingIntervalMs) this.#nextPingAt = now;
    if (this.#nextStatsAt - now > this.#options.netcode.statsIntervalMs) this.#nextStatsAt = now;
    if (now >= this.#nextPingAt) {
      this.#emit(this.session.ping(now));
      this.#pings++;
      this.#nextPingAt =
        now + (this.#pings < QUICK_PINGS ? QUICK_PING_MS : this.#options.pingIntervalMs);
    }
    const interval = this.#tickMs * (1 + this.#timing.dilation);
    // A spectator has no input to sample: a room closes it (4004) for an INPUT frame.
    const ticks = this.#spectating ? 0 : this.#ticker.advance(now, interval, MAX_TICKS_PER_UPDATE);
    const sendEvery = 1000 / this.#options.sendRate;
    for (let i = 0; i < ticks; i++) {
      this.#options.beforeInputTick?.();
      const seq = this.session.record(this.#input);
      this.#predictor?.step(seq, this.#input);
      // Frames go out at sendRate however the tick rate compares: several ticks per frame.
      this.#sendDebt += this.#tickMs;
      if (this.#sendDebt + 1e-6 < sendEvery) continue;
      this.#sendDebt %= sendEvery;
      this.#sendInputs();
    }
    if (Number.isNaN(this.#nextStatsAt))
      this.#nextStatsAt = now + this.#options.netcode.statsIntervalMs;
    else if (now >= this.#nextStatsAt) {
      this.#nextStatsAt = now + this.#options.netcode.statsIntervalMs;
      this.#sample(now);
    }
  }

  /**
   * Sends an INPUT frame now if a snapshot arrived since the last one went, so the room knows
   * the newest tick this client holds before whatever is sent next on the same stream. Call it
   * before a lag-compensated shot: the room judges a shot no later than the tick the shooter
   * acknowledged, and a shot sent between a snapshot and the next INPUT would be judged at the
   * one before (after a stall that delivered several at once, several ticks early).
   */
  flushAck(): void {
    if (this.session.tick > this.#ackSent) this.#sendInputs();
  }

  #sendInputs(): void {
    const frame = this.session.inputFrame();
    if (!frame) return;
    this.#emit(frame);
    this.#ackSent = this.session.tick;
  }

  /** Brings {@link view} to local time `now` (ms): runs {@link update}, then interpolates and predicts. */
  render(now: number): void {
    this.update(now);
    const clock = this.#snapshots;
    if (!clock || clock.received === 0) return;
    const o = this.#options.netcode.interpolation;
    const renderTick = clock.renderTick(now, this.delayTicks);
    this.#renderTick = renderTick;
    const maxExtrapolate = o.extrapolateMs / this.#tickMs;
    const world = this.session.world;
    const words = world.alive.words;
    for (let wi = 0; wi < words.length; wi++) {
      let bits = words[wi]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (wi << 5) + 31 - Math.clz32(low);
        const kind = this.#buffer.sample(e, renderTick, maxExtrapolate, this.#scratch, 0);
        if (kind === SAMPLE.EMPTY) continue;
        this.#recovery.apply(e, kind, this.#scratch, now, this.#tickMs);
        const slot = this.#predictor?.slotOf(e) ?? -1;
        if (slot >= 0)
          this.#predictor!.render(slot, this.#ticker.alpha, this.#input, now, this.#scratch, 0);
        this.view.write(this.layout, this.#scratch, 0, e);
      }
    }
  }

  /** The interpolation delay in force, in server ticks. */
  get delayTicks(): number {
    const o = this.#options.netcode.interpolation;
    const configured = o.delaySnapshots ?? o.delayMs / this.#tickMs;
    if (!o.adaptive || !this.#snapshots) return configured;
    return Math.max(configured, 1 + (3 * this.#snapshots.jitter) / this.#tickMs);
  }

  /** How mirror entity `e` was last rendered: a SAMPLE kind, and whether it was recovering. */
  renderStateOf(e: Entity, now: number): { kind: SampleKind; recovering: boolean } {
    return this.#recovery.stateOf(e, now);
  }

  /** The interpolation buffer (read-only use: tests and tools). */
  get buffer(): SnapshotBuffer {
    return this.#buffer;
  }

  /** The room welcomed us (`playerId` −1: as a spectator, which predicts nothing). */
  #start(tickRate: number, playerId: number, now: number): void {
    this.#tickMs = 1000 / tickRate;
    this.#snapshots = new SnapshotClock(this.#tickMs);
    this.#spectating = playerId < 0;
    const p = this.#options.netcode.prediction;
    if (!this.#spectating && p.enabled && this.#game.netcode?.predicted)
      this.#predictor = new Predictor(this.#game, this.layout, playerId, this.session.world, p);
    this.#ticker.advance(now, this.#tickMs, 0);
  }

  #snapshot(msg: ReceivedMessage & { type: "snapshot" }, now: number): void {
    const tick = this.session.tick;
    this.counters.updates++;
    this.#snapshots!.onSnapshot(tick, now);
    if (msg.ackSeq !== NO_ACK) {
      const settle = Math.ceil(this.clock.rtt / this.#tickMs) + 2;
      const jump = this.#timing.report(msg.inputBuffer, settle);
      if (jump !== 0) this.#ticker.shift(jump);
    }
    const world = this.session.world;
    const words = world.alive.words;
    for (let wi = 0; wi < words.length; wi++) {
      let bits = words[wi]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (wi << 5) + 31 - Math.clz32(low);
        this.layout.read(this.view.mirrorStores, e, this.#scratch, 0);
        this.#buffer.push(e, tick, this.#scratch, 0);
      }
    }
    this.#predictor?.reconcile(msg.ackSeq, now);
  }

  #forget(e: Entity): void {
    this.#buffer.clear(e);
    this.#recovery.forget(e);
  }

  #emit(bytes: Uint8Array): void {
    this.counters.bytesOut += bytes.length;
    this.counters.messagesOut++;
    this.#send(bytes);
  }

  #sample(now: number): void {
    const c = this.counters;
    const clock = this.#snapshots!;
    const p = this.#predictor?.counters;
    c.roll(now, clock.missed, clock.received, p?.mispredictions ?? 0);
    const ahead = Number.isNaN(this.#renderTick) ? 0 : clock.newestTick - this.#renderTick;
    const ack = this.session.ackSeq;
    const stats: NetStatsSample = {
      at: now,
      path: this.path,
      rtt: this.clock.rtt,
      jitter: clock.jitter,
      loss: c.rates.loss,
      bytesInPerSecond: c.rates.bytesIn,
      bytesOutPerSecond: c.rates.bytesOut,
      messagesInPerSecond: c.rates.messagesIn,
      messagesOutPerSecond: c.rates.messagesOut,
      updateRate: c.rates.updates,
      bufferMs: ahead * this.#tickMs,
      bufferSnapshots: Math.max(0, Math.floor(ahead)),
      interpolationDelayMs: this.delayTicks * this.#tickMs,
      inputBuffer: this.#timing.latest,
      timeDilation: this.#timing.dilation,
      predictionTicks: this.session.nextSeq - 1 - ack,
      clockOffset: this.clock.offset,
      correctionsPerSecond: c.rates.corrections,
      mispredictions: p?.mispredictions ?? 0,
      resyncs: p?.resyncs ?? 0,
      replayedTicks: p?.replayedTicks ?? 0,
      lastCorrection: p?.lastCorrection ?? 0,
      maxCorrection: p?.maxCorrection ?? 0,
      staleSnapshots: c.staleSnapshots,
    };
    this.#stats = stats;
    this.#events.emit("stats", stats);
  }
}
