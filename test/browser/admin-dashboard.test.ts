// The operator dashboard (/admin) on wrangler dev. A guest who is not an admin gets the
// server's refusal in words and no chart. An admin (an access token with the admin role,
// signed with the development key ring as the server signs one) opens the page, four bots
// play a short arena session, and the page — without a reload — plots it: each chart's data,
// as handed to uPlot, is exactly what GET /v1/admin/metrics answers, mapped by the test's
// own table. A screenshot of the charts is kept in test-output/browser/admin-dashboard.png.
// Every wait is for a state the page or the API exposes, with a deadline.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChartData } from "../../demo/src/admin/chart-data.js";
import type {} from "../../demo/src/admin/debug-handle.js";
import { runBots } from "../../packages/bots/index.js";
import { DEV_VARS, readDevVars } from "../../scripts/local-wrangler.mjs";
import { loadKeyRing, signAccessToken } from "../../server/auth/index.js";
import { launchChromium } from "../support/browser.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";

const OUTPUT = join(import.meta.dirname, "..", "..", "test-output", "browser");
/** Generous: a wait that runs out means a page or the metering is stuck, not a busy machine. */
const WAIT_MS = 60_000;
const ROOM = "admin-dashboard";

/**
 * What each chart must plot, by chart id: the metrics series in legend order, written here
 * independently of the page's own table (demo/src/admin/admin-charts.ts).
 */
const EXPECTED_CHARTS: Readonly<Record<string, readonly [label: string, series: string][]>> = {
  "rooms-players": [
    ["rooms", "rooms"],
    ["players", "players"],
  ],
  "tick-time": [["tick p99 (ms)", "tickMsP99"]],
  bandwidth: [
    ["in (bytes/s)", "bytesInPerSecond"],
    ["out (bytes/s)", "bytesOutPerSecond"],
  ],
  matchmaking: [
    ["queue length", "queueLength"],
    ["time to match, mean (ms)", "timeToMatchMs"],
  ],
  incidents: [
    ["sign-in failures", "signInFailures"],
    ["cheat flags", "cheatFlags"],
  ],
  cost: [["cost (USD/h)", "costUsdPerHour"]],
};

/** The answer of GET /v1/admin/metrics, as raw JSON. */
interface MetricsBody {
  readonly minutes: number[];
  readonly series: Record<string, (number | null)[]>;
}

let server: DevServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
  await server?.stop();
});

/** A page of its own browser context (its own guest) at `path`, recording page errors. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

/** An access token with the admin role for a real (guest) account, as the server signs one. */
async function adminToken(): Promise<string> {
  const guest = await signInGuest(server.url, undefined, "operator");
  // wrangler dev signs with .dev.vars (created from .dev.vars.example by startDev).
  const ring = await loadKeyRing(readDevVars(DEV_VARS).AUTH_KEYS!);
  const subject = { accountId: guest.accountId, roles: ["player", "admin"] };
  return signAccessToken(ring, subject, { now: Date.now(), ttlS: 900 });
}

/** GET /v1/admin/metrics?minutes=60 as `token`; fails clearly while the route is missing. */
async function metrics(token: string): Promise<MetricsBody> {
  const res = await fetch(`${server.url}/v1/admin/metrics?minutes=60`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (res.status === 404)
    throw new Error(
      "GET /v1/admin/metrics answered 404: the metrics route (issue 16, the lead's) has not landed on this server",
    );
  if (!res.ok) throw new Error(`GET /v1/admin/metrics: ${res.status} ${await res.text()}`);
  return (await res.json()) as MetricsBody;
}

/** What every chart must plot for `body`: x in Unix seconds, then each series as answered. */
function expectedCharts(body: MetricsBody): Record<string, ChartData> {
  const x = body.minutes.map((ms) => ms / 1000);
  return Object.fromEntries(
    Object.entries(EXPECTED_CHARTS).map(([id, lines]) => [
      id,
      {
        labels: lines.map(([label]) => label),
        data: [x, ...lines.map(([, key]) => body.series[key]!)],
      },
    ]),
  );
}

const plotted = (page: Page) => page.evaluate(() => window.edgetickAdmin?.charts() ?? {});

describe("the operator dashboard", () => {
  it("refuses a guest who is not an admin: says so, and draws no chart", async () => {
    const { page, errors } = await open("/admin");
    const state = await eventually(
      async () => {
        if (errors.length > 0) throw new Error(`the page failed: ${errors.join("; ")}`);
        const s = await page.evaluate(() => window.edgetickAdmin?.state());
        return s !== undefined && s !== "signing-in" && s;
      },
      "the dashboard hears from the metrics route",
      WAIT_MS,
    );
    const shown = await page.evaluate(() => window.edgetickAdmin?.message() ?? "");
    expect(state, shown).toBe("not-admin");
    const refusal = page.locator("#refusal");
    expect(await refusal.isVisible()).toBe(true);
    expect(await refusal.textContent()).toContain("This account is not an admin");
    expect(await refusal.textContent()).toContain("403 forbidden");
    expect(await plotted(page)).toEqual({});
    expect(await page.locator(".uplot").count()).toBe(0);
    expect(await page.locator("#charts").isVisible()).toBe(false);
  });

  it("plots a scripted session live, each chart exactly as GET /v1/admin/metrics answers it", async () => {
    const token = await adminToken();
    // Fails here, naming the route, until the metrics route exists.
    await metrics(token);
    const { page, errors } = await open(`/admin?every=1#token=${token}`);
    const failed = () => {
      if (errors.length > 0) throw new Error(`the page failed: ${errors.join("; ")}`);
    };
    await eventually(
      async () => {
        failed();
        const s = await page.evaluate(() => window.edgetickAdmin?.state());
        if (s !== undefined && s !== "signing-in" && s !== "live")
          throw new Error(
            `the page stopped: ${await page.evaluate(() => window.edgetickAdmin?.message())}`,
          );
        return s === "live";
      },
      "the dashboard draws as an admin",
      WAIT_MS,
    );
    // The fragment is dropped from the address bar once read (the token stays in the tab).
    expect(new URL(page.url()).hash).toBe("");
    expect(await page.locator(".uplot").count()).toBe(Object.keys(EXPECTED_CHARTS).length);
    const before = await page.evaluate(() => window.edgetickAdmin!.updates());

    // The scripted session: four bots play one arena room for 5 s, then leave (the room
    // empties, stops ticking and flushes its usage).
    const report = await runBots({
      url: server.url,
      game: "arena",
      bots: 4,
      seconds: 5,
      room: ROOM,
      threads: 1,
    });
    expect(report.connected).toBe(4);
    expect(report.failed).toBe(0);

    // The open page plots the session without a reload: players and rooms appear.
    await eventually(
      async () => {
        failed();
        const charts = await plotted(page);
        const [, rooms, players] = charts["rooms-players"]?.data ?? [];
        return rooms?.some((v) => (v ?? 0) > 0) && players?.some((v) => (v ?? 0) >= 4);
      },
      "the rooms-and-players chart shows the bots' room and its 4 players",
      WAIT_MS,
    );
    expect(await page.evaluate(() => window.edgetickAdmin!.updates())).toBeGreaterThan(before);

    // Each chart plots what the route answers. The page polls every second and the current
    // minute may still change (a late flush), so compare until one poll and one read agree.
    let last: { page: unknown; api: unknown } = { page: null, api: null };
    await eventually(
      async () => {
        failed();
        const api = expectedCharts(await metrics(token));
        const drawn = await plotted(page);
        last = { page: drawn, api };
        return JSON.stringify(drawn) === JSON.stringify(api);
      },
      "the page plots what GET /v1/admin/metrics answers",
      WAIT_MS,
    ).catch((e: Error) => {
      expect(last.page, e.message).toEqual(last.api);
      throw e;
    });
    const answer = await metrics(token);
    expect(answer.minutes.length).toBeGreaterThanOrEqual(60);
    expect(Math.max(...answer.series.players!.map((v) => v ?? 0))).toBeGreaterThanOrEqual(4);
    expect(answer.series.bytesOutPerSecond!.some((v) => (v ?? 0) > 0)).toBe(true);

    await page.locator("#charts").screenshot({ path: join(OUTPUT, "admin-dashboard.png") });
  }, 180_000);
});
