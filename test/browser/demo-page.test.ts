// Two Chromium pages open the demo; keys pressed in one move its ship in both.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/debug-handle.js";
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

/** What the page's connection knows, read through the demo's debug handle. */
function view(page: Page) {
  return page.evaluate(() => {
    const room = window.edgetick?.room;
    if (!room) return undefined;
    return {
      playerId: room.playerId,
      players: [...room.players.values()],
      ships: window.edgetick!.ships(),
    };
  });
}

async function open(name: string, room = "browser-demo"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/?room=${room}&name=${name}`);
  await eventually(
    async () => (await view(page))?.playerId,
    `${name}'s page joins (errors: ${errors.join("; ")})`,
    20_000,
  );
  return page;
}

function shipOf(ships: ShipValues[], playerId: number): ShipValues | undefined {
  return ships.find((s) => s.owner === playerId);
}

describe("demo page", () => {
  it("shows both players, and a key pressed in one page moves its ship in both", async () => {
    const ada = await open("ada");
    const bob = await open("bob");
    await eventually(
      async () => (await view(ada))?.players.length === 2,
      "ada's page lists two players",
    );
    expect(await ada.locator("#players li").count()).toBe(2);
    expect(await ada.locator("#players").textContent()).toContain("bob");
    expect(await ada.locator("#status").textContent()).toMatch(/^connected as ada/);

    const adaId = (await view(ada))!.playerId;
    const start = await eventually(
      async () => shipOf((await view(bob))!.ships, adaId),
      "bob's page shows ada's ship",
    );

    await ada.keyboard.down("ArrowUp");
    // Thrust accelerates at 600 units/s²: within half a second the ship is > 30 units away.
    const moved = (ships: ShipValues[]) => {
      const s = shipOf(ships, adaId);
      return s !== undefined && Math.hypot(s.x - start.x, s.y - start.y) > 30;
    };
    await eventually(async () => moved((await view(bob))!.ships), "ada's ship moves on bob's page");
    await eventually(async () => moved((await view(ada))!.ships), "ada's ship moves on ada's page");
    await ada.keyboard.up("ArrowUp");

    await ada.screenshot({ path: join(OUTPUT, "ada.png") });
    await bob.screenshot({ path: join(OUTPUT, "bob.png") });
  });

  it("pings the map with a click: the other page shows the ping where it was clicked", async () => {
    const ada = await open("ada", "browser-ping");
    const bob = await open("bob", "browser-ping");
    const adaId = (await view(ada))!.playerId;
    // The canvas is 1600 × 900 arena units scaled by CSS: a click at 25% / 50% of its box is
    // the spot (400, 450).
    const box = (await ada.locator("#arena").boundingBox())!;
    await ada.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.5);
    const ping = await eventually(async () => {
      const pings = await bob.evaluate(() => window.edgetick!.pings());
      return pings.length > 0 && pings;
    }, "bob's page shows ada's ping");
    expect(ping).toEqual([{ player: adaId, x: 400, y: 450 }]);
    await bob.screenshot({ path: join(OUTPUT, "bob-ping.png") });
  });

  it("zooms the view with Z: the other ship leaves the page's world and comes back", async () => {
    // A fresh room's players 1 and 2 spawn 372 units apart.
    const ada = await open("ada", "browser-zoom");
    const bob = await open("bob", "browser-zoom");
    const bobId = (await view(bob))!.playerId;
    await eventually(async () => shipOf((await view(ada))!.ships, bobId), "ada sees bob's ship");
    // 2000 → 600 → 300 units.
    await ada.keyboard.press("KeyZ");
    await ada.keyboard.press("KeyZ");
    await eventually(
      async () => !shipOf((await view(ada))!.ships, bobId),
      "bob's ship leaves ada's view",
    );
    await ada.screenshot({ path: join(OUTPUT, "ada-zoomed.png") });
    await ada.keyboard.press("KeyZ");
    await eventually(async () => shipOf((await view(ada))!.ships, bobId), "bob's ship is back");
  });
});
