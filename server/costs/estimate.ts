// The expected monthly cost of a game before launch, from its settings: players per match,
// tick rate, match length, matches per day, voice. Usage per match (match-footprint.ts) times
// the matches of a 30-day month, each meter priced after its monthly included amount, plus the
// Workers Paid base fee. Pure: the same settings and prices always give the same figures.
//
// The model, per match of S seconds with P players (docs/costs.md walks through it):
//   messages in  = P × (S × (inputRate + pings + voice frames × talk fraction) + HELLO)
//   DO requests  = P × 4 + 2 + messages in ÷ 20
//   DO duration  = (S + the Matchmaker's wait) × 0.128 GB: the room ticks, so it never hibernates
//   Worker requests = P × 5, each with workerCpuMsPerRequest of CPU
//   D1 and storage rows as counted in match-footprint.ts
// Outgoing messages (snapshots, voice fan-out) and bytes are free: tick rate alone changes no
// billed figure, only the input rate clients send at does.

import {
  CLIENT_MESSAGES,
  DEFAULT_WORKER_CPU_MS_PER_REQUEST,
  PER_MATCH,
  PER_PLAYER,
  ROOM_SNAPSHOT,
  ROOM_WATCH,
  SESSION_SEARCH,
  VOICE,
} from "./match-footprint.js";
import { type CostItem, sum } from "./metered-cost.js";
import { monthlyUsd, PRICES, type Price, type PriceTable } from "./price-table.js";

export { type CostBreakdown, type CostItem, costOf, type MeteredUsage } from "./metered-cost.js";

/** Days in the month the estimate bills. */
export const DAYS_PER_MONTH = 30;

/** Seconds the Matchmaker is active for each match: its tickets' long-polls (wait=20). */
export const MATCHMAKER_ACTIVE_SECONDS_PER_MATCH = 20;

/** Incoming messages a second one Durable Object handles, about (docs/api.md, peer sessions). */
export const OBJECT_MESSAGES_PER_SECOND = 1000;

/** A game's settings; every field optional. */
export interface EstimateSettings {
  /** Players per match. @default 10 */
  players?: number;
  /** The room's tick rate, Hz: one snapshot per player per tick, outgoing (free). @default 30 */
  tickRate?: number;
  /** Match length, minutes. @default 15 */
  matchMinutes?: number;
  /** Matches started a day. @default 1000 */
  matchesPerDay?: number;
  /** Voice chat through the room. @default false */
  voice?: boolean;
  /** INPUT frames each client sends a second (incoming, billed). @default 30 */
  inputRate?: number;
  /** Share of a match each player talks, 0–1 (with voice). @default 0.2 */
  voiceTalkFraction?: number;
  /** Worker CPU per HTTP request, ms. @default 5 */
  workerCpuMsPerRequest?: number;
}

/** Settings with every field present. */
export type ResolvedEstimateSettings = Required<EstimateSettings>;

/** The defaults: the 10-player, 30 Hz, 15-minute example of docs/costs.md. */
export const DEFAULT_ESTIMATE_SETTINGS: ResolvedEstimateSettings = {
  players: 10,
  tickRate: 30,
  matchMinutes: 15,
  matchesPerDay: 1000,
  voice: false,
  inputRate: CLIENT_MESSAGES.defaultInputRate,
  voiceTalkFraction: VOICE.defaultTalkFraction,
  workerCpuMsPerRequest: DEFAULT_WORKER_CPU_MS_PER_REQUEST,
};

/** The accepted range of each numeric setting, inclusive; `integer` when it must be whole. */
export const ESTIMATE_LIMITS = {
  players: { min: 1, max: 1000, integer: true },
  tickRate: { min: 1, max: 120, integer: false },
  matchMinutes: { min: 1, max: 240, integer: false },
  matchesPerDay: { min: 0, max: 10_000_000, integer: false },
  inputRate: { min: 0, max: 120, integer: false },
  voiceTalkFraction: { min: 0, max: 1, integer: false },
  workerCpuMsPerRequest: { min: 0, max: 1000, integer: false },
} as const;

/**
 * Fills in the defaults and checks each range; throws a RangeError naming the field.
 * @example
 * resolveEstimateSettings({ players: 4, voice: true }).tickRate // 30
 */
export function resolveEstimateSettings(s: EstimateSettings = {}): ResolvedEstimateSettings {
  const out = { ...DEFAULT_ESTIMATE_SETTINGS };
  for (const [name, limit] of Object.entries(ESTIMATE_LIMITS)) {
    const key = name as keyof typeof ESTIMATE_LIMITS;
    const v = s[key];
    if (v === undefined) continue;
    if (
      !Number.isFinite(v) ||
      v < limit.min ||
      v > limit.max ||
      (limit.integer && !Number.isInteger(v))
    )
      throw new RangeError(
        `${name} must be ${limit.integer ? "a whole number" : "a number"} from ${limit.min} to ${limit.max}`,
      );
    out[key] = v;
  }
  if (s.voice !== undefined) out.voice = s.voice;
  return out;
}

/** A month of a game's usage, in the units Cloudflare bills. */
export interface MonthlyUsage {
  matches: number;
  workerRequests: number;
  workerCpuMs: number;
  /** Incoming socket messages, and of them the voice frames. */
  wsMessagesIn: number;
  voiceMessagesIn: number;
  wsMessagesOut: number;
  durableObjectRequests: number;
  durableObjectGbSeconds: number;
  storageRowsWritten: number;
  d1RowsRead: number;
  d1RowsWritten: number;
}

/** A monthly estimate: the settings it used, its items and their total. */
export interface MonthlyEstimate {
  readonly settings: ResolvedEstimateSettings;
  /** The sum of the items' `usd`. */
  readonly monthlyUsd: number;
  readonly items: readonly CostItem[];
  readonly usage: MonthlyUsage;
  /** Settings a single room cannot sustain, in words. */
  readonly warnings: readonly string[];
}

/**
 * A month's usage for `s`: per-match counts (match-footprint.ts) times the month's matches.
 */
export function monthlyUsage(
  s: ResolvedEstimateSettings,
  prices: PriceTable = PRICES,
): MonthlyUsage {
  const matches = s.matchesPerDay * DAYS_PER_MONTH;
  const seconds = s.matchMinutes * 60;
  const p = s.players;
  const voiceRate = s.voice ? VOICE.framesPerSecond * s.voiceTalkFraction : 0;
  const inPerMatch =
    p *
    (seconds * (s.inputRate + CLIENT_MESSAGES.pingsPerSecond + voiceRate) +
      PER_PLAYER.joinMessages);
  // Out: a SNAPSHOT per player per tick, a PONG per PING, each voice frame to every other player.
  const outPerMatch =
    p * seconds * (s.tickRate + CLIENT_MESSAGES.pingsPerSecond + voiceRate * (p - 1));
  const ratio = prices.facts.wsMessagesPerRequest.value;
  const beats = Math.floor(seconds / SESSION_SEARCH.heartbeatSeconds) + SESSION_SEARCH.extraBeats;
  const snapshots = Math.floor(seconds / ROOM_SNAPSHOT.intervalSeconds) + 1;
  const watches = Math.floor(seconds / ROOM_WATCH.intervalSeconds);
  // One queue's Matchmaker cannot be active longer than the month, however many matches wait.
  const matchmakerSeconds = Math.min(
    matches * MATCHMAKER_ACTIVE_SECONDS_PER_MATCH,
    DAYS_PER_MONTH * 86_400,
  );
  const workerRequests = matches * p * PER_PLAYER.workerRequests;
  return {
    matches,
    workerRequests,
    workerCpuMs: workerRequests * s.workerCpuMsPerRequest,
    wsMessagesIn: matches * inPerMatch,
    voiceMessagesIn: matches * p * seconds * voiceRate,
    wsMessagesOut: matches * outPerMatch,
    durableObjectRequests:
      matches * (p * PER_PLAYER.durableObjectRequests + PER_MATCH.durableObjectRequests + watches) +
      (matches * inPerMatch) / ratio,
    durableObjectGbSeconds:
      (matches * seconds + matchmakerSeconds) * prices.facts.memoryGbPerObject.value,
    storageRowsWritten:
      matches *
      (p * PER_PLAYER.storageRowsWritten +
        PER_MATCH.storageRowsWritten +
        snapshots * ROOM_SNAPSHOT.rowsPerSave +
        (watches + 2) * ROOM_WATCH.rowsPerArm),
    d1RowsRead:
      matches *
      (p * PER_PLAYER.d1RowsRead + PER_MATCH.d1RowsRead + beats * SESSION_SEARCH.rowsReadPerBeat),
    d1RowsWritten:
      matches *
      (p * PER_PLAYER.d1RowsWritten +
        PER_MATCH.d1RowsWritten +
        beats * SESSION_SEARCH.rowsWrittenPerBeat +
        SESSION_SEARCH.rowsWrittenOnRemove),
  };
}

const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 3 });

/** The formula of a metered price after its included amount, with the numbers. */
function billed(price: Price, quantity: number): string {
  const per = price.per === 1 ? price.unit : `million ${price.unit}`;
  return `max(0, ${fmt(quantity)} − ${fmt(price.includedPerMonth)} included) × $${price.usd} per ${per}`;
}

function line(item: string, price: Price, quantity: number, note = ""): CostItem {
  return {
    item,
    quantity,
    unit: price.unit,
    usd: monthlyUsd(price, quantity),
    formula: note ? `${billed(price, quantity)}; ${note}` : billed(price, quantity),
  };
}

/**
 * The expected cost of a 30-day month of `settings` at `prices`, item by item.
 * @example
 * estimateMonthly({ players: 10, tickRate: 30, matchMinutes: 15, matchesPerDay: 1000 }).monthlyUsd
 */
export function estimateMonthly(
  settings: EstimateSettings = {},
  prices: PriceTable = PRICES,
): MonthlyEstimate {
  const s = resolveEstimateSettings(settings);
  const u = monthlyUsage(s, prices);
  const w = prices.workers;
  const dob = prices.durableObjects;
  const ratio = prices.facts.wsMessagesPerRequest.value;
  const items: CostItem[] = [
    {
      item: "Workers Paid base fee",
      quantity: 1,
      unit: "month",
      usd: w.baseFee.usd,
      formula: `$${w.baseFee.usd} a month, whatever the usage`,
    },
    line(
      "Workers requests",
      w.requests,
      u.workerRequests,
      `${PER_PLAYER.workerRequests} per player per match`,
    ),
    line(
      "Workers CPU time",
      w.cpuMs,
      u.workerCpuMs,
      `${s.workerCpuMsPerRequest} ms per request (assumed)`,
    ),
    line(
      "Durable Objects requests",
      dob.requests,
      u.durableObjectRequests,
      `${fmt(u.wsMessagesIn)} messages in ÷ ${ratio}` +
        (s.voice ? ` (${fmt(u.voiceMessagesIn)} of them voice frames)` : "") +
        ` + ${PER_PLAYER.durableObjectRequests} per player and ${PER_MATCH.durableObjectRequests} per match` +
        ` + the room's watch alarm every ${ROOM_WATCH.intervalSeconds} s`,
    ),
    line(
      "Durable Objects duration",
      dob.duration,
      u.durableObjectGbSeconds,
      `the room active all match (it ticks), the Matchmaker ${MATCHMAKER_ACTIVE_SECONDS_PER_MATCH} s per match, × ${prices.facts.memoryGbPerObject.value} GB`,
    ),
    line(
      "Durable Objects storage rows written",
      dob.sqliteRowsWritten,
      u.storageRowsWritten,
      `room snapshots (with the documents it holds) every ${ROOM_SNAPSHOT.intervalSeconds} s, its watch alarm every ${ROOM_WATCH.intervalSeconds} s, matchmaking tickets`,
    ),
    line(
      "D1 rows read",
      prices.d1.rowsRead,
      u.d1RowsRead,
      "sign-in, bans, room history, session search",
    ),
    line(
      "D1 rows written",
      prices.d1.rowsWritten,
      u.d1RowsWritten,
      `session search heartbeats every ${SESSION_SEARCH.heartbeatSeconds} s (${SESSION_SEARCH.rowsWrittenPerBeat} rows each), sign-in, room history`,
    ),
    {
      item: "WebSocket messages out",
      quantity: u.wsMessagesOut,
      unit: "messages",
      usd: 0,
      formula: `not billed: ${s.tickRate} snapshots per player a second, pongs${s.voice ? ", voice fan-out" : ""}`,
    },
  ];
  const perRoom =
    s.players *
    (s.inputRate +
      CLIENT_MESSAGES.pingsPerSecond +
      (s.voice ? VOICE.framesPerSecond * s.voiceTalkFraction : 0));
  const warnings =
    perRoom > OBJECT_MESSAGES_PER_SECOND
      ? [
          `a room receives ${fmt(perRoom)} messages a second; one Durable Object handles about ${OBJECT_MESSAGES_PER_SECOND}`,
        ]
      : [];
  return { settings: s, monthlyUsd: sum(items), items, usage: u, warnings };
}
