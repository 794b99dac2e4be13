// What a game declares about fair play (GameDefinition.fairPlay): how its inputs are
// validated, how fast its avatars can move, how often its actions may happen, how strict each
// detector is and how a room escalates. The room's detectors (room-fair-play.ts) measure
// players against these limits; every default below tolerates an honest client on a bad link
// (300 ms round trip, 50 ms jitter, 5% loss) — the honest campaign in test/fairplay proves it.

import type { World } from "../world/world.js";

/** The detectors a room runs. */
export const DETECTORS = [
  /** Avatar moved farther over a window than its top speed allows. */
  "speed",
  /** Avatar jumped farther in one tick than any legitimate move. */
  "teleport",
  /** A declared action (a shot, a dash) more often than its declared rate. */
  "actionRate",
  /** More inputs than ticks over time: a sped-up client or an input flood. */
  "inputRate",
  /** Acknowledged or viewed ticks the client cannot have seen (future) or far past the rewind. */
  "clock",
  /** RPC calls refused for their rate limit or their arguments, again and again. */
  "rpcSpam",
  /** Inputs the game's validation refuses (out of range, forbidden buttons). */
  "invalidInput",
  /** Sockets closed for breaking the protocol (4000, 4002, 4004, 4006, 4007, 4008). */
  "protocol",
] as const;

/** A detector's name. */
export type DetectorName = (typeof DETECTORS)[number];

/** When strikes of one detector make an offence. */
export interface DetectorThreshold {
  /**
   * Strikes within `windowMs` that make an offence. A detector strikes at most once per
   * second, so a sustained cheat reaches it in about `strikes` seconds.
   */
  readonly strikes: number;
  /** How far back strikes count, ms. */
  readonly windowMs: number;
}

/** A step of escalation, in order. */
export type EscalationStep = "log" | "flag" | "kick" | "ban";

/**
 * What a room does at the n-th offence of an account: the first is logged; from `flagAt` the
 * account is flagged for review, from `kickAt` kicked, from `banAt` banned for `banMinutes`.
 * Infinity skips a step (a game that only flags).
 */
export interface EscalationRules {
  /** @default 2 */
  readonly flagAt?: number;
  /** @default 3 */
  readonly kickAt?: number;
  /** @default 4 */
  readonly banAt?: number;
  /** @default 60 */
  readonly banMinutes?: number;
}

/** Where a player's avatar is, as the motion detectors read it. */
export interface MotionSample {
  x: number;
  y: number;
  /**
   * Changes when the avatar moves legitimately by more than its speed (a respawn, a portal):
   * the detectors start over from the new place. An entity id, a life counter…
   */
  epoch: number;
}

/** The physics limits of a game's avatars. */
export interface MotionRules {
  /**
   * Fills `out` with `playerId`'s avatar (called after every tick); false when the player
   * has none now.
   */
  sample(world: World, playerId: number, out: MotionSample): boolean;
  /** The top speed, units per second. */
  readonly maxSpeed: number;
  /**
   * Slack on the top speed, as a fraction (float rounding, a bounce).
   * @default 0.1
   */
  readonly tolerance?: number;
  /**
   * Ticks over which the speed is measured: a move the room applies late (inputs queued
   * behind a stalled link) is averaged out.
   * @default 10
   */
  readonly windowTicks?: number;
  /**
   * A one-tick move longer than this is a teleport, units.
   * @default maxSpeed × 1 s
   */
  readonly teleportDistance?: number;
}

/** A declared action's rate, checked by `RpcContext.action(name)`. */
export interface ActionLimit {
  /** Sustained rate, per second (a weapon's rate of fire). */
  readonly perSecond: number;
  /**
   * Actions at once (a magazine emptied).
   * @default 1
   */
  readonly burst?: number;
}

/** A game's fair-play rules. */
export interface FairPlayRules<Input> {
  /**
   * Validates a decoded input before it is queued (ranges, allowed button combinations): a
   * reason refuses it — the room applies the player's previous input instead and strikes
   * `invalidInput` with the reason. Inputs the codec cannot decode still close with 4008.
   */
  validateInput?(input: Input): string | undefined;
  /** The avatars' physics limits (the `speed` and `teleport` detectors). Omitted: not run. */
  readonly motion?: MotionRules;
  /** Declared actions and their rates (the `actionRate` detector). */
  readonly actions?: Readonly<Record<string, ActionLimit>>;
  /**
   * How late an honest client's actions may bunch up (a stalled link delivers a second of
   * shots at once), ms: the action's bucket holds this much more.
   * @default 1000
   */
  readonly actionJitterMs?: number;
  /**
   * Inputs a client may be ahead of the room's clock before `inputRate` strikes, in seconds
   * of inputs (a client runs ahead by half its round trip and speeds up to catch up).
   * @default 1
   */
  readonly inputLeadSeconds?: number;
  /**
   * How far a view a client claims may be from the room's tick before `clock` strikes, ms:
   * newer than the room's tick (no honest client draws a tick the room has not run; this
   * absorbs its clock estimate's error), or older than the rewind cap (a late link).
   * @default { futureMs: 250, pastMs: 2000 }
   */
  readonly clockSlack?: { readonly futureMs?: number; readonly pastMs?: number };
  /**
   * Refused RPC calls per second that make an `rpcSpam` strike (a human mashing a key the
   * client does not throttle stays below it).
   * @default 20
   */
  readonly refusedCallsPerSecond?: number;
  /** Per-detector thresholds; each defaults to 3 strikes within 30 s. */
  readonly thresholds?: Partial<Record<DetectorName, DetectorThreshold>>;
  /** The escalation ladder. */
  readonly escalation?: EscalationRules;
}

/** Rules with every default filled in. */
export interface ResolvedFairPlayRules<Input> {
  readonly validateInput: ((input: Input) => string | undefined) | undefined;
  readonly motion: Required<MotionRules> | undefined;
  readonly actions: ReadonlyMap<string, Required<ActionLimit>>;
  readonly actionJitterMs: number;
  readonly inputLeadSeconds: number;
  readonly clockSlack: { readonly futureMs: number; readonly pastMs: number };
  readonly refusedCallsPerSecond: number;
  readonly thresholds: Readonly<Record<DetectorName, DetectorThreshold>>;
  readonly escalation: Required<EscalationRules>;
}

/** The threshold of a detector a game does not set. */
export const DEFAULT_THRESHOLD: DetectorThreshold = { strikes: 3, windowMs: 30_000 };

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new RangeError(`fairPlay.${name} must be > 0 (got ${value})`);
  return value;
}

/**
 * Fills in defaults.
 * @throws RangeError on a non-positive limit or a threshold under one strike.
 */
export function resolveFairPlayRules<Input>(
  rules: FairPlayRules<Input>,
): ResolvedFairPlayRules<Input> {
  const m = rules.motion;
  const motion = m && {
    sample: m.sample,
    maxSpeed: positive("motion.maxSpeed", m.maxSpeed),
    tolerance: m.tolerance ?? 0.1,
    windowTicks: Math.max(1, Math.round(m.windowTicks ?? 10)),
    teleportDistance: positive("motion.teleportDistance", m.teleportDistance ?? m.maxSpeed),
  };
  const actions = new Map<string, Required<ActionLimit>>();
  for (const [name, limit] of Object.entries(rules.actions ?? {})) {
    actions.set(name, {
      perSecond: positive(`actions.${name}.perSecond`, limit.perSecond),
      burst: positive(`actions.${name}.burst`, limit.burst ?? 1),
    });
  }
  const thresholds = {} as Record<DetectorName, DetectorThreshold>;
  for (const d of DETECTORS) {
    const t = rules.thresholds?.[d] ?? DEFAULT_THRESHOLD;
    if (!(t.strikes >= 1)) throw new RangeError(`fairPlay.thresholds.${d}.strikes must be >= 1`);
    thresholds[d] = {
      strikes: t.strikes,
      windowMs: positive(`thresholds.${d}.windowMs`, t.windowMs),
    };
  }
  const e = rules.escalation ?? {};
  return {
    validateInput: rules.validateInput,
    motion,
    actions,
    actionJitterMs: rules.actionJitterMs ?? 1000,
    inputLeadSeconds: positive("inputLeadSeconds", rules.inputLeadSeconds ?? 1),
    clockSlack: {
      futureMs: rules.clockSlack?.futureMs ?? 250,
      pastMs: rules.clockSlack?.pastMs ?? 2000,
    },
    refusedCallsPerSecond: positive("refusedCallsPerSecond", rules.refusedCallsPerSecond ?? 20),
    thresholds,
    escalation: {
      flagAt: e.flagAt ?? 2,
      kickAt: e.kickAt ?? 3,
      banAt: e.banAt ?? 4,
      banMinutes: positive("escalation.banMinutes", e.banMinutes ?? 60),
    },
  };
}
