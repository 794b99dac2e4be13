// The cost of measured usage: the metering's counters priced with the price table. A marginal
// cost: no monthly base fee and no included amounts, which belong to an account's whole month
// and cannot be split fairly between sessions (the monthly estimate applies them).

import { marginalUsd, PRICES, type PriceTable } from "./price-table.js";

/** One line of a cost breakdown. */
export interface CostItem {
  /** What is billed, e.g. "Durable Objects requests". */
  readonly item: string;
  /** How much of it, in `unit`. */
  readonly quantity: number;
  readonly unit: string;
  /** US dollars; 0 for what Cloudflare does not bill (listed so the reader sees it is free). */
  readonly usd: number;
  /** How `usd` follows from `quantity` and the price table, in words and numbers. */
  readonly formula: string;
}

/** A total and the items it is the sum of. */
export interface CostBreakdown {
  /** The sum of the items' `usd`. */
  readonly totalUsd: number;
  readonly items: readonly CostItem[];
}

/** The counters the metering keeps for a room, lobby, matchmaker or relay session. */
export interface MeteredUsage {
  /** Wall-clock ms the object was active (not hibernated): billed as duration. */
  readonly activeMs: number;
  /** HTTP requests and RPC calls the object received: billed as Durable Object requests. */
  readonly httpRequests: number;
  /** WebSocket messages received: billed as Durable Object requests, 20 to one. */
  readonly wsMessagesIn: number;
  /** WebSocket messages sent: not billed. */
  readonly wsMessagesOut: number;
  /** Bytes received: not billed (Workers and Durable Objects have no bandwidth charge). */
  readonly bytesIn: number;
  /** Bytes sent: not billed. */
  readonly bytesOut: number;
  /** D1 rows read. */
  readonly d1RowsRead: number;
  /** D1 rows written (index entries included, as D1 counts them). */
  readonly d1RowsWritten: number;
  /** Rows written to the object's own SQLite storage (put, delete, setAlarm). */
  readonly storageWrites: number;
  /**
   * Bytes the PeerSession relay forwarded: not billed as bytes. Their frames arrive as
   * incoming WebSocket messages, already counted in `wsMessagesIn`.
   */
  readonly relayBytes: number;
  /**
   * Bytes rooms' voice relays sent (docs/voice.md): part of `bytesOut`, which is free; their
   * frames arrived as incoming messages, already counted in `wsMessagesIn`.
   */
  readonly voiceBytes: number;
}

/** Usage of nothing: every counter 0 (a start to add to, a group with no rows of a kind). */
export const NO_USAGE: MeteredUsage = {
  activeMs: 0,
  httpRequests: 0,
  wsMessagesIn: 0,
  wsMessagesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  d1RowsRead: 0,
  d1RowsWritten: 0,
  storageWrites: 0,
  relayBytes: 0,
  voiceBytes: 0,
};

const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 3 });

/** A free line: a counter Cloudflare does not bill, and why. */
function free(item: string, quantity: number, unit: string, why: string): CostItem {
  return { item, quantity, unit, usd: 0, formula: `not billed: ${why}` };
}

/** How `costOf` reads a row's counters. */
export interface CostOfOptions {
  /**
   * What metered them: a Durable Object (a room, lobby, matchmaker or relay), or the Worker,
   * whose `httpRequests` are Worker requests and whose wall time and socket messages are not
   * billed (Workers bill CPU time, which no counter holds).
   * @default "durableObject"
   */
  readonly as?: "durableObject" | "worker";
  /** @default PRICES */
  readonly prices?: PriceTable;
}

/**
 * The marginal cost of `usage`: every billed counter times its rate, with no base fee and no
 * included amounts. Items for unbilled counters are listed at $0.
 * @example
 * costOf({ activeMs: 900_000, wsMessagesIn: 279_000, httpRequests: 11, ... }).totalUsd
 */
export function costOf(usage: MeteredUsage, options: CostOfOptions = {}): CostBreakdown {
  const prices = options.prices ?? PRICES;
  const items = options.as === "worker" ? workerItems(usage, prices) : objectItems(usage, prices);
  items.push(
    {
      item: "D1 rows read",
      quantity: usage.d1RowsRead,
      unit: "rows",
      usd: marginalUsd(prices.d1.rowsRead, usage.d1RowsRead),
      formula: `${fmt(usage.d1RowsRead)} rows × $${prices.d1.rowsRead.usd} per million`,
    },
    {
      item: "D1 rows written",
      quantity: usage.d1RowsWritten,
      unit: "rows",
      usd: marginalUsd(prices.d1.rowsWritten, usage.d1RowsWritten),
      formula: `${fmt(usage.d1RowsWritten)} rows × $${prices.d1.rowsWritten.usd} per million`,
    },
    free("WebSocket messages out", usage.wsMessagesOut, "messages", "outgoing messages are free"),
    free("Bytes in", usage.bytesIn, "bytes", "no bandwidth charge"),
    free("Bytes out", usage.bytesOut, "bytes", "no bandwidth charge"),
    free(
      "Relay bytes",
      usage.relayBytes,
      "bytes",
      "relay frames are billed as incoming messages, above",
    ),
    free(
      "Voice bytes",
      usage.voiceBytes,
      "bytes",
      "part of bytes out; speakers' frames are billed as incoming messages, above",
    ),
  );
  return { totalUsd: sum(items), items };
}

/** A Durable Object's requests (messages 20 to one), duration and storage rows. */
function objectItems(usage: MeteredUsage, prices: PriceTable): CostItem[] {
  const dob = prices.durableObjects;
  const { wsMessagesPerRequest, memoryGbPerObject } = prices.facts;
  const ratio = wsMessagesPerRequest.value;
  const requests = usage.httpRequests + usage.wsMessagesIn / ratio;
  const gbS = (usage.activeMs / 1000) * memoryGbPerObject.value;
  return [
    {
      item: "Durable Objects requests",
      quantity: requests,
      unit: "requests",
      usd: marginalUsd(dob.requests, requests),
      formula: `(${fmt(usage.httpRequests)} HTTP/RPC + ${fmt(usage.wsMessagesIn)} messages in ÷ ${ratio}) × $${dob.requests.usd} per million`,
    },
    {
      item: "Durable Objects duration",
      quantity: gbS,
      unit: "GB-s",
      usd: marginalUsd(dob.duration, gbS),
      formula: `${fmt(usage.activeMs / 1000)} active s × ${memoryGbPerObject.value} GB × $${dob.duration.usd} per million GB-s`,
    },
    {
      item: "Durable Objects storage rows written",
      quantity: usage.storageWrites,
      unit: "rows",
      usd: marginalUsd(dob.sqliteRowsWritten, usage.storageWrites),
      formula: `${fmt(usage.storageWrites)} rows × $${dob.sqliteRowsWritten.usd} per million`,
    },
  ];
}

/** The Worker's requests; its wall time and the messages it passes on are free. */
function workerItems(usage: MeteredUsage, prices: PriceTable): CostItem[] {
  const requests = prices.workers.requests;
  return [
    {
      item: "Workers requests",
      quantity: usage.httpRequests,
      unit: "requests",
      usd: marginalUsd(requests, usage.httpRequests),
      formula: `${fmt(usage.httpRequests)} requests × $${requests.usd} per million`,
    },
    free("Worker wall time", usage.activeMs, "ms", "Workers bill CPU time, not wall time"),
    free(
      "WebSocket messages in",
      usage.wsMessagesIn,
      "messages",
      "messages through a Worker are not requests",
    ),
  ];
}

/** The sum of the items' dollars. */
export function sum(items: readonly CostItem[]): number {
  let total = 0;
  for (const i of items) total += i.usd;
  return total;
}
