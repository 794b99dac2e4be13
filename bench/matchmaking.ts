// `npm run bench:matchmaking`: one Matcher core in Node under a steady stream of tickets,
// with 10,000 tickets waiting at the start. Time is simulated (a pass every PASS_MS of
// simulated time, arrivals at ARRIVALS_PER_S), so time-to-match is exact and independent of
// the machine; CPU time is measured around the core's calls only. Writes
// bench/results/matchmaking.json and docs/benchmarks-matchmaking.md.
//
// The players: ratings ~ N(1500, 300); each at a random point among six population centres
// with latencies estimated from distance (plus up to 20 ms of jitter); 20% come as parties of
// two. Mode "squads" (2 v 2): parties must fit a team, which is the hard case.

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TicketRequest } from "../shared/matchmaking/match-ticket.js";
import { Matcher } from "../shared/matchmaking/matcher.js";
import { mulberry32 } from "../shared/random/mulberry32.js";
import { estimateRttMs } from "../shared/regions/geo.js";
import { DEFAULT_REGIONS } from "../shared/regions/region.js";
import { median } from "./harness/stats.js";
import { machineInfo } from "./report/machine.js";

const INITIAL_WAITING = 10_000;
const ARRIVALS_PER_S = 5_000;
const PASS_MS = 250;
const DURATION_S = 60;
const SEED = 12345;
const MODE = { teamSize: 2, teamCount: 2, timeoutMs: 60_000 };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const random = mulberry32(SEED);

/** Where players are: population centres (lat, lon) and their share of players. */
const CENTRES = [
  { lat: 40.7, lon: -74.0, share: 0.25 },
  { lat: 37.8, lon: -122.4, share: 0.15 },
  { lat: 51.5, lon: -0.1, share: 0.25 },
  { lat: 35.7, lon: 139.7, share: 0.15 },
  { lat: -23.5, lon: -46.6, share: 0.1 },
  { lat: -33.9, lon: 151.2, share: 0.1 },
];

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

let nextId = 0;
function newTicket(): TicketRequest {
  let pick = random();
  let centre = CENTRES[0]!;
  for (const c of CENTRES) {
    centre = c;
    pick -= c.share;
    if (pick < 0) break;
  }
  const at = { lat: centre.lat + gaussian() * 3, lon: centre.lon + gaussian() * 3 };
  const latencies: Record<string, number> = {};
  for (const r of DEFAULT_REGIONS)
    latencies[r.id] = estimateRttMs(at, r) + Math.floor(random() * 20);
  const id = `t${nextId++}`;
  const party = random() < 0.2;
  return {
    id,
    mode: "squads",
    rating: Math.round(1500 + gaussian() * 300),
    latencies,
    members: party ? [`${id}a`, `${id}b`] : [`${id}a`],
  };
}

const matcher = new Matcher({ modes: { squads: MODE } });
const enqueuedAt = new Map<string, number>();
const waits: number[] = [];
const passCpuMs: number[] = [];
const queueSizes: number[] = [];
let enqueueCpuMs = 0;
let processed = 0;
let matched = 0;
let timedOut = 0;
let refused = 0;
/** The first pass: the 10,000-ticket backlog (plus the first arrivals) in one go. */
let backlog = { waiting: 0, matched: 0, cpuMs: 0 };

function enqueue(now: number): void {
  const t = newTicket();
  const start = performance.now();
  const r = matcher.enqueue(t, now);
  enqueueCpuMs += performance.now() - start;
  if (r.ok) enqueuedAt.set(t.id, now);
  else refused++;
}

// The backlog arrives over the minute before the run starts, so windows differ.
for (let i = 0; i < INITIAL_WAITING; i++) enqueue(-Math.floor(random() * 60_000));
// Widen nothing before measuring: the first pass at t=0 works on the whole backlog.
let now = 0;
let arrivalDebt = 0;
const runStart = performance.now();
for (; now <= DURATION_S * 1000; now += PASS_MS) {
  arrivalDebt += (ARRIVALS_PER_S * PASS_MS) / 1000;
  for (; arrivalDebt >= 1; arrivalDebt--) enqueue(now - Math.floor(random() * PASS_MS));
  queueSizes.push(matcher.waitingCount());
  const start = performance.now();
  const pass = matcher.process(now);
  passCpuMs.push(performance.now() - start);
  if (now === 0) {
    const matchedNow = pass.matches.reduce((n, m) => n + m.ticketIds.length, 0);
    backlog = { waiting: queueSizes[0]!, matched: matchedNow, cpuMs: round(passCpuMs[0]!) };
  }
  for (const m of pass.matches) {
    for (const id of m.ticketIds) {
      waits.push(now - enqueuedAt.get(id)!);
      enqueuedAt.delete(id);
      processed++;
      matched++;
    }
  }
  timedOut += pass.timedOut.length;
  processed += pass.timedOut.length;
}
const wallMs = performance.now() - runStart;
const cpuMs = passCpuMs.reduce((a, b) => a + b, 0) + enqueueCpuMs;
const steady = waits.filter((_, i) => i >= backlog.matched); // past the backlog's first pass

const sortedPass = [...passCpuMs].sort((a, b) => a - b);
const results = {
  benchmark: "matchmaking",
  machine: machineInfo(),
  config: {
    initialWaiting: INITIAL_WAITING,
    arrivalsPerS: ARRIVALS_PER_S,
    passMs: PASS_MS,
    durationS: DURATION_S,
    seed: SEED,
    mode: { name: "squads", ...MODE },
  },
  backlogPass: {
    ...backlog,
    ticketsPerCpuSecond: Math.round((backlog.matched / backlog.cpuMs) * 1000),
  },
  ticketsProcessed: processed,
  ticketsMatched: matched,
  ticketsTimedOut: timedOut,
  ticketsRefused: refused,
  cpuMs: Math.round(cpuMs),
  wallMs: Math.round(wallMs),
  ticketsPerCpuSecond: Math.round((processed / cpuMs) * 1000),
  passCpuMs: {
    median: round(median(passCpuMs)),
    p99: round(sortedPass[Math.floor(sortedPass.length * 0.99)]!),
    max: round(sortedPass.at(-1)!),
  },
  waitingQueue: { median: median(queueSizes), max: Math.max(...queueSizes) },
  timeToMatchMs: {
    median: median(steady),
    p95: percentile(steady, 0.95),
    medianAll: median(waits),
  },
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)] ?? Number.NaN;
}

writeFileSync(
  join(root, "bench/results/matchmaking.json"),
  `${JSON.stringify(results, null, 2)}\n`,
);
writeFileSync(join(root, "docs/benchmarks-matchmaking.md"), doc());
console.warn(JSON.stringify({ ...results, machine: undefined }, null, 2));

function doc(): string {
  const r = results;
  return `# Matchmaking benchmark

\`npm run bench:matchmaking\` (\`bench/matchmaking.ts\`) drives one \`Matcher\` (shared/matchmaking)
in Node: ${INITIAL_WAITING.toLocaleString("en")} tickets waiting at the start, then ${ARRIVALS_PER_S.toLocaleString("en")} new tickets per
second of simulated time, a pass every ${PASS_MS} ms, for ${DURATION_S} s. Mode "squads" (2 v 2, parties of
two kept together, 20% of tickets); ratings N(1500, 300); players around six population
centres with latencies estimated from distance; seed ${SEED}. Time is simulated, so time to
match is exact; CPU time is measured around the core's calls only (${r.machine.cpuModel},
Node ${r.machine.node}, ${r.machine.date}). Raw numbers: \`bench/results/matchmaking.json\`.

| measure | value |
| --- | --- |
| first pass over the backlog: waiting / matched / CPU | ${r.backlogPass.waiting.toLocaleString("en")} / ${r.backlogPass.matched.toLocaleString("en")} / ${r.backlogPass.cpuMs} ms |
| backlog tickets matched per CPU second | ${r.backlogPass.ticketsPerCpuSecond.toLocaleString("en")} |
| tickets processed (matched + timed out) | ${r.ticketsProcessed.toLocaleString("en")} |
| tickets per CPU second (enqueue + passes) | ${r.ticketsPerCpuSecond.toLocaleString("en")} |
| pass CPU time, median / p99 / max | ${r.passCpuMs.median} / ${r.passCpuMs.p99} / ${r.passCpuMs.max} ms |
| waiting tickets, median / max | ${r.waitingQueue.median.toLocaleString("en")} / ${r.waitingQueue.max.toLocaleString("en")} |
| time to match, median / p95 (steady state) | ${r.timeToMatchMs.median} / ${r.timeToMatchMs.p95} ms |
| timed out (no match in 60 s) | ${r.ticketsTimedOut.toLocaleString("en")} |

The limit this is measured against: a Durable Object gets ~1,000 events per second and a
pass must leave room for them. A pass over the waiting queue costs the median above every
${PASS_MS} ms, i.e. ${round((r.passCpuMs.median / PASS_MS) * 100)}% of one core at this arrival rate.
`;
}
