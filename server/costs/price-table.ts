// Cloudflare's list prices for what edgetick runs on (Workers Paid, Standard usage model), in
// one object: update a figure here, with its source and the date it was checked, and every
// estimate and measured cost follows. US dollars; "included" amounts are per month on the
// Workers Paid plan, shared by the whole account (not per Worker or per object).
//
// Checked 2026-12-06 against stored copies of Cloudflare's pricing pages (developers.cloudflare.com
// and the cloudflare/cloudflare-docs sources behind them). Enterprise contracts differ.

/** One metered price: `usd` buys `per` units beyond `includedPerMonth`. */
export interface Price {
  /** US dollars per `per` units. */
  readonly usd: number;
  /** Units `usd` buys, e.g. 1,000,000 for "per million". */
  readonly per: number;
  /** What is counted, e.g. "requests", "GB-s", "rows". */
  readonly unit: string;
  /** Units included each month with Workers Paid before charges start; 0 when none. */
  readonly includedPerMonth: number;
  /** The page that states the price. */
  readonly source: string;
  /** The date the price was checked there, YYYY-MM-DD. */
  readonly checked: string;
}

/** A billing rule that is a number but not a price (a ratio, a memory size). */
export interface BillingFact {
  readonly value: number;
  readonly meaning: string;
  readonly source: string;
  readonly checked: string;
}

const CHECKED = "2026-12-06";
const WORKERS = "https://developers.cloudflare.com/workers/platform/pricing/";
const DURABLE_OBJECTS = "https://developers.cloudflare.com/durable-objects/platform/pricing/";
const D1 = "https://developers.cloudflare.com/d1/platform/pricing/";
const R2 = "https://developers.cloudflare.com/r2/pricing/";
const TURN = "https://developers.cloudflare.com/realtime/turn/faq/";

const MILLION = 1_000_000;

/**
 * The price table. `version` is the date the whole table was last checked: bump it with any
 * figure. Not modelled: Workers KV, Queues, Analytics Engine (edgetick uses none of them), the
 * Workers Free plan (its daily limits refuse work instead of billing it), and R2 Infrequent Access.
 */
export const PRICES = {
  version: CHECKED,
  currency: "USD",
  workers: {
    /** The Workers Paid plan's monthly minimum; it covers Workers, Durable Objects and D1. */
    baseFee: {
      usd: 5,
      per: 1,
      unit: "month",
      includedPerMonth: 0,
      source: WORKERS,
      checked: CHECKED,
    },
    /**
     * Inbound requests to the Worker, a WebSocket upgrade included (one request per connection;
     * messages through the Worker are not requests). Subrequests and static assets are free.
     */
    requests: {
      usd: 0.3,
      per: MILLION,
      unit: "requests",
      includedPerMonth: 10 * MILLION,
      source: WORKERS,
      checked: CHECKED,
    },
    /** CPU time of Worker invocations (not wall time: waiting on I/O is free). */
    cpuMs: {
      usd: 0.02,
      per: MILLION,
      unit: "CPU-ms",
      includedPerMonth: 30 * MILLION,
      source: WORKERS,
      checked: CHECKED,
    },
  },
  durableObjects: {
    /**
     * Requests to objects: HTTP requests, RPC sessions (every stub method call), WebSocket
     * upgrades, alarm invocations, and incoming WebSocket messages at `wsMessagesPerRequest`.
     * Outgoing WebSocket messages and incoming protocol pings are not billed.
     */
    requests: {
      usd: 0.15,
      per: MILLION,
      unit: "requests",
      includedPerMonth: 1 * MILLION,
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
    /**
     * Wall-clock time an object is active (running a handler, or in memory and unable to
     * hibernate), times its memory allocation (`memoryGbPerObject`, whatever it really uses).
     */
    duration: {
      usd: 12.5,
      per: MILLION,
      unit: "GB-s",
      includedPerMonth: 400_000,
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
    /** SQLite-backed storage (every edgetick object): rows read, KV get()/list() included. */
    sqliteRowsRead: {
      usd: 0.001,
      per: MILLION,
      unit: "rows",
      includedPerMonth: 25_000 * MILLION,
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
    /** Rows written: KV put()/delete() and each setAlarm() count as rows written. */
    sqliteRowsWritten: {
      usd: 1,
      per: MILLION,
      unit: "rows",
      includedPerMonth: 50 * MILLION,
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
    /** Stored SQLite data, until it is deleted (billed since January 2026). */
    sqliteStoredGbMonth: {
      usd: 0.2,
      per: 1,
      unit: "GB-month",
      includedPerMonth: 5,
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
  },
  d1: {
    /** Rows scanned by a query, whatever their size; an indexed lookup reads only its rows. */
    rowsRead: {
      usd: 0.001,
      per: MILLION,
      unit: "rows",
      includedPerMonth: 25_000 * MILLION,
      source: D1,
      checked: CHECKED,
    },
    /** Rows an INSERT, UPDATE or DELETE changes; each index the write touches adds a row. */
    rowsWritten: {
      usd: 1,
      per: MILLION,
      unit: "rows",
      includedPerMonth: 50 * MILLION,
      source: D1,
      checked: CHECKED,
    },
    storageGbMonth: {
      usd: 0.75,
      per: 1,
      unit: "GB-month",
      includedPerMonth: 5,
      source: D1,
      checked: CHECKED,
    },
  },
  /** Replays (Standard storage). Egress is free. The included amounts are R2's free tier. */
  r2: {
    /** Writes and lists: PutObject, CopyObject, ListObjects, multipart parts. */
    classAOperations: {
      usd: 4.5,
      per: MILLION,
      unit: "operations",
      includedPerMonth: 1 * MILLION,
      source: R2,
      checked: CHECKED,
    },
    /** Reads: GetObject, HeadObject. DeleteObject is free. */
    classBOperations: {
      usd: 0.36,
      per: MILLION,
      unit: "operations",
      includedPerMonth: 10 * MILLION,
      source: R2,
      checked: CHECKED,
    },
    storageGbMonth: {
      usd: 0.015,
      per: 1,
      unit: "GB-month",
      includedPerMonth: 10,
      source: R2,
      checked: CHECKED,
    },
  },
  /**
   * Cloudflare Realtime TURN, should a deployment point TURN_URLS at it: data sent from the
   * TURN server to its clients (ingress is free), the 1,000 GB a month shared with Realtime SFU.
   * edgetick's own relay (the PeerSession object) is billed as Durable Object requests instead.
   */
  turn: {
    egressGb: {
      usd: 0.05,
      per: 1,
      unit: "GB",
      includedPerMonth: 1000,
      source: TURN,
      checked: CHECKED,
    },
  },
  facts: {
    /** Incoming WebSocket messages per billed Durable Object request (billing only). */
    wsMessagesPerRequest: {
      value: 20,
      meaning: "incoming WebSocket messages billed as one Durable Object request",
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
    /**
     * GB billed per active object second: 128 MB, which Cloudflare's own examples turn into
     * GB as 128 / 1000 (1,000,000 s × 128 MB / 1 GB = 128,000 GB-s).
     */
    memoryGbPerObject: {
      value: 0.128,
      meaning: "GB of duration billed per second an object is active (128 MB)",
      source: DURABLE_OBJECTS,
      checked: CHECKED,
    },
  },
} satisfies {
  version: string;
  currency: "USD";
  workers: Record<string, Price>;
  durableObjects: Record<string, Price>;
  d1: Record<string, Price>;
  r2: Record<string, Price>;
  turn: Record<string, Price>;
  facts: Record<string, BillingFact>;
};

/** The price table's type: the shape of `PRICES`, its figures plain numbers (tests pass altered copies). */
export type PriceTable = typeof PRICES;

/** Dollars for `quantity` units of `price`, ignoring its included amount (a marginal cost). */
export function marginalUsd(price: Price, quantity: number): number {
  return (Math.max(0, quantity) * price.usd) / price.per;
}

/** Dollars for a month's `quantity` units of `price`, after its included amount. */
export function monthlyUsd(price: Price, quantity: number): number {
  return marginalUsd(price, quantity - price.includedPerMonth);
}
