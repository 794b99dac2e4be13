// The "Zones" section of docs/benchmarks.md, written from a bench:zones run (bench/zones.ts):
// what was run, each figure of bench/results/zones.json with what it counts, and the machine
// it ran on. The replication bench rewrites the page and carries this section over.

/** The section's id in docs/benchmarks.md (bench/report/doc-sections.ts). */
export const ZONES_SECTION = "zones";

/** The figures of a run the section prints (bench/results/zones.json). */
export interface ZonesRun {
  readonly players: number;
  readonly zones: number;
  readonly seconds: number | null;
  readonly tickets: number;
  readonly handoffs: number;
  readonly lostInputs: number;
  readonly accountsLosingInputs: number;
  readonly largestInputGap: number;
  readonly duplicatedInputs: number;
  readonly inputsApplied: number;
  readonly duplicatedEntities: number;
  readonly missingEntities: number;
  readonly framesObserved: number;
  readonly handoffMsP50: number | null;
  readonly handoffMsP99: number | null;
  readonly handoffsTimed: number;
  readonly crossingToSwitchMsP50: number | null;
  readonly crossingToSwitchMsP99: number | null;
  readonly ticketToSwitchMsP50: number | null;
  readonly ticketToSwitchMsP99: number | null;
  readonly maxRenderedJump: number | null;
  readonly maxRenderedPop: number | null;
  readonly renderedJumpP50: number | null;
  readonly renderedPopP99: number | null;
  readonly switchesPoppingOver16: number;
  readonly maxPopAnywhere: number | null;
  readonly popsOver16Anywhere: number;
  readonly popsOver16OutsideSwitches: number;
  readonly renderClockSnaps: number;
  readonly renderClockSnapMaxTicks: number | null;
  readonly redials: number;
  readonly maxFrameStep: number | null;
  readonly ghostBytesPerTick: number | null;
  readonly linkCalls: number;
  readonly linkFailures: number;
  readonly zoneTickP99MsMax: number | null;
  readonly botFrameGapMsMax: number | null;
  readonly loadAverage: { readonly before: number | null; readonly after: number | null };
  readonly machine: { readonly date: string; readonly cores: number; readonly cpuModel: string };
}

const ms = (v: number | null) => (v === null ? "—" : `${v} ms`);

/** The section's body for `r`. */
export function zonesSection(r: ZonesRun): string {
  const rows: [string, string, string][] = [
    ["`players` / `zones`", `${r.players} / ${r.zones}`, "walkers / zones of the 4×4 grid"],
    [
      "`handoffs`",
      `${r.handoffs} (${r.tickets} tickets)`,
      "switches the walkers made (tickets: next-zone links opened; a walker that turns back before the line uses none)",
    ],
    [
      "`lostInputs`",
      `${r.lostInputs} of ${r.inputsApplied + r.lostInputs}`,
      `world inputs between an account's first and last applied that no zone applied (goal 0); ${r.accountsLosingInputs} accounts, widest gap at a handoff ${r.largestInputGap}`,
    ],
    ["`duplicatedInputs`", `${r.duplicatedInputs}`, "world inputs applied twice (goal 0)"],
    [
      "`duplicatedEntities`",
      `${r.duplicatedEntities} of ${r.framesObserved} frames`,
      "frames whose view held two copies of the walker's avatar (goal 0)",
    ],
    [
      "`missingEntities`",
      `${r.missingEntities} of ${r.framesObserved} frames`,
      "frames whose view held none (goal 0)",
    ],
    [
      "`handoffMsP50` / `P99`",
      `${ms(r.handoffMsP50)} / ${ms(r.handoffMsP99)}`,
      `commit sent by the zone left → the adoption back in it (${r.handoffsTimed} handoffs timed by the zones): the avatar's authority in flight between two objects`,
    ],
    [
      "`crossingToSwitchMsP50` / `P99`",
      `${ms(r.crossingToSwitchMsP50)} / ${ms(r.crossingToSwitchMsP99)}`,
      "the rendered avatar passing the handoff line (edge + 16 units) → the client's switch",
    ],
    [
      "`ticketToSwitchMsP50` / `P99`",
      `${ms(r.ticketToSwitchMsP50)} / ${ms(r.ticketToSwitchMsP99)}`,
      "next-zone link opened → switch (the ticket comes 48 units before the edge)",
    ],
    [
      "`maxRenderedJump`",
      `${r.maxRenderedJump} units`,
      `the avatar's rendered move across a switch (last drawing before → first after); the largest step of any frame: ${r.maxFrameStep} units`,
    ],
    ["`renderedJumpP50`", `${r.renderedJumpP50} units`, "the median switch's rendered move"],
    [
      "`maxRenderedPop`",
      `${r.maxRenderedPop} units (p99 ${r.renderedPopP99}; ${r.switchesPoppingOver16} switches over 16)`,
      "of a switch's jump, what walking (150 u/s) over the time between the two drawings does not explain (≤ 0: no pop)",
    ],
    [
      "`maxPopAnywhere`",
      `${r.maxPopAnywhere} units (${r.popsOver16Anywhere} frames over 16, ${r.popsOver16OutsideSwitches} of them outside any switch)`,
      "the same for every frame of the walk, switch or not: a stalled stream's hold and return, a render clock's snap (bench/results/zones-pops.json has each such frame's context)",
    ],
    [
      "`renderClockSnaps`",
      `${r.renderClockSnaps} (largest ${r.renderClockSnapMaxTicks} ticks); ${r.redials} links redialled`,
      "render clocks that moved off their slew (0.5–2 times real time): a zone whose time moved more than 1 s",
    ],
    [
      "`ghostBytesPerTick`",
      `${r.ghostBytesPerTick} B`,
      `ghost batch bytes all zones sent their neighbours, per tick (20 Hz) of the run; ${r.linkCalls} link calls, ${r.linkFailures} failed`,
    ],
    [
      "`zoneTickP99MsMax`",
      ms(r.zoneTickP99MsMax),
      "the worst zone's tick p99 in its last load report",
    ],
    [
      "`botFrameGapMsMax`",
      ms(r.botFrameGapMsMax),
      "the walkers' own frame loop (33 ms) at its latest: how far the bench process fell behind",
    ],
  ];
  const table = rows.map(([k, v, what]) => `| ${k} | ${v} | ${what} |`).join("\n");
  return `## Zones (issue 17)

\`npm run bench:zones\` (bench/zones.ts; \`-- --short\`: 8 walkers for 15 s; \`-- --players=N
--seconds=S\`) runs this repository's Worker on \`wrangler dev\` (bundled first, so edits in the
tree do not restart workerd mid-run) and walks ${r.players} bots across the world game's
${r.zones} zones for ${r.seconds} s. Each bot is the world client (client/src/zones/world-client.ts)
over real WebSockets, driven by test/support/zone-walker.ts with the world game's bot policy
(a direction held ~4 s), rendering interpolated state at 30 frames a second and looking at
what its player sees. The zones report what they applied (the stints of world inputs per
account, audited world-wide), the handoffs they timed and the ghost bytes they sent
(\`GET /v1/admin/worlds/:worldId/zones/:zoneId\`). Writes bench/results/zones.json; the design
is in [zones.md](zones.md).

| figure | value | what it counts |
| --- | --- | --- |
${table}

Run ${r.machine.date} on ${r.machine.cores} cores (${r.machine.cpuModel}), shared with other
work: load average ${r.loadAverage.before} before the walk, ${r.loadAverage.after} after. The
bots, wrangler and workerd share those cores, so the times above include waiting for one.`;
}
