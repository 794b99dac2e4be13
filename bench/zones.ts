// npm run bench:zones: bots walk across the world game's 4×4 zones on wrangler dev (this
// repository's Worker: every zone a GameRoom object, neighbours talking by RPC, the world's
// WorldState object) and the run is judged from both ends. The bots (test/support/zone-walker.ts)
// report what a player would see — handoffs, frames without or with two of their avatar,
// the rendered jump at a switch, how long after crossing the handoff line the switch came —
// and the zones report what they did: the stints of world inputs each applied per account
// (GET /v1/admin/worlds/:worldId/zones/:zoneId), audited world-wide for inputs lost or applied
// twice, each handoff's commit → adoption time (handoffMs: the avatar's authority in flight
// between the two objects) and the ghost bytes they sent each other. A zone that emptied
// keeps these in its storage, so an evicted zone still answers. Writes
// bench/results/zones.json.
//
//   npm run bench:zones               # 32 walkers, 60 s
//   npm run bench:zones -- --short    # 8 walkers, 15 s (development)
//   npm run bench:zones -- --players=16 --seconds=30

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type InputStint, zoneInputAudit } from "../durable-objects/game-room/zone-input-ledger.js";
import { WORLD_TICK_RATE, worldGame } from "../games/world/index.js";
import { mulberry32 } from "../shared/random/mulberry32.js";
import { ZoneGrid } from "../shared/zones/zone-grid.js";
import { ZoneWalker } from "../test/support/zone-walker.js";
import { adminToken } from "./load/admin-session.js";
import { withSection } from "./report/doc-sections.js";
import { machineInfo } from "./report/machine.js";
import { ZONES_SECTION, zonesSection } from "./zones/zones-doc.js";
import { startZonesServer } from "./zones/zones-server.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SHORT = process.argv.includes("--short");
/** `--name=value` from the command line, as a number. */
function flag(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
}
const PLAYERS = flag("players") ?? (SHORT ? 8 : 32);
const DURATION_MS = (flag("seconds") ?? (SHORT ? 15 : 60)) * 1000;
/** Frame period of the bots' render loop, ms (30 frames a second). */
const FRAME_MS = 1000 / 30;
const WORLD = `bench-${Date.now().toString(36)}`;

const grid = new ZoneGrid(worldGame.zones.grid);

async function joinWorld(url: string, i: number): Promise<ZoneWalker> {
  const name = `walker-${i}`;
  // Each bot signs in from its own address: sign-ins are limited per address.
  const address = `10.77.${i >> 8}.${i & 255}`;
  const signIn = await fetch(`${url}/v1/auth/guest`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": address },
    body: JSON.stringify({ deviceId: `zones-${WORLD}-${i}`, name }),
  });
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const res = await fetch(`${url}/v1/worlds/${WORLD}/join`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`join ${name}: ${res.status} ${await res.text()}`);
  const placed = (await res.json()) as { zoneId: string; ticket: string };
  const walker = new ZoneWalker(url, WORLD, name, mulberry32(1000 + i));
  walker.start(placed.zoneId, placed.ticket);
  return walker;
}

interface ZoneFiguresBody {
  zoneId: string;
  tick: number;
  ghostBytesSent: number;
  links: { calls: number; failures: number; staleGhosts: number };
  stints: InputStint[];
  handoffMs: number[];
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (v: number | null, digits = 1) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const server = await startZonesServer();
  try {
    // The admin's roles are written with `wrangler d1 execute` on the server's database:
    // before the walk, as under load the rooms' own writes hold it (SQLITE_BUSY).
    const token = await adminToken(server.url, server.persistTo);
    const walkers: ZoneWalker[] = [];
    for (let i = 0; i < PLAYERS; i++) walkers.push(await joinWorld(server.url, i));
    console.error(`${walkers.length} walkers joined world ${WORLD}`);
    const started = performance.now();
    const loadBefore = loadavg()[0]!;
    // The bots' own frame loop: a late frame is this process (or the machine) falling behind.
    let lastFrame = started;
    let maxFrameGapMs = 0;
    await new Promise<void>((resolve) => {
      const loop = setInterval(() => {
        const now = performance.now();
        maxFrameGapMs = Math.max(maxFrameGapMs, now - lastFrame);
        lastFrame = now;
        for (const w of walkers) w.frame(now);
        if (now - started >= DURATION_MS) {
          clearInterval(loop);
          resolve();
        }
      }, FRAME_MS);
    });
    const seconds = (performance.now() - started) / 1000;
    // Read while the walkers are still in: a zone's stints live in its running object.
    const zones: ZoneFiguresBody[] = [];
    for (const zoneId of grid.ids) {
      const res = await fetch(`${server.url}/v1/admin/worlds/${WORLD}/zones/${zoneId}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (res.ok) zones.push((await res.json()) as ZoneFiguresBody);
      else await res.body?.cancel();
    }
    const world = (await (await fetch(`${server.url}/v1/worlds/${WORLD}`)).json()) as {
      zones: { zoneId: string; tickP99Ms: number | null }[];
    };
    for (const w of walkers) w.close();
    const audit = zoneInputAudit(zones.flatMap((z) => z.stints));
    const f = walkers.map((w) => w.figures);
    const sum = (pick: (x: (typeof f)[number]) => number) => f.reduce((n, x) => n + pick(x), 0);
    // Authority in flight: the zone a player left sent the commit → the adoption came back.
    const handoffMs = zones.flatMap((z) => z.handoffMs);
    const crossingMs = f.flatMap((x) => x.crossingToSwitchMs);
    const ticketMs = f.flatMap((x) => x.ticketToSwitchMs);
    const jumps = f.flatMap((x) => x.switchJumps);
    const pops = f.flatMap((x) => x.switchPops);
    const ghostBytes = zones.reduce((n, z) => n + z.ghostBytesSent, 0);
    // Every frame of every walker, not only the switches: pops and render-clock snaps.
    const logs = walkers.map((w) => ({ walker: w.name, ...w.log.figures }));
    const snaps = logs.flatMap((l) => l.snaps);
    const tickP99s = world.zones.map((z) => z.tickP99Ms).filter((v): v is number => v !== null);
    const results = {
      bench: "zones",
      short: SHORT,
      machine: machineInfo(),
      players: PLAYERS,
      zones: grid.ids.length,
      zonesRun: zones.length,
      seconds: round(seconds),
      tickets: sum((x) => x.tickets),
      handoffs: sum((x) => x.handoffs),
      lostInputs: audit.lost,
      accountsLosingInputs: audit.accountsLosing,
      largestInputGap: audit.largestGap,
      duplicatedInputs: audit.duplicated,
      inputsApplied: audit.applied,
      duplicatedEntities: sum((x) => x.duplicatedFrames),
      missingEntities: sum((x) => x.missingFrames),
      framesObserved: sum((x) => x.frames),
      handoffMsP50: round(percentile(handoffMs, 50)),
      handoffMsP99: round(percentile(handoffMs, 99)),
      handoffsTimed: handoffMs.length,
      crossingToSwitchMsP50: round(percentile(crossingMs, 50)),
      crossingToSwitchMsP99: round(percentile(crossingMs, 99)),
      ticketToSwitchMsP50: round(percentile(ticketMs, 50)),
      ticketToSwitchMsP99: round(percentile(ticketMs, 99)),
      maxRenderedJump: round(jumps.length ? Math.max(...jumps) : 0, 2),
      // What a switch moves the avatar beyond its walk in that frame's time (≤ 0: none).
      maxRenderedPop: round(pops.length ? Math.max(...pops) : 0, 2),
      renderedJumpP50: round(percentile(jumps, 50), 2),
      renderedPopP99: round(percentile(pops, 99), 2),
      // Switches whose pop is past one zone's handoff margin (16 units): visible as a jump.
      switchesPoppingOver16: pops.filter((p) => p > 16).length,
      maxFrameStep: round(Math.max(0, ...f.map((x) => x.maxFrameStep)), 2),
      // Any frame's step beyond its walk, switch or not; frames past 16 units, and of them
      // those outside a switch's watch (test/support/zone-frame-log.ts).
      maxPopAnywhere: round(Math.max(0, ...logs.map((l) => l.maxPop)), 2),
      popsOver16Anywhere: logs.reduce((n, l) => n + l.pops.length, 0),
      popsOver16OutsideSwitches: logs.reduce(
        (n, l) => n + l.pops.filter((p) => !p.atSwitch).length,
        0,
      ),
      // Render clocks that moved off their ±10% slew (a snap), and the largest, in ticks.
      renderClockSnaps: snaps.length,
      renderClockSnapMaxTicks: round(Math.max(0, ...snaps.map((x) => Math.abs(x.ticks))), 2),
      redials: logs.reduce((n, l) => n + l.redials, 0),
      // World-wide: every zone's ghost batches to its neighbours, per tick of the run.
      ghostBytesPerTick: round(ghostBytes / (seconds * WORLD_TICK_RATE)),
      ghostBytesTotal: ghostBytes,
      linkCalls: zones.reduce((n, z) => n + z.links.calls, 0),
      linkFailures: zones.reduce((n, z) => n + z.links.failures, 0),
      staleGhostBatches: zones.reduce((n, z) => n + z.links.staleGhosts, 0),
      zoneTickP99MsMax: round(tickP99s.length ? Math.max(...tickP99s) : null, 2),
      botFrameGapMsMax: round(maxFrameGapMs),
      // The machine's 1-minute load average before and after the walk (2 cores here).
      loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
    };
    const out = join(ROOT, "bench/results/zones.json");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    // What each pop's frames looked like, for reading (not a figure of record).
    const context = logs.filter((l) => l.pops.length > 0 || l.snaps.length > 0);
    writeFileSync(
      join(ROOT, "bench/results/zones-pops.json"),
      `${JSON.stringify(context, null, 2)}\n`,
    );
    // A full run writes its section of docs/benchmarks.md; a shorter one only the results.
    if (!SHORT && PLAYERS === 32 && DURATION_MS === 60_000) {
      const doc = join(ROOT, "docs/benchmarks.md");
      const page = existsSync(doc) ? readFileSync(doc, "utf8") : "# Benchmarks\n";
      writeFileSync(doc, withSection(page, ZONES_SECTION, zonesSection(results)));
    }
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } catch (e) {
    // What the server said is the first thing to read when a run fails.
    console.error(server.log().slice(-4000));
    throw e;
  } finally {
    await server.stop();
  }
}

await main();
