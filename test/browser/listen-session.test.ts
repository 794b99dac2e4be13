// "Host a game" (host.html): a listen server in a browser tab. The host page registers a
// session and runs the arena's room in the page; two peer pages join it with the invite
// link over WebRTC data channels and play (a held key moves a ship on every page). With
// the peers' candidates blocked they fall back to the session relay and still play. When
// the host's page closes, the earliest peer takes over the room and both players keep
// their ids and ships. With a TURN server configured (coturn on 127.0.0.1, the Worker
// issuing REST credentials), a peer whose direct candidates are blocked links through TURN
// before the relay is needed. Every wait is for a state the pages expose, with a deadline.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/host/debug-handle.js";
import { launchChromium } from "../support/browser.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { startTurnServer, type TurnServer } from "../support/turn-server.js";

/** Generous: a wait that runs out means a page is stuck, not that the machine is busy. */
const WAIT_MS = 30_000;

let server: DevServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The server the pages open (the TURN test starts its own). */
let target: () => DevServer = () => server;

/**
 * Opens host.html as `name` (each page its own guest, in its own browser context), or with
 * `frontDoor`, the arena page whose "Host a game" button leads there.
 */
async function open(name: string, query: string, frontDoor = false): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (frontDoor) {
    await page.goto(`${target().url}/?name=${name}`);
    await page.getByRole("button", { name: "Host a game" }).click();
    await page.waitForURL(/\/host(\.html)?$/);
  } else await page.goto(`${target().url}/host.html?name=${name}${query}`);
  await eventually(
    async () => {
      if (errors.length > 0) throw new Error(`${name}'s page failed: ${errors.join("; ")}`);
      const joined = await page.evaluate(() => window.listenSession?.room.playerId);
      if (joined === undefined && (await status(page)).startsWith("could not join"))
        throw new Error(`${name}'s page: ${await status(page)}`);
      return joined;
    },
    `${name}'s page joins`,
    WAIT_MS,
  );
  return page;
}

function status(page: Page): Promise<string> {
  return page
    .evaluate(() => document.getElementById("status")?.textContent ?? "")
    .catch(() => "(closed)");
}

/** What a page knows: role, path, player id, and every ship it mirrors. */
function describePage(page: Page) {
  return page.evaluate(() => {
    const s = window.listenSession!;
    return {
      role: s.role(),
      path: s.path(),
      playerId: s.room.playerId,
      state: s.room.state,
      ships: s.ships(),
      migrations: s.migrations.length,
    };
  });
}

/** Waits until every page mirrors a ship for each of `owners`. */
async function allSee(pages: Page[], owners: number[]): Promise<void> {
  for (const page of pages)
    await eventually(
      async () => {
        const { ships } = await describePage(page);
        return owners.every((o) => ships.some((s) => s.owner === o));
      },
      `a page mirrors the ships of players ${owners.join(", ")}`,
      WAIT_MS,
    );
}

/** Holds thrust on `driver` until every page sees its ship at least `distance` from `from`. */
async function flies(driver: Page, watchers: Page[], distance = 40): Promise<void> {
  const { playerId } = await describePage(driver);
  const start = new Map<Page, { x: number; y: number }>();
  for (const page of watchers) {
    const ship = (await describePage(page)).ships.find((s) => s.owner === playerId)!;
    start.set(page, { x: ship.x, y: ship.y });
  }
  await driver.keyboard.down("ArrowUp");
  try {
    for (const page of watchers)
      await eventually(
        async () => {
          const ship = (await describePage(page)).ships.find((s) => s.owner === playerId);
          const from = start.get(page)!;
          return ship && Math.hypot(ship.x - from.x, ship.y - from.y) >= distance;
        },
        `player ${playerId}'s ship moves on every page`,
        WAIT_MS,
      );
  } finally {
    await driver.keyboard.up("ArrowUp");
  }
}

async function sessionOf(host: Page): Promise<string> {
  return host.evaluate(() => window.listenSession!.sessionId);
}

describe("a listen server in a browser tab", () => {
  it("hosts the arena; two peers join over data channels and play; the host leaves and a peer takes over", async () => {
    const host = await open("host", "", true);
    expect(await describePage(host)).toMatchObject({ role: "host", path: "local" });
    const sessionId = await sessionOf(host);
    const ada = await open("ada", `&session=${sessionId}`);
    const bob = await open("bob", `&session=${sessionId}`);
    const pages = [host, ada, bob];
    const ids = await Promise.all(pages.map(async (p) => (await describePage(p)).playerId));
    expect(new Set(ids).size).toBe(3);
    for (const peer of [ada, bob])
      expect(await describePage(peer)).toMatchObject({ role: "peer", path: "direct" });
    await allSee(pages, ids);
    await flies(ada, pages);
    await flies(host, pages);

    // The host's tab goes away: ada joined first, so ada's page runs the room now.
    await host.close();
    await eventually(
      async () => (await describePage(ada)).role === "host",
      "ada's page takes over the room",
      WAIT_MS,
    );
    for (const peer of [ada, bob])
      await eventually(
        async () => {
          const d = await describePage(peer);
          return d.migrations === 1 && d.state === "resumed";
        },
        "each peer resumes its player on the new host",
        WAIT_MS,
      );
    expect(await describePage(ada)).toMatchObject({ playerId: ids[1], path: "local" });
    expect(await describePage(bob)).toMatchObject({ playerId: ids[2], role: "peer" });
    await allSee([ada, bob], [ids[1]!, ids[2]!]);
    await flies(bob, [ada, bob]);
  });

  it("falls back to the session relay when no direct path opens, and plays on through it", async () => {
    const host = await open("host", "");
    const sessionId = await sessionOf(host);
    const ada = await open("ada", `&session=${sessionId}&relay=1`);
    expect(await describePage(ada)).toMatchObject({ role: "peer", path: "relay" });
    const ids = await Promise.all([host, ada].map(async (p) => (await describePage(p)).playerId));
    await allSee([host, ada], ids);
    await flies(ada, [host, ada]);
    await flies(host, [host, ada]);
  });
});

describe("a listen server with a TURN server configured", () => {
  let turn: TurnServer;
  let withTurn: DevServer;

  beforeAll(async () => {
    turn = await startTurnServer();
    withTurn = await startDevServer({ vars: { TURN_URLS: turn.url, TURN_SECRET: turn.secret } });
    target = () => withTurn;
  });

  afterAll(async () => {
    target = () => server;
    await withTurn?.stop();
    await turn?.stop();
  });

  it("links a peer whose direct candidates are blocked through TURN, with the Worker's credentials, and plays", async () => {
    const host = await open("host", "");
    const sessionId = await sessionOf(host);
    // relay=1 keeps only relay candidates: with TURN in the welcome's ICE servers, those are
    // TURN allocations, so the data channels open through coturn and the session relay is
    // never needed.
    const ada = await open("ada", `&session=${sessionId}&relay=1`);
    expect(await describePage(ada), turn.log().slice(-2000)).toMatchObject({
      role: "peer",
      path: "turn",
    });
    const ids = await Promise.all([host, ada].map(async (p) => (await describePage(p)).playerId));
    await allSee([host, ada], ids);
    await flies(ada, [host, ada]);
  });
});
