// The arena's weapon in two Chromium pages: bob turns his ship until its heading points at
// ada's and presses Space; both pages receive the shot, draw its tracer, count bob's hit, and
// see ada's ship knocked back along it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/debug-handle.js";
import { SHIP_RADIUS, type ShipValues } from "../../games/arena/index.js";
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

/** Opens the demo as `name` in `room` and waits until it has joined. */
async function open(name: string, room: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/?room=${room}&name=${name}`);
  await eventually(
    () => page.evaluate(() => window.edgetick?.room.playerId),
    `${name}'s page joins (errors: ${errors.join("; ")})`,
    20_000,
  );
  return page;
}

function playerIdOf(page: Page): Promise<number> {
  return page.evaluate(() => window.edgetick!.room.playerId);
}

/** The ships `page` holds (authoritative, as received). */
function shipsOf(page: Page): Promise<ShipValues[]> {
  return page.evaluate(() => window.edgetick!.ships());
}

/**
 * Holds `code` for exactly the input ticks of one update of the page (one, unless its frames
 * run late), then waits until the room has applied them: the page's ships then show where
 * the turn left the ship. Done inside the page, so no round trip to the test widens the tap.
 */
function tap(page: Page, code: string): Promise<void> {
  return page.evaluate(async (code) => {
    const { room } = window.edgetick!;
    const session = room.netcode.session;
    const before = session.nextSeq;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    window.dispatchEvent(new KeyboardEvent("keydown", { code }));
    while (session.nextSeq === before) await frame();
    window.dispatchEvent(new KeyboardEvent("keyup", { code }));
    // The inputs sampled so far (the held key's and any before it) are acknowledged by the
    // room once a snapshot carrying their effect has arrived.
    const last = session.nextSeq - 1;
    while (room.netcode.session.ackSeq < last) await frame();
  }, code);
}

/**
 * Turns `shooter`'s ship, one tap at a time, until a shot along its heading passes within
 * half a ship's radius of `target`'s centre. Turns go in steps of 26/1024 of a turn (9.1°),
 * so not every bearing can be met: in a fresh room bob (player 2, at (820, 225) facing the
 * centre, 94.9°) meets ada (player 1, at (672, 567), bearing 113.3°) after two right turns,
 * 0.7 units off her centre.
 */
async function aimAt(shooter: Page, shooterId: number, targetId: number): Promise<void> {
  for (let taps = 0; taps < 16; taps++) {
    const ships = await shipsOf(shooter);
    const me = ships.find((s) => s.owner === shooterId)!;
    const them = ships.find((s) => s.owner === targetId)!;
    const bearing = Math.atan2(them.y - me.y, them.x - me.x);
    const off = Math.atan2(Math.sin(bearing - me.heading), Math.cos(bearing - me.heading));
    const miss = Math.hypot(them.x - me.x, them.y - me.y) * Math.sin(off);
    if (Math.abs(off) < Math.PI / 2 && Math.abs(miss) < SHIP_RADIUS / 2) return;
    // A heading growing turns clockwise on screen: right.
    await tap(shooter, off > 0 ? "ArrowRight" : "ArrowLeft");
  }
  throw new Error("the shooter's turns never pointed at the target");
}

describe("the arena's weapon in the demo", () => {
  it("fires with Space along the heading: both pages draw the shot, count the hit and see the target knocked back", async () => {
    const ada = await open("ada", "browser-weapon");
    const bob = await open("bob", "browser-weapon");
    const adaId = await playerIdOf(ada);
    const bobId = await playerIdOf(bob);
    const adaAt = await eventually(
      async () => (await shipsOf(bob)).find((s) => s.owner === adaId),
      "bob's page shows ada's ship",
    );
    await eventually(
      async () => (await shipsOf(ada)).some((s) => s.owner === bobId),
      "ada's page shows bob's ship",
    );

    await aimAt(bob, bobId, adaId);
    await bob.keyboard.press("Space");

    for (const [name, page] of [
      ["ada", ada],
      ["bob", bob],
    ] as const) {
      const shot = await eventually(
        async () =>
          (await page.evaluate(() => window.edgetick!.shots())).find((s) => s.drawn) ?? false,
        `${name}'s page draws the shot's tracer`,
      );
      expect(shot).toMatchObject({ shooter: bobId, target: adaId });
      await eventually(
        async () => (await page.evaluate(() => window.edgetick!.hits()))[bobId] === 1,
        `${name}'s page counts bob's hit`,
      );
      await expect(
        page.locator(`#players li[data-player-id="${bobId}"]`).textContent(),
      ).resolves.toContain("1 hit");
      // 300 u/s along the shot, decaying: she drifts some 200 units before she stops.
      await eventually(async () => {
        const her = (await shipsOf(page)).find((s) => s.owner === adaId);
        return her !== undefined && Math.hypot(her.x - adaAt.x, her.y - adaAt.y) > 30;
      }, `ada's ship is knocked back on ${name}'s page`);
    }
    await bob.screenshot({ path: join(OUTPUT, "bob-fires.png") });
  });
});
