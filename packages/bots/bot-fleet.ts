// The bots of one worker thread: joins them with a bounded number of handshakes in flight,
// drives their inputs from the game's bot policy, counts what happens to them in a BotTally,
// and closes them all on stop.

import type { CloseInfo, ConnectionState, NetStatsSample } from "@edgetick/client";
import { mulberry32 } from "@edgetick/client";
import type { BotCall } from "@edgetick/game";
import type { AnyGame } from "./bot-games.js";
import { Bot, type BotEvents } from "./bot-player.js";
import type { ResolvedBotsOptions } from "./bots-options.js";
import { type BotTally, emptyTally, MAX_ERRORS } from "./bots-report.js";
import { recordLatency } from "./latency-histogram.js";
import { watchLoopDelay } from "./loop-delay.js";
import { wireBytes } from "./websocket-framing.js";

/** A drop without a close frame (the link just went away). */
const NO_CLOSE_CODE = 1006;

/** Which bots a thread plays and how many of them may be in a handshake at once. */
export interface FleetSlice {
  /** Index of the first bot (bots are numbered over the whole run). */
  readonly first: number;
  readonly count: number;
  readonly handshakes: number;
  /** Threads the run's bots are spread over (the join rate is shared among them); default 1. */
  readonly threads?: number;
}

/** Where a bot is, as the tally counts it. */
type Phase = "joining" | "connected" | "reconnecting" | "failed";

/** The bots of one thread. */
export class BotFleet implements BotEvents {
  readonly #game: AnyGame;
  readonly #options: ResolvedBotsOptions;
  readonly #slice: FleetSlice;
  readonly #tally: BotTally = emptyTally();
  readonly #bots: Bot[] = [];
  readonly #phase = new Map<Bot, Phase>();
  /** When each bot's latest stats sample was taken (its bytes are rates over the gap). */
  readonly #lastSample = new Map<Bot, number>();
  readonly #lastRates = new Map<Bot, { in: number; out: number }>();
  readonly #stop = new AbortController();
  readonly #random: () => number;
  #decider: ReturnType<typeof setInterval> | undefined;
  #stopLoopWatch: (() => void) | undefined;

  constructor(game: AnyGame, options: ResolvedBotsOptions, slice: FleetSlice) {
    this.#game = game;
    this.#options = options;
    this.#slice = slice;
    // One stream per thread, offset by the slice so threads draw differently.
    this.#random = mulberry32((options.seed * 0x9e3779b1 + slice.first) >>> 0);
    this.#tally.bots = slice.count;
    this.#tally.joining = slice.count;
  }

  /** Joins every bot (at most `handshakes` at once) and starts driving inputs. */
  async start(): Promise<void> {
    const policy = this.#game.bot;
    const every = policy?.decideEveryMs ?? 100;
    this.#decider = setInterval(() => this.#decide(), every);
    this.#stopLoopWatch = watchLoopDelay(this.#tally.loopDelay);
    let next = 0;
    const startedAt = performance.now();
    // This thread's share of the join rate, its bots spaced evenly from the start.
    const spacingMs =
      this.#options.joinRate > 0 ? (1000 * (this.#slice.threads ?? 1)) / this.#options.joinRate : 0;
    const lane = async (): Promise<void> => {
      while (next < this.#slice.count && !this.#stop.signal.aborted) {
        const k = next++;
        const wait = startedAt + k * spacingMs - performance.now();
        if (wait > 0) await sleep(wait, this.#stop.signal);
        if (this.#stop.signal.aborted) break;
        const bot = new Bot(this.#slice.first + k, this.#game.idleInput);
        this.#bots.push(bot);
        this.#phase.set(bot, "joining");
        try {
          await bot.join(this.#game, this.#options, this.#random, this, this.#stop.signal);
          if (this.#stop.signal.aborted) bot.room?.close();
          else this.#move(bot, "connected");
          this.#tally.joined++;
        } catch (e) {
          this.#move(bot, "failed");
          this.#error(`bot ${bot.index}: ${e instanceof Error ? e.message : String(e)}`);
        }
        this.#tally.signInRetries += bot.retries.retries;
        bot.retries.retries = 0;
      }
    };
    const lanes = Math.max(1, Math.min(this.#slice.handshakes, this.#slice.count));
    await Promise.all(Array.from({ length: lanes }, lane));
  }

  /** The counters now (a copy the caller may keep). */
  tally(): BotTally {
    let inRate = 0;
    let outRate = 0;
    for (const r of this.#lastRates.values()) {
      inRate += r.in;
      outRate += r.out;
    }
    return structuredClone({
      ...this.#tally,
      bytesInPerSecond: inRate,
      bytesOutPerSecond: outRate,
    });
  }

  /**
   * Closes every bot. The tally keeps the counts of the moment before (connected at the end);
   * closes from now on are the bots' own, not counted as disconnects.
   */
  stop(): void {
    this.#stop.abort();
    clearInterval(this.#decider);
    this.#stopLoopWatch?.();
    for (const bot of this.#bots) bot.room?.close();
  }

  state(bot: Bot, state: ConnectionState, close: CloseInfo | undefined): void {
    if (this.#stop.signal.aborted) return;
    if (state === "reconnecting" || state === "disconnected") {
      this.#tally.unexpectedDisconnects++;
      const code = String(close?.code ?? NO_CLOSE_CODE);
      this.#tally.disconnectsByCode[code] = (this.#tally.disconnectsByCode[code] ?? 0) + 1;
      this.#lastRates.delete(bot);
      this.#move(bot, state === "reconnecting" ? "reconnecting" : "failed");
    } else if (state === "resumed" || state === "connected") {
      if (this.#phase.get(bot) === "reconnecting") this.#tally.reconnects++;
      this.#move(bot, "connected");
    }
  }

  stats(bot: Bot, sample: NetStatsSample): void {
    if (this.#stop.signal.aborted) return;
    // 0 is the client's "no PONG yet"; a real loopback round trip is never exactly 0.
    if (sample.rtt > 0) recordLatency(this.#tally.rtt, sample.rtt);
    const last = this.#lastSample.get(bot);
    this.#lastSample.set(bot, sample.at);
    // What crossed the connection: the payloads and their frames (the room's unmasked, ours
    // masked).
    const rates = {
      in: wireBytes(sample.bytesInPerSecond, sample.messagesInPerSecond, false),
      out: wireBytes(sample.bytesOutPerSecond, sample.messagesOutPerSecond, true),
    };
    this.#lastRates.set(bot, rates);
    if (last === undefined) return;
    // A sample's rates cover the time since the previous one.
    const seconds = Math.max(0, sample.at - last) / 1000;
    this.#tally.bytesIn += rates.in * seconds;
    this.#tally.bytesOut += rates.out * seconds;
    this.#tally.connectedSeconds += seconds;
  }

  #decide(): void {
    const policy = this.#game.bot;
    if (!policy) return;
    for (const bot of this.#bots) {
      const room = bot.room;
      if (!room || this.#phase.get(bot) !== "connected") continue;
      const view = {
        playerId: room.playerId,
        tick: room.tick,
        world: room.world,
        random: this.#random,
        held: bot.held,
      };
      const input = policy.input ? policy.input(view) : bot.held;
      if (input !== bot.held) {
        bot.held = input;
        room.setInput(input);
      }
      if (policy.act && !bot.calling) this.#act(bot, policy.act(view));
    }
  }

  /** Calls the RPC a policy asked for; the bot acts again once it is answered. */
  #act(bot: Bot, call: BotCall | undefined): void {
    const table = this.#game.rpc?.table;
    if (!call || !table || !bot.room) return;
    bot.calling = true;
    this.#tally.rpcCalls++;
    const rpc = bot.room.rpc(table) as unknown as {
      call(name: string, args: unknown): Promise<unknown>;
    };
    rpc
      .call(call.rpc, call.args)
      .catch((e: unknown) => {
        // A call cut by a dropped link is counted, not thrown: the drop is counted already.
        this.#tally.rpcErrors++;
        this.#error(`bot ${bot.index} ${call.rpc}: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        bot.calling = false;
      });
  }

  #move(bot: Bot, to: Phase): void {
    const from = this.#phase.get(bot);
    if (from === to) return;
    if (from) this.#tally[from]--;
    this.#tally[to]++;
    this.#phase.set(bot, to);
  }

  #error(message: string): void {
    if (this.#tally.errors.length < MAX_ERRORS) this.#tally.errors.push(message);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
