// The metered side of `npm run bench:cost`, read as an operator reads it: GET /v1/admin/costs
// grouped by match, the session's room among the groups. A room writes its usage once a minute
// while it ticks and once more when it empties, through waitUntil: the bench polls until the
// match's incoming message count has stopped changing.

/** The counters of a match as the route answers them (server/costs MeteredUsage). */
export interface MatchUsage {
  readonly activeMs: number;
  readonly httpRequests: number;
  readonly wsMessagesIn: number;
  readonly wsMessagesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly d1RowsRead: number;
  readonly d1RowsWritten: number;
  readonly storageWrites: number;
  readonly relayBytes: number;
}

/** One priced line of the route's answer. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
  readonly formula: string;
}

/** A match's group in GET /v1/admin/costs?groupBy=match. */
export interface MatchCost {
  readonly key: string;
  readonly minutes: number;
  readonly totalUsd: number;
  readonly usage: MatchUsage;
  readonly workerUsage: MatchUsage;
  readonly items: readonly CostLine[];
}

/** How the bench waits for the room's last write. */
export interface SettleOptions {
  /** Between two reads, ms. @default 1000 */
  readonly everyMs?: number;
  /** Reads in a row that must agree. @default 3 */
  readonly stableReads?: number;
  /** Longest wait, ms. @default 30000 */
  readonly timeoutMs?: number;
}

const MINUTE_MS = 60_000;

/** The match `matchId`'s group for the minutes of [from, to], or undefined while it has none. */
export async function matchCost(
  url: string,
  token: string,
  matchId: string,
  from: number,
  to: number,
): Promise<MatchCost | undefined> {
  // Rows are keyed by their minute's start: the query covers whole minutes around the session.
  const range = new URLSearchParams({
    groupBy: "match",
    from: String(Math.floor(from / MINUTE_MS) * MINUTE_MS),
    to: String((Math.floor(to / MINUTE_MS) + 1) * MINUTE_MS),
    limit: "500",
  });
  const res = await fetch(`${url}/v1/admin/costs?${range}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET /v1/admin/costs: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { groups: MatchCost[] };
  return body.groups.find((g) => g.key === matchId);
}

/**
 * Reads the match's cost until `stableReads` reads in a row show the same incoming message
 * count (the room's final write has landed), and returns the last; throws on a timeout.
 */
export async function settledMatchCost(
  read: () => Promise<MatchCost | undefined>,
  options: SettleOptions = {},
): Promise<{ cost: MatchCost; reads: number; waitedMs: number }> {
  const { everyMs = 1000, stableReads = 3, timeoutMs = 30_000 } = options;
  const started = performance.now();
  let last: number | undefined;
  let same = 0;
  let reads = 0;
  for (;;) {
    const cost = await read();
    reads++;
    const count = cost?.usage.wsMessagesIn;
    same = count !== undefined && count > 0 && count === last ? same + 1 : 1;
    last = count;
    const waitedMs = performance.now() - started;
    if (cost && same >= stableReads) return { cost, reads, waitedMs };
    if (waitedMs > timeoutMs)
      throw new Error(`the match's usage did not settle in ${timeoutMs} ms (last ${count})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
