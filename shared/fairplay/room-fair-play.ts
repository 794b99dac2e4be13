// A room's cheat detectors (docs/fair-play.md). The room core tells it what each player did —
// inputs received, ticks acknowledged, views claimed for a shot, RPC calls refused, actions
// taken, protocol broken — and after every tick where each avatar is; it measures them against
// the game's declared limits (fair-play-rules.ts), turns strikes into offences per account
// (strike-log.ts) and offences into escalation verdicts, which the core applies (a kick, a
// ban's close) and hands to its host (the audit log, flags, the ban itself).
//
// Nothing here reads a clock: times come from the core, so a session on a manual clock
// replays exactly. Per tick it costs one `motion.sample` per player and a few arithmetic
// operations; nothing is allocated per tick.

import { RateLimiter } from "../room/rate-limiter.js";
import { RPC_STATUS } from "../rpc/rpc-frames.js";
import type { World } from "../world/world.js";
import type { Evidence, FairPlayVerdict } from "./fair-play-evidence.js";
import {
  type FairPlayRules,
  type MotionSample,
  type ResolvedFairPlayRules,
  resolveFairPlayRules,
} from "./fair-play-rules.js";
import { InputRateWatch } from "./input-rate-watch.js";
import { MotionWatch } from "./motion-watch.js";
import { escalationStep, StrikeLog } from "./strike-log.js";

/** Accounts whose strikes a room remembers after they left, at most (the oldest go first). */
export const MAX_REMEMBERED_ACCOUNTS = 1024;

/** After a host restart re-attaches a link, its acknowledgements are not judged for this long, ms. */
const REATTACH_GRACE_MS = 5000;

/** Attempts of an action remembered for the evidence's rate (more in a second reads as this). */
const ACTION_ATTEMPTS_KEPT = 64;

/** A declared action's bucket and its latest attempts. */
interface ActionWatch {
  readonly limiter: RateLimiter;
  /** When the latest attempts were, ms (a ring; #next is the oldest slot). */
  readonly attempts: Float64Array;
  next: number;
}

/** What the detectors keep of one seated player. */
interface PlayerWatch {
  readonly playerId: number;
  readonly key: string;
  readonly accountId: string | undefined;
  input: InputRateWatch;
  readonly motion: MotionWatch | null;
  readonly actions: Map<string, ActionWatch>;
  /** Refused RPC calls in the second starting at `refusedSecond`. */
  refusedSecond: number;
  refused: number;
  /** Acknowledgements are not judged before this (a re-attached link), ms. */
  clockFrom: number;
  /** The input sequence the last tick applied (u32). */
  seq: number;
}

/**
 * The sample the game's `motion.sample` writes each player into. A class, not an object
 * literal: a literal shares its hidden class with every literal of the same keys, and V8 may
 * then hold its fields as generic values, where each double written is a fresh heap number.
 * Measured in the arena room (8 players, optimized): 32 B per player per tick as a literal,
 * nothing as a class.
 */
class SampleSlot implements MotionSample {
  x = 0;
  y = 0;
  epoch = 0;
}

/** The detectors and escalation of one room. */
export class RoomFairPlay<Input> {
  readonly rules: ResolvedFairPlayRules<Input>;
  readonly #tickRate: number;
  readonly #futureTicks: number;
  readonly #pastTicks: number;
  readonly #logs = new Map<string, StrikeLog>();
  readonly #players = new Map<number, PlayerWatch>();
  readonly #sample: MotionSample = new SampleSlot();
  /** The world and time (slot 0, ms) of the {@link afterStep} under way, for {@link #observe}. */
  #stepWorld: World | null = null;
  readonly #stepNow = new Float64Array(1);
  /**
   * One player's motion after the step: a callback made once for the players map's forEach,
   * where a for-of allocates its iterator and an entry array per player every tick.
   */
  readonly #observe = (w: PlayerWatch, playerId: number): void => {
    const s = this.#sample;
    if (!this.rules.motion!.sample(this.#stepWorld!, playerId, s)) return;
    const found = w.motion!.observe(s, w.seq);
    if (found) this.#strike(w, this.#stepNow[0]!, found);
  };
  #verdicts: FairPlayVerdict[] = [];
  #tick = -1;
  #strikes = 0;

  /**
   * @param maxRewindTicks the room's rewind cap (lag compensation), 0 without one: views
   * older than it plus the slack are "far past"
   */
  constructor(rules: FairPlayRules<Input>, tickRate: number, maxRewindTicks: number) {
    this.rules = resolveFairPlayRules(rules);
    this.#tickRate = tickRate;
    const { futureMs, pastMs } = this.rules.clockSlack;
    this.#futureTicks = (futureMs * tickRate) / 1000;
    this.#pastTicks = maxRewindTicks + (pastMs * tickRate) / 1000;
  }

  /** A player took a seat (joined, or came back with a restored room). */
  seated(playerId: number, accountId: string | undefined, now: number, reattached = false): void {
    const motion = this.rules.motion;
    this.#players.set(playerId, {
      playerId,
      key: accountId ?? `player:${playerId}`,
      accountId,
      input: this.#inputWatch(),
      motion: motion ? new MotionWatch(motion, 1 / this.#tickRate) : null,
      actions: new Map(),
      refusedSecond: 0,
      refused: 0,
      clockFrom: reattached ? now + REATTACH_GRACE_MS : now,
      seq: 0,
    });
  }

  /** A player's link started over (a resume): its inputs are counted afresh. */
  linked(playerId: number, now: number, reattached = false): void {
    const w = this.#players.get(playerId);
    if (!w) return;
    w.input = this.#inputWatch();
    if (reattached) w.clockFrom = now + REATTACH_GRACE_MS;
  }

  /** A player left its seat; its account's strikes stay remembered. */
  removed(playerId: number): void {
    this.#players.delete(playerId);
  }

  /** The game's verdict on a decoded input: a reason refuses it. */
  validate(input: Input): string | undefined {
    return this.rules.validateInput?.(input);
  }

  /** `count` new inputs of `playerId` arrived at `now`. */
  inputs(playerId: number, count: number, now: number): void {
    const w = this.#players.get(playerId);
    const excess = w?.input.received(count, now);
    if (w && excess) {
      const lead = this.rules.inputLeadSeconds;
      this.#strike(w, now, {
        detector: "inputRate",
        measured: excess.inputs,
        limit: Math.floor(excess.allowed),
        unit: "inputs",
        detail: `more inputs than ticks beyond a lead of ${lead} s`,
      });
    }
  }

  /** The game's validation refused an input of `playerId`. */
  refusedInput(playerId: number, reason: string, now: number): void {
    const w = this.#players.get(playerId);
    if (w)
      this.#strike(w, now, {
        detector: "invalidInput",
        measured: 1,
        limit: 0,
        unit: "inputs",
        detail: reason,
      });
  }

  /** `playerId` acknowledged tick `ackTick` while the room is at `roomTick`. */
  acknowledged(playerId: number, ackTick: number, roomTick: number, now: number): void {
    const w = this.#players.get(playerId);
    if (!w || now < w.clockFrom || ackTick <= roomTick) return;
    this.#strike(w, now, {
      detector: "clock",
      measured: ackTick,
      limit: roomTick,
      unit: "tick",
      detail: "acknowledged a tick the room has not run",
    });
  }

  /**
   * `playerId` claims to have seen tick `viewTick` (a lag-compensated shot) while the room is
   * at `roomTick`. Judged against the room's own tick, not the player's acknowledgements: an
   * honest client draws ahead of what it received while a stalled link holds snapshots back,
   * but never ahead of the room (its render time is the room's time minus the interpolation
   * delay). The rewind clamps the view to the acknowledged tick either way.
   */
  viewed(playerId: number, viewTick: number, roomTick: number, now: number): void {
    const w = this.#players.get(playerId);
    if (!w) return;
    if (viewTick > roomTick + this.#futureTicks) {
      this.#strike(w, now, {
        detector: "clock",
        measured: viewTick,
        limit: roomTick + this.#futureTicks,
        unit: "tick",
        detail: "a view of a tick the room has not run",
      });
    } else if (viewTick < roomTick - this.#pastTicks) {
      this.#strike(w, now, {
        detector: "clock",
        measured: viewTick,
        limit: roomTick - this.#pastTicks,
        unit: "tick",
        detail: "a view older than the rewind cap and its slack",
      });
    }
  }

  /** An RPC call of `playerId` was answered with `status` (RPC_STATUS). */
  callAnswered(playerId: number, status: number, now: number): void {
    if (status === RPC_STATUS.OK || status === RPC_STATUS.HANDLER_FAILED) return;
    const w = this.#players.get(playerId);
    if (!w) return;
    const second = Math.floor(now / 1000);
    if (second !== w.refusedSecond) {
      w.refusedSecond = second;
      w.refused = 0;
    }
    w.refused++;
    const limit = this.rules.refusedCallsPerSecond;
    if (w.refused > limit) {
      this.#strike(w, now, {
        detector: "rpcSpam",
        measured: w.refused,
        limit,
        unit: "refused calls/s",
      });
    }
  }

  /**
   * Whether `playerId` may take action `name` now under its declared rate; a refusal strikes.
   * @throws RangeError for an action the game did not declare (fairPlay.actions)
   */
  action(playerId: number, name: string, now: number): boolean {
    const limit = this.rules.actions.get(name);
    if (!limit) throw new RangeError(`fairPlay.actions has no "${name}"`);
    const w = this.#players.get(playerId);
    if (!w) return false;
    let a = w.actions.get(name);
    if (!a) {
      // The bucket holds the declared burst and the jitter an honest link can bunch up.
      const depth = limit.burst + (limit.perSecond * this.rules.actionJitterMs) / 1000;
      const attempts = new Float64Array(ACTION_ATTEMPTS_KEPT).fill(Number.NEGATIVE_INFINITY);
      a = { limiter: new RateLimiter(limit.perSecond, depth, now), attempts, next: 0 };
      w.actions.set(name, a);
    }
    a.attempts[a.next] = now;
    a.next = (a.next + 1) % ACTION_ATTEMPTS_KEPT;
    if (a.limiter.take(now)) return true;
    // The evidence: attempts over the last second, against the declared rate.
    let lastSecond = 0;
    for (const at of a.attempts) if (now - at < 1000) lastSecond++;
    this.#strike(w, now, {
      detector: "actionRate",
      measured: lastSecond,
      limit: limit.perSecond,
      unit: `${name}/s`,
    });
    return false;
  }

  /** The room closed `playerId`'s socket for breaking the protocol (`code`, `reason`). */
  violation(playerId: number, code: number, reason: string, now: number): void {
    const w = this.#players.get(playerId);
    if (w)
      this.#strike(w, now, {
        detector: "protocol",
        measured: code,
        limit: 0,
        unit: "close code",
        detail: reason,
      });
  }

  /** The coming tick applies `playerId`'s input `seq` (u32; the motion window counts inputs). */
  applied(playerId: number, seq: number): void {
    const w = this.#players.get(playerId);
    if (w) w.seq = seq;
  }

  /** After tick `tick` ran: where every avatar is now. */
  afterStep(world: World, tick: number, now: number): void {
    this.#tick = tick;
    if (!this.rules.motion) return;
    this.#stepWorld = world;
    this.#stepNow[0] = now;
    this.#players.forEach(this.#observe);
  }

  /** The verdicts reached since the last call, oldest first; the core applies them. */
  takeVerdicts(): FairPlayVerdict[] {
    if (this.#verdicts.length === 0) return [];
    const out = this.#verdicts;
    this.#verdicts = [];
    return out;
  }

  /** Strikes recorded in this room so far (each detector at most one a second per account). */
  get strikes(): number {
    return this.#strikes;
  }

  /** Whether verdicts wait to be taken. */
  get pending(): boolean {
    return this.#verdicts.length > 0;
  }

  #inputWatch(): InputRateWatch {
    return new InputRateWatch(this.#tickRate, this.rules.inputLeadSeconds);
  }

  #strike(w: PlayerWatch, now: number, evidence: Evidence): void {
    const log = this.#logOf(w.key);
    const before = log.strikes;
    const offence = log.strike(evidence, this.rules.thresholds[evidence.detector], now);
    this.#strikes += log.strikes - before;
    if (!offence) return;
    const { escalation } = this.rules;
    const step = escalationStep(offence.offences, escalation);
    this.#verdicts.push({
      playerId: w.playerId,
      accountId: w.accountId,
      step,
      offences: offence.offences,
      strikes: offence.strikes,
      evidence,
      tick: this.#tick,
      ...(step === "ban" ? { banMinutes: escalation.banMinutes } : {}),
    });
  }

  #logOf(key: string): StrikeLog {
    let log = this.#logs.get(key);
    if (log) {
      // Most recently used last: the oldest account goes first when the map is full.
      this.#logs.delete(key);
    } else {
      log = new StrikeLog();
      if (this.#logs.size >= MAX_REMEMBERED_ACCOUNTS)
        this.#logs.delete(this.#logs.keys().next().value!);
    }
    this.#logs.set(key, log);
    return log;
  }
}
