// Four Chromium pages play one P2P session of the arena on the mesh page (demo/mesh.html):
// each flies its own ship and sees the other three move, over WebRTC data channels; with
// `?relay=1` on one page, that page's links go through the session's relay and the four
// still play.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/mesh/debug-handle.js";
import type { ShipValues } from "../../games/arena/index.js";
import { launchChromium } from "../support/browser.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

const OUTPUT = join(import.meta.dirname, "..", "..", "test-output", "browser");

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What a page knows, read through its debug handle. */
function view(page: Page) {
  return page.evaluate(() => {
    const mesh = window.edgetickMesh;
    if (!mesh) return undefined;
    return {
      peerId: mesh.session.peerId,
      sessionId: mesh.session.sessionId,
      ships: mesh.ships(),
      peers: mesh.peers(),
    };
  });
}

type View = NonNullable<Awaited<ReturnType<typeof view>>>;

/** Opens the mesh page with `query` and waits until it is in its session. */
async function open(name: string, query: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/mesh.html?${query}&name=${name}`);
  await eventually(async () => (await view(page))?.peerId, `${name}'s page joins`, 20_000).catch(
    async (e: Error) => {
      const status = await page.locator("#status").textContent();
      throw new Error(`${e.message} (status: ${status}; errors: ${errors.join("; ")})`);
    },
  );
  return page;
}

/** Page 1 starts a session and three more join it; `relay` pages block direct paths. */
async function fourPages(relay: ReadonlySet<number>): Promise<Page[]> {
  const flag = (n: number) => (relay.has(n) ? "&relay=1" : "");
  const first = await open("p1", `new${flag(1)}`);
  const { sessionId } = (await view(first))!;
  expect(sessionId).toMatch(/^ls_/);
  const pages = [first];
  for (const n of [2, 3, 4]) pages.push(await open(`p${n}`, `session=${sessionId}${flag(n)}`));
  return pages;
}

/** Every page's view once each sees four ships and every link to the other three is joined. */
function meshed(pages: readonly Page[], ms: number): Promise<View[]> {
  return eventually(
    async () => {
      const views = await Promise.all(pages.map((p) => view(p)));
      const ok = views.every(
        (v) =>
          v !== undefined &&
          v.ships.map((s) => s.owner).join() === "1,2,3,4" &&
          v.peers.length === 3 &&
          v.peers.every((p) => p.ready && p.openMs !== undefined),
      );
      return ok && (views as View[]);
    },
    "every page sees four ships over three joined links",
    ms,
  );
}

function shipOf(ships: readonly ShipValues[], owner: number): ShipValues | undefined {
  return ships.find((s) => s.owner === owner);
}

/** Every page thrusts; each page then sees each ship over 30 units from where it was. */
async function flyAndWatch(pages: readonly Page[], before: readonly View[]): Promise<void> {
  // Each page's own ship, from its own view: the truth its owner holds.
  const start = new Map(before.map((v) => [v.peerId, shipOf(v.ships, v.peerId)!]));
  for (const p of pages) await p.keyboard.down("ArrowUp");
  // Thrust accelerates at 600 units/s²: within half a second a ship is > 30 units away.
  const moved = (ships: readonly ShipValues[]) =>
    [...start].every(([owner, s0]) => {
      const s = shipOf(ships, owner);
      return s !== undefined && Math.hypot(s.x - s0.x, s.y - s0.y) > 30;
    });
  await eventually(
    async () => (await Promise.all(pages.map((p) => view(p)))).every((v) => v && moved(v.ships)),
    "every page sees all four ships move",
  );
  for (const p of pages) await p.keyboard.up("ArrowUp");
}

/**
 * Waits until `page`'s peer list holds `count` items matching `selector`. The list redraws four
 * times a second (demo/src/mesh/main.ts), while the debug handle reads the links live: what
 * {@link meshed} saw, the list shows at its next redraw, later still on a busy page.
 */
function listed(page: Page, selector: string, count: number): Promise<boolean> {
  return eventually(
    async () => (await page.locator(selector).count()) === count,
    `the peer list shows ${count} × ${selector}`,
  );
}

/** The links each page made, for the record (test-output/browser). */
function writeLinks(file: string, views: readonly View[]): void {
  const links = views.map((v) => ({ peerId: v.peerId, peers: v.peers }));
  writeFileSync(join(OUTPUT, file), `${JSON.stringify(links, null, 2)}\n`);
}

describe("P2P mesh page", () => {
  it("four pages each see the other three ships and see them move, over data channels", async () => {
    const pages = await fourPages(new Set());
    const views = await meshed(pages, 30_000);
    for (const v of views) {
      expect(v.peers.map((p) => [p.peerId, p.path, p.state])).toEqual(
        [1, 2, 3, 4].filter((id) => id !== v.peerId).map((id) => [id, "direct", "open"]),
      );
    }
    await flyAndWatch(pages, views);
    await listed(pages[0]!, "#peers li", 4);
    await listed(pages[0]!, '#peers li[data-path="direct"]', 3);
    writeLinks("mesh-direct-links.json", views);
    for (const [i, page] of pages.entries())
      await page.screenshot({ path: join(OUTPUT, `mesh-p${i + 1}.png`) });
    await Promise.all(pages.map((p) => p.context().close()));
  });

  it("relays every link of a page that blocks direct paths, and the four pages still play", async () => {
    // Page 2 accepts the links of pages 3 and 4 and makes its own to page 1: both ends of a
    // link fall back when either blocks.
    const pages = await fourPages(new Set([2]));
    // Each blocked link waits out its offerer's 5 s direct attempt before the relay.
    const views = await meshed(pages, 40_000);
    for (const v of views)
      for (const p of v.peers) {
        const relayed = v.peerId === 2 || p.peerId === 2;
        expect([v.peerId, p.peerId, p.path]).toEqual([
          v.peerId,
          p.peerId,
          relayed ? "relay" : "direct",
        ]);
        if (relayed) expect(p.fallbackMs).toBeGreaterThan(0);
      }
    const relayPage = pages[1]!;
    await listed(relayPage, '#peers li[data-path="relay"]', 3);
    expect(await relayPage.locator("#status").textContent()).toContain("relay only");
    await flyAndWatch(pages, views);
    writeLinks("mesh-relay-links.json", views);
    await relayPage.screenshot({ path: join(OUTPUT, "mesh-relay-p2.png") });
    await Promise.all(pages.map((p) => p.context().close()));
  });
});
