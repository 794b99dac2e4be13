// A room's cheat detectors (docs/fair-play.md). The room core tells it what each player did —
// inputs received, ticks acknowledged, views claimed for a shot, RPC calls refused, actions
// taken, protocol broken — and after every tick where each avatar is; it measures them against
// the game's declared limits (fair-play-rules.ts; the clock in clock-watch.ts, actions in
// action-watch.ts), and hands the strikes to the room's escalation (room-escalation.ts), whose
// verdicts the core applies (a kick, a ban's close) and hands to its host (the audit log, flags,
// the ban itself).
//
// Nothing here reads a clock: times come from the core, so a session on a manual clock
// replays exactly. Per tick it costs one `motion.sample` per player and a few arithmetic
// operations; nothing is allocated per tick.

import { RPC_STATUS } from "../rpc/rpc-frames.js";
import type { World } from "../world/world.js";
import { ActionWatch } from "./action-watch.js";
import { ClockWatch } from "./clock-watch.js";
import type { Evidence, FairPlayVerdict } from "./fair-play-evidence.js";
import {
  type FairPlayRules,
  type MotionSample,
  type ResolvedFairPlayRules,
  resolveFairPlayRules,
} from "./fair-play-rules.js";
import { InputRateWatch } from "./input-rate-watch.js";
import { MotionSampleSlot, MotionWatch } from "./motion-watch.js";
import { type PlayerWatch, REATTACH_GRACE_MS } from "./player-watch.js";
import { RoomEscalation } from "./room-escalation.js";

/** The detectors and escalation of one room. */
export class RoomFairPlay<Input> {
  readonly rules: ResolvedFairPlayRules<Input>;
  readonly #tickRate: number;
  readonly #clock: ClockWatch;
  readonly #escalation: RoomEscalation;
  readonly #players = new Map<number, PlayerWatch>();
  readonly #sample: MotionSample = new MotionSampleSlot();
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
  #tick = -1;

  /**
   * @param maxRewindTicks the room's rewind cap (lag compensation), 0 without one: views
   * older than it plus the slack are "far past"
   */
  constructor(rules: FairPlayRules<Input>, tickRate: number, maxRewindTicks: number) {
    this.rules = resolveFairPlayRules(rules);
    this.#tickRate = tickRate;
    this.#clock = new ClockWatch(this.rules.clockSlack, tickRate, maxRewindTicks);
    this.#escalation = new RoomEscalation(this.rules);
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
    if (!w || now < w.clockFrom) return;
    const found = this.#clock.acknowledged(ackTick, roomTick);
    if (found) this.#strike(w, now, found);
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
    const found = this.#clock.viewed(viewTick, roomTick);
    if (found) this.#strike(w, now, found);
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
      a = new ActionWatch(limit, this.rules.actionJitterMs, now);
      w.actions.set(name, a);
    }
    if (a.attempt(now)) return true;
    // The evidence: attempts over the last second, against the declared rate.
    this.#strike(w, now, {
      detector: "actionRate",
      measured: a.attemptsInLastSecond(now),
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
    return this.#escalation.takeVerdicts();
  }

  /** Strikes recorded in this room so far (each detector at most one a second per account). */
  get strikes(): number {
    return this.#escalation.strikes;
  }

  /** Whether verdicts wait to be taken. */
  get pending(): boolean {
    return this.#escalation.pending;
  }

  #inputWatch(): InputRateWatch {
    return new InputRateWatch(this.#tickRate, this.rules.inputLeadSeconds);
  }

  #strike(w: PlayerWatch, now: number, evidence: Evidence): void {
    this.#escalation.strike(w, now, evidence, this.#tick);
  }
}
