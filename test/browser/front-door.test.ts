// The demo's front door: one page creates a lobby, a second joins it by code, both ready up,
// the host starts, and both pages end up in the same room.
import type { Browser, Page, WebSocketRoute } from "playwright-core";
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

/**
 * Each page's lobby frames (both ways), errors and refused API calls, for the failure message
 * of a step that waits.
 */
const frames = new Map<Page, string[]>();

/** Each page's latest lobby socket, passed through to the server so a test can drop it. */
const lobbySockets = new Map<Page, WebSocketRoute>();

/**
 * A page signed in as `name`. `latencyMs` adds that much to every request of the page (the
 * lobby socket's handshake too), as a slow link or a busy machine does: a button shown before
 * the page can act on it is then clicked in that gap. FRONT_DOOR_CPU_THROTTLE=n slows each
 * page's CPU n times (to look for more such gaps by hand).
 */
async function open(name: string, latencyMs = 0): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const rate = Number(process.env.FRONT_DOOR_CPU_THROTTLE ?? 1);
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  if (latencyMs > 0) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: latencyMs,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  const lines: string[] = [];
  frames.set(page, lines);
  const opened = Date.now();
  const log = { push: (line: string) => lines.push(`${Date.now() - opened} ms ${line}`) };
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/v1/lobbies/")) return;
    ws.on("framesent", (f) => log.push(`-> ${String(f.payload).slice(0, 120)}`));
    ws.on("framereceived", (f) => log.push(`<- ${String(f.payload).slice(0, 120)}`));
    ws.on("close", () => log.push("closed"));
  });
  await page.routeWebSocket(/\/v1\/lobbies\//, (ws) => {
    ws.connectToServer();
    lobbySockets.set(page, ws);
  });
  page.on("pageerror", (e) => log.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.url().includes("/v1/lobbies")) log.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(`${server.url}/?name=${name}`);
  await page.locator("#create-lobby").waitFor();
  return page;
}

/**
 * `eventually`, whose failure says what each page showed and sent: a lost click shows as a
 * Ready the page never sent, a refused one as an error frame.
 */
async function eventuallyOn<T>(
  pages: Record<string, Page>,
  check: () => Promise<T | undefined | false>,
  what: string,
  ms?: number,
): Promise<T> {
  try {
    return await eventually(check, what, ms);
  } catch (e) {
    const seen: string[] = [];
    for (const [name, page] of Object.entries(pages)) {
      const status = await page.locator("#door-status").textContent();
      const members = await page.locator("#lobby-members li").allTextContents();
      seen.push(`${name}: status "${status}", members ${JSON.stringify(members)}`);
      seen.push(...(frames.get(page) ?? []).map((f) => `  ${f}`));
    }
    throw new Error(`${(e as Error).message}\n${seen.join("\n")}`);
  }
}

const roomOf = (page: Page) => page.evaluate(() => window.edgetick?.room.roomId);

describe("demo front door", () => {
  it("creates a lobby, joins it by code, readies up and starts one game for both pages", async () => {
    const ada = await open("ada");
    // Bob's link is slow: his Ready shows once his join is answered, while his lobby socket
    // still connects, and the test clicks it as soon as it can.
    const bob = await open("bob", 400);
    await ada.click("#create-lobby");
    const code = await eventuallyOn(
      { ada, bob },
      async () => (await ada.locator("#lobby-code-shown").textContent()) || undefined,
      "the lobby code shows",
    );
    await bob.fill("#lobby-code", code);
    await bob.click("#join-lobby");
    await eventuallyOn(
      { ada, bob },
      async () => (await ada.locator("#lobby-members li").count()) === 2,
      "ada sees two members",
    );
    // The server drops ada's lobby socket, as its restart or a deploy drops every socket: her
    // page opens it again, and her Ready works once the lobby answered the new hello.
    await lobbySockets.get(ada)!.close({ code: 1012, reason: "service restart" });
    await ada.click("#ready");
    await bob.click("#ready");
    await eventuallyOn(
      { ada, bob },
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
