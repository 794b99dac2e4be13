// `npm run bench:cost`: the metering checked against counts taken without it (issue 16).
//
// Starts wrangler dev as `npm run bench:load` does (bench/load/load-server.ts: a bundle made
// once, a fresh local D1), then:
// 1. COST_BOTS arena bots (default 10) play one room for COST_SECONDS once all have joined
//    (default 60, at least 60: the estimate's shortest match is a minute), counting every frame
//    and payload byte they send and receive at their sockets, while the harness clocks the
//    time at least one socket is open (bench/cost/cost-session.ts).
// 2. After the last bot has left, reads the room's usage from GET /v1/admin/costs?groupBy=match
//    until its final write has landed (bench/cost/metered-usage.ts).
// 3. Asks GET /v1/costs/estimate for the same settings and takes its cost of one match
//    (bench/cost/estimate-per-match.ts).
//
// Writes bench/results/cost.json and the "cost" section of docs/benchmarks.md. A wall-clock
// bench, run by hand, not a test. Options: --no-write (print only). COST_SEED: the bots' seed
// (default 16).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARENA_TICK_RATE } from "../games/arena/index.js";
import { compareCounts, independentCounts, meteredCounts } from "./cost/cost-comparison.js";
import { COST_SECTION, type CostResults, costSection, GOAL } from "./cost/cost-results.js";
import { type CostSession, playCostSession } from "./cost/cost-session.js";
import { type PerMatchEstimate, perMatchEstimate } from "./cost/estimate-per-match.js";
import { type MatchCost, matchCost, settledMatchCost } from "./cost/metered-usage.js";
import { adminToken } from "./load/admin-session.js";
import { startLoadServer } from "./load/load-server.js";
import { withSection } from "./report/doc-sections.js";
import { machineInfo } from "./report/machine.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/cost.json");
const DOC_PATH = join(ROOT, "docs/benchmarks.md");
/** The arena's tick rate, Hz: the estimate's tickRate. */
const TICK_RATE = ARENA_TICK_RATE;
const ROOM = "cost-session";

const print = (text: string) => process.stdout.write(`${text}\n`);
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();
const round = (n: number, digits: number) => Number(n.toFixed(digits));
/** US dollars without float noise: to a millionth of a cent. */
const dollars = (usd: number) => round(usd, 12);

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return n;
}

async function main(): Promise<void> {
  const write = !process.argv.includes("--no-write");
  const bots = envInt("COST_BOTS", 10, 1);
  const seconds = envInt("COST_SECONDS", 60, 60);
  const seed = envInt("COST_SEED", 16, 0);
  const machine = machineInfo();
  const uptimeStart = uptime();
  print(`bench:cost — ${bots} bots for ${seconds} s; uptime: ${uptimeStart}`);
  const server = await startLoadServer();
  let session: CostSession;
  let settled: { cost: MatchCost; reads: number; waitedMs: number };
  let estimate: PerMatchEstimate;
  try {
    const token = await adminToken(server.url, server.persistTo);
    print(`server ${server.url}`);
    session = await playCostSession({ url: server.url, room: ROOM, bots, seconds, seed });
    print(
      `session: ${session.joined} joined in ${session.joinSeconds.toFixed(1)} s, left in ${session.leaveSeconds.toFixed(2)} s; ${session.activeSeconds.toFixed(3)} s active`,
    );
    settled = await settledMatchCost(() =>
      matchCost(server.url, token, ROOM, session.startedAt, Date.now()),
    );
    print(`metered usage settled after ${settled.reads} reads`);
    estimate = await perMatchEstimate(server.url, {
      players: bots,
      tickRate: TICK_RATE,
      matchMinutes: seconds / 60,
    });
  } finally {
    await server.stop();
  }
  const { cost } = settled;
  const metered = meteredCounts(cost.usage);
  const independent = independentCounts(session.frames, round(session.activeSeconds, 3));
  const compared = compareCounts(metered, independent);
  const results: CostResults = {
    bots,
    seconds,
    room: ROOM,
    seed,
    metered,
    independent,
    differences: compared.differences,
    maxRelativeDifference: compared.maxRelativeDifference,
    worstCounter: compared.worst,
    goal: GOAL,
    withinGoal: compared.maxRelativeDifference <= GOAL,
    sessionCostUsd: dollars(cost.totalUsd),
    sessionCostItems: cost.items.map((i) => ({ ...i, usd: dollars(i.usd) })),
    meteredUsage: cost.usage,
    estimateUsd: dollars(estimate.usd),
    estimate: {
      settings: { players: bots, tickRate: TICK_RATE, matchMinutes: seconds / 60 },
      method: `GET /v1/costs/estimate answers a month. At 1 match a day every meter stays inside its allowance (the month is $${estimate.monthlyUsdAtOneMatchADay}, the base fee), so the figure for one match is the slope of the monthly total between ${estimate.volumes[0].toLocaleString("en-US")} and ${estimate.volumes[1].toLocaleString("en-US")} matches a day: what one more match adds, a marginal cost like the measured one.`,
      monthlyUsdAtOneMatchADay: estimate.monthlyUsdAtOneMatchADay,
      volumes: estimate.volumes,
      priceVersion: estimate.priceVersion,
      perMatchItems: estimate.items.map((i) => ({ ...i, usd: dollars(i.usd) })),
    },
    measuredOverEstimate: round(cost.totalUsd / estimate.usd, 4),
    session: {
      joined: session.joined,
      socketsOpened: session.socketsOpened,
      unexpectedDisconnects: session.unexpectedDisconnects,
      joinSeconds: round(session.joinSeconds, 3),
      leaveSeconds: round(session.leaveSeconds, 3),
      errors: session.errors,
    },
    settle: { reads: settled.reads, waitedMs: Math.round(settled.waitedMs) },
    notes: notes(session, compared.differences, bots, seconds),
    command: commandLine(),
    machine,
    uptime: { start: uptimeStart, end: uptime() },
  };
  print(JSON.stringify(results, null, 2));
  if (!write) return;
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const page = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, "utf8") : "# Benchmarks\n";
  writeFileSync(DOC_PATH, withSection(page, COST_SECTION, costSection(results)));
  print(`wrote ${RESULTS_PATH} and the "${COST_SECTION}" section of ${DOC_PATH}`);
}

/** What the figures mean, with this run's numbers. */
function notes(
  session: CostSession,
  d: CostResults["differences"],
  bots: number,
  seconds: number,
): string[] {
  const lost = d.messagesOut.difference;
  const perBot = lost / bots;
  const gap = d.activeSeconds.difference;
  const out = [
    "Both sides count payload bytes: the room adds each frame's byteLength as it receives it (GameRoom.onMessage) and as its core sends it (RoomCore totals); the bots add what send() was given and what each message event carried. WebSocket framing (2–14 bytes a frame) is in neither, so messages and bytes in can match exactly.",
    `Messages out: ${lost} frames the room sent (${perBot.toFixed(1)} a bot, about ${Math.round((perBot / TICK_RATE) * 1000)} ms of snapshots at ${TICK_RATE} Hz) never reached a bot's message events. At the stop each bot calls close(), and a WebSocket drops every frame it has not delivered yet: those the room sent until it read the close (the last bot's close completed ${session.leaveSeconds.toFixed(2)} s after the stop) and those already received but still queued behind the bench's event loop (${bots} clients in one thread on a busy machine). Bytes out differ by those frames' bytes (${d.bytesOut.difference}). No client can count frames in flight at its close: the metered figure is what the room sent.`,
    `Active seconds: the room counts from its tick timer's start (a socket accepted) to its stop (it read the last close frame) with workerd's Date.now(); the harness from the first bot socket's open event (the room's answer back) to the last one's close event (the room's closing answer back), with the bench's clock. So the harness starts later and ends later than the room, each by a loopback round trip plus however long the bench's event loop takes to run the event; here it measured ${Math.abs(gap).toFixed(3)} s ${gap < 0 ? "more" : "less"} than the room.`,
    `The session lasted longer than its ${seconds} s of play: ${session.joinSeconds.toFixed(1)} s of joining before (sign-in and handshake, the room already ticking for the first bot) and ${session.leaveSeconds.toFixed(2)} s of closing after. The estimate is asked for ${seconds / 60} min matches.`,
    "The estimate's match is the README's matchmade one: its Worker requests (sign-in, ticket, polls, upgrade: 5 a player), Worker CPU (an assumed 5 ms a request), the Matchmaker's requests and storage rows are in it. The session joins a named room directly, and GET /v1/admin/costs?groupBy=match sums the room's own rows (the Worker meters no requests per match), so those lines are in the estimate and not in the measured cost; the room's own lines (incoming messages, active time, snapshots with the documents they hold, its watch alarm's runs, D1 rows) are in both. The watch alarm's storage rows (the named-alarm table and setAlarm, 2 per arming: the room's start, each 30 s run, its end) are in the estimate only: they are written outside the room's metered storage.",
  ];
  if (session.unexpectedDisconnects > 0 || session.errors.length > 0)
    out.push(
      `The session had ${session.unexpectedDisconnects} unexpected disconnects and these errors: ${session.errors.join("; ") || "none"}.`,
    );
  return out;
}

/** The command as run, with the COST_ variables set. */
function commandLine(): string {
  const vars = Object.entries(process.env)
    .filter(([k]) => k.startsWith("COST_"))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [...vars, "npm run bench:cost"].join(" ");
}

await main();
