// The demo's front door: one page creates a lobby, a second joins it by code, both ready up,
// the host starts, and both pages end up in the same room.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/debug-handle.js";
import { launchChromium } from "../support/browser.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/?name=${name}`);
  await page.locator("#create-lobby").waitFor();
  return page;
}

const roomOf = (page: Page) => page.evaluate(() => window.edgetick?.room.roomId);

describe("demo front door", () => {
  it("creates a lobby, joins it by code, readies up and starts one game for both pages", async () => {
    const ada = await open("ada");
    const bob = await open("bob");
    await ada.click("#create-lobby");
    const code = await eventually(
      async () => (await ada.locator("#lobby-code-shown").textContent()) || undefined,
      "the lobby code shows",
    );
    await bob.fill("#lobby-code", code);
    await bob.click("#join-lobby");
    await eventually(
      async () => (await ada.locator("#lobby-members li").count()) === 2,
      "ada sees two members",
    );
    await ada.click("#ready");
    await bob.click("#ready");
    await eventually(
      async () => (await ada.locator('#lobby-members li[data-ready="true"]').count()) === 2,
      "both ready",
    );
    expect(await bob.locator("#start").isHidden()).toBe(true);
    await ada.click("#start");
    const adaRoom = await eventually(() => roomOf(ada), "ada joins the game", 20_000);
    const bobRoom = await eventually(() => roomOf(bob), "bob joins the game", 20_000);
    expect(adaRoom).toBe(bobRoom);
    expect(adaRoom).toBe(`lobby-${code}-1`);
    await eventually(
      async () => (await ada.locator("#players li").count()) === 2,
      "ada's page lists both players",
    );
  });
});
