// bench/results/cost.json: what `npm run bench:cost` writes, and the "Metering against the
// bots' own counts" section of docs/benchmarks.md rendered from it.

import type { MachineInfo } from "../report/machine.js";
import type { Counter, CounterDifference, SessionCounts } from "./cost-comparison.js";
import type { PerMatchItem } from "./estimate-per-match.js";
import type { CostLine, MatchUsage } from "./metered-usage.js";

/** The section's id in docs/benchmarks.md (bench/report/doc-sections.ts). */
export const COST_SECTION = "cost";

/** The relative difference the issue aims for, at most. */
export const GOAL = 0.01;

/** bench/results/cost.json. */
export interface CostResults {
  readonly bots: number;
  /** Seconds of play once every bot had joined. */
  readonly seconds: number;
  readonly room: string;
  readonly seed: number;
  /** The room's metered counters (GET /v1/admin/costs), as SessionCounts. */
  readonly metered: SessionCounts;
  /** The same counters as the bots' sockets and the harness's clock took them. */
  readonly independent: SessionCounts;
  readonly differences: Readonly<Record<Counter, CounterDifference>>;
  readonly maxRelativeDifference: number;
  readonly worstCounter: Counter;
  readonly goal: number;
  readonly withinGoal: boolean;
  /** The match's measured cost: its metered usage priced (marginal), US dollars. */
  readonly sessionCostUsd: number;
  readonly sessionCostItems: readonly CostLine[];
  /** Every counter the route summed for the match. */
  readonly meteredUsage: MatchUsage;
  /** The estimate's cost of one match of the same settings, US dollars. */
  readonly estimateUsd: number;
  readonly estimate: {
    readonly settings: {
      readonly players: number;
      readonly tickRate: number;
      readonly matchMinutes: number;
    };
    readonly method: string;
    readonly monthlyUsdAtOneMatchADay: number;
    readonly volumes: readonly number[];
    readonly priceVersion: string;
    readonly perMatchItems: readonly PerMatchItem[];
  };
  /** sessionCostUsd ÷ estimateUsd. */
  readonly measuredOverEstimate: number;
  readonly session: {
    readonly joined: number;
    readonly socketsOpened: number;
    readonly unexpectedDisconnects: number;
    readonly joinSeconds: number;
    readonly leaveSeconds: number;
    readonly errors: readonly string[];
  };
  /** Reads of the route until the room's last write had landed, and the wait, ms. */
  readonly settle: { readonly reads: number; readonly waitedMs: number };
  readonly notes: readonly string[];
  readonly command: string;
  readonly machine: MachineInfo;
  readonly uptime: { readonly start: string; readonly end: string };
}

const LABELS: Record<Counter, string> = {
  messagesIn: "messages in (frames the room received)",
  messagesOut: "messages out (frames the room sent)",
  bytesIn: "bytes in (payload)",
  bytesOut: "bytes out (payload)",
  activeSeconds: "active seconds",
};

const num = (n: number, digits = 3) => n.toLocaleString("en-US", { maximumFractionDigits: digits });
const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
const usd = (x: number) => `$${x.toFixed(7)}`;

/** The section's Markdown (without its markers). */
export function costSection(r: CostResults): string {
  const rows = Object.entries(r.differences).map(
    ([c, d]) =>
      `| ${LABELS[c as Counter]} | ${num(d.metered)} | ${num(d.independent)} | ${num(d.difference)} | ${pct(d.relativeDifference)} |`,
  );
  const measured = new Map(r.sessionCostItems.map((i) => [i.item, i]));
  const items = r.estimate.perMatchItems
    .filter((i) => i.usd > 0 || (measured.get(i.item)?.usd ?? 0) > 0)
    .map((i) => {
      const m = measured.get(i.item);
      const mq = m ? `${num(m.quantity)} ${m.unit}` : "not metered per match";
      return `| ${i.item} | ${num(i.quantity)} ${i.unit} | ${usd(i.usd)} | ${mq} | ${m ? usd(m.usd) : "—"} |`;
    });
  return `## Metering against the bots' own counts (issue 16)

\`${r.command}\`: ${r.bots} arena bots in one room for ${r.seconds} s on \`wrangler dev\`; the
room's metered usage (\`GET /v1/admin/costs?groupBy=match\`) beside what the bots' sockets
counted and the harness's clock (bench/cost.ts; bench/results/cost.json). Goal: every counter
within ${r.goal * 100}%. Largest difference: **${pct(r.maxRelativeDifference)}** (${LABELS[r.worstCounter]}).

| Counter | Metered | Bots and harness | Metered − independent | Relative |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

Measured cost of the session: **${usd(r.sessionCostUsd)}**. The estimate for the same settings
(${r.estimate.settings.players} players, ${r.estimate.settings.tickRate} Hz, ${r.estimate.settings.matchMinutes} min): **${usd(r.estimateUsd)}** a match
(measured ÷ estimate = ${r.measuredOverEstimate.toFixed(3)}). ${r.estimate.method}

| Item | Estimate, a match | Estimate $ | Measured | Measured $ |
| --- | --- | --- | --- | --- |
${items.join("\n")}

${r.notes.map((n) => `- ${n}`).join("\n")}

Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, Node ${r.machine.node}; ${r.machine.date}.
`;
}
