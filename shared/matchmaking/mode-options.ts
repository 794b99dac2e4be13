// Per-mode matchmaking settings: team shape, the skill window and how it widens with
// waiting, the latency limit, the ticket timeout. Options → defaults → resolve.

/** How one mode (one queue) matches. All optional; see DEFAULT_MATCH_MODE_OPTIONS. */
export interface MatchModeOptions {
  /** Players per team. @default 1 */
  readonly teamSize?: number;
  /** Teams per match. @default 2 */
  readonly teamCount?: number;
  /** Largest rating gap allowed between any two tickets of a match at first, rating points. @default 100 */
  readonly initialSkillWindow?: number;
  /** How much the window grows per second a ticket waits, rating points/s. @default 25 */
  readonly skillWindowGrowthPerS?: number;
  /** The widest the window grows, rating points. @default 1000 */
  readonly maxSkillWindow?: number;
  /** A player is placed only in regions it reaches within this round trip, ms. @default 150 */
  readonly maxLatencyMs?: number;
  /** A ticket still waiting after this long times out, ms. @default 60000 */
  readonly timeoutMs?: number;
  /** Whether waiting tickets may fill free slots of running sessions. @default true */
  readonly backfill?: boolean;
}

/** Every option resolved. */
export type ResolvedMatchModeOptions = Required<MatchModeOptions>;

/** The defaults: 1 vs 1, window 100 widening by 25/s up to 1000, 150 ms, 60 s. */
export const DEFAULT_MATCH_MODE_OPTIONS: ResolvedMatchModeOptions = {
  teamSize: 1,
  teamCount: 2,
  initialSkillWindow: 100,
  skillWindowGrowthPerS: 25,
  maxSkillWindow: 1000,
  maxLatencyMs: 150,
  timeoutMs: 60_000,
  backfill: true,
};

/** Largest match, in players: keeps a pass bounded whatever the config says. */
export const MAX_MATCH_PLAYERS = 64;

function positiveInt(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new RangeError(`${name} must be an integer in [1, ${max}]`);
}

function nonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a number >= 0`);
}

/**
 * Applies the defaults and validates; throws a RangeError naming the field.
 * @example
 * resolveMatchModeOptions({ teamSize: 2 }, "squads") // { teamSize: 2, teamCount: 2, … }
 */
export function resolveMatchModeOptions(
  options: MatchModeOptions = {},
  mode = "mode",
): ResolvedMatchModeOptions {
  const o = { ...DEFAULT_MATCH_MODE_OPTIONS, ...options };
  positiveInt(`${mode}.teamSize`, o.teamSize, MAX_MATCH_PLAYERS);
  positiveInt(`${mode}.teamCount`, o.teamCount, MAX_MATCH_PLAYERS);
  if (o.teamSize * o.teamCount > MAX_MATCH_PLAYERS)
    throw new RangeError(`${mode}.teamSize × teamCount must be at most ${MAX_MATCH_PLAYERS}`);
  if (o.teamSize * o.teamCount < 2)
    throw new RangeError(`${mode}.teamSize × teamCount must be at least 2`);
  nonNegative(`${mode}.initialSkillWindow`, o.initialSkillWindow);
  nonNegative(`${mode}.skillWindowGrowthPerS`, o.skillWindowGrowthPerS);
  if (!(o.maxSkillWindow >= o.initialSkillWindow))
    throw new RangeError(`${mode}.maxSkillWindow must be >= initialSkillWindow`);
  if (!(o.maxLatencyMs > 0)) throw new RangeError(`${mode}.maxLatencyMs must be > 0`);
  if (!(o.timeoutMs > 0)) throw new RangeError(`${mode}.timeoutMs must be > 0`);
  return o;
}

/**
 * A ticket's skill window after waiting `waitedMs`: initial + growth × seconds, capped.
 * @example
 * skillWindow(DEFAULT_MATCH_MODE_OPTIONS, 4000) // 100 + 25 × 4 = 200
 */
export function skillWindow(o: ResolvedMatchModeOptions, waitedMs: number): number {
  const grown = o.initialSkillWindow + (o.skillWindowGrowthPerS * Math.max(0, waitedMs)) / 1000;
  return Math.min(o.maxSkillWindow, grown);
}
