// Part two of `npm run bench:peer`: the real runtime. Starts `wrangler dev`, signs in a host
// and two peer accounts, runs each kind of run `repeats` times interleaved (direct, relay,
// fallback, migration, then again), and stops the server whatever happens. Times are wall
// clock (performance.now()) on a shared machine: medians and maxima, with every run kept.

import { startDevServer } from "./dev-server.js";
import { signIn } from "./listen-run.js";
import {
  directRun,
  fallbackRun,
  type LiveAccounts,
  migrationRun,
  RELAY_PLAY_MS,
  type RelayRun,
  relayRun,
} from "./live-runs.js";

/** One figure over the runs, ms. */
export interface Spread {
  readonly medianMs: number;
  readonly maxMs: number;
  readonly runsMs: readonly number[];
}

/** What the real-runtime runs measured. */
export interface LiveResults {
  readonly server: string;
  readonly repeats: number;
  /** Unmeasured runs before the first measured one (the process's JIT warm-up). */
  readonly warmupRuns: string;
  readonly directFirstStateMs: Spread;
  readonly relayFirstStateMs: Spread;
  /** From the start of the link attempt to the relay carrying it, direct blocked (link report). */
  readonly fallbackMs: Spread;
  /** Of which the direct attempt, until it gave up (link report). */
  readonly fallbackDirectGaveUpMs: Spread;
  /** The fallback run's time to first state, from the start of the join. */
  readonly fallbackFirstStateMs: Spread;
  /** From the kill of the host's process to the other peer's player resumed on the new host. */
  readonly migrationMs: Spread;
  /** From the kill to the elected peer's own player resumed on the room it now hosts. */
  readonly migrationNewHostMs: Spread;
  /** The client's `migrated` event figure for the other peer (from the host announcement). */
  readonly migrationEventMs: Spread;
  /** GET /v1/sessions/{id}/usage of each relay run, after its peer played `playMs`. */
  readonly relayUsage: {
    readonly playMs: number;
    readonly runs: readonly RelayRun["usage"][];
  };
}

const round = (n: number) => Number(n.toFixed(1));

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs: round(median), maxMs: round(sorted.at(-1)!), runsMs: values.map(round) };
}

/** Runs part two; `log` hears each run as it ends. */
export async function liveBench(
  repeats: number,
  log: (line: string) => void,
): Promise<LiveResults> {
  const server = await startDevServer();
  try {
    const [host, a, b] = await signIn(server.url, ["bench host", "bench peer 1", "bench peer 2"]);
    const accounts: LiveAccounts = { host: host!, peers: [a!, b!] };
    await directRun(server.url, accounts);
    const direct: number[] = [];
    const relay: RelayRun[] = [];
    const fallback: Awaited<ReturnType<typeof fallbackRun>>[] = [];
    const migration: Awaited<ReturnType<typeof migrationRun>>[] = [];
    for (let i = 1; i <= repeats; i++) {
      direct.push(await directRun(server.url, accounts));
      relay.push(await relayRun(server.url, accounts));
      fallback.push(await fallbackRun(server.url, accounts));
      migration.push(await migrationRun(server.url, accounts));
      log(
        `live run ${i}/${repeats}: direct ${round(direct.at(-1)!)} ms, relay ${round(relay.at(-1)!.firstStateMs)} ms, ` +
          `fallback ${round(fallback.at(-1)!.relayOpenMs)} ms, migration ${round(migration.at(-1)!.peerResumedMs)} ms`,
      );
    }
    return {
      server:
        "wrangler dev (local workerd) on 127.0.0.1; Node peers on werift over loopback, IPv4 host candidates, no STUN or TURN configured",
      repeats,
      warmupRuns: "one direct run",
      directFirstStateMs: spread(direct),
      relayFirstStateMs: spread(relay.map((r) => r.firstStateMs)),
      fallbackMs: spread(fallback.map((f) => f.relayOpenMs)),
      fallbackDirectGaveUpMs: spread(fallback.map((f) => f.directGaveUpMs)),
      fallbackFirstStateMs: spread(fallback.map((f) => f.firstStateMs)),
      migrationMs: spread(migration.map((m) => m.peerResumedMs)),
      migrationNewHostMs: spread(migration.map((m) => m.newHostResumedMs)),
      migrationEventMs: spread(migration.map((m) => m.peerEventMs)),
      relayUsage: { playMs: RELAY_PLAY_MS, runs: relay.map((r) => r.usage) },
    };
  } finally {
    await server.stop();
  }
}
