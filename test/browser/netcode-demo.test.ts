// The demo page over a simulated 200 ms each-way link (?lag=400): a key press moves the
// local ship on the very next drawn frame (prediction), and the other page shows that ship
// moving smoothly (interpolation), measured on the positions each page drew frame by frame.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/debug-handle.js";
import type { TracedFrame } from "../../demo/src/frame-trace.js";
import { MAX_SPEED } from "../../games/arena/index.js";
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
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/?room=browser-netcode&name=${name}&lag=400&jitter=20`);
  await eventually(
    async () => page.evaluate(() => window.edgetick?.room.playerId),
    `${name}'s page joins (errors: ${errors.join("; ")})`,
    20_000,
  );
  return page;
}

/** Frames drawn since `since` (performance.now() of that page). */
function framesSince(page: Page, since: number): Promise<TracedFrame[]> {
  return page.evaluate((t) => window.edgetick!.frames.filter((f) => f.at > t), since);
}

function shipIn(frame: TracedFrame, owner: number): [number, number] | undefined {
  const s = frame.ships.find(([o]) => o === owner);
  return s && [s[1], s[2]];
}

describe("demo netcode over a simulated 200 ms link", () => {
  it("moves the local ship on the next frame after a key press, and the remote view follows smoothly", async () => {
    const ada = await open("ada");
    const bob = await open("bob");
    const adaId = await ada.evaluate(() => window.edgetick!.room.playerId);
    // Both pages draw ada's ship and ada's netgraph shows the simulated link.
    await eventually(
      async () => (await framesSince(bob, 0)).at(-1)?.ships.some(([o]) => o === adaId),
      "bob's page draws ada's ship",
    );
    expect(await ada.locator("#netgraph").isVisible()).toBe(true);
    await eventually(
      async () => ((await ada.evaluate(() => window.edgetick!.room.stats?.rtt)) ?? 0) >= 400,
      "ada measures the simulated round trip",
    );

    // The page's own clock at the keydown, taken by a listener that runs before the demo's.
    await ada.evaluate(() =>
      window.addEventListener(
        "keydown",
        () => {
          (window as { pressedAt?: number }).pressedAt = performance.now();
        },
        { capture: true, once: true },
      ),
    );
    await ada.keyboard.down("ArrowUp");
    const pressedAt = await ada.evaluate(() => (window as { pressedAt?: number }).pressedAt!);
    await eventually(async () => (await framesSince(ada, pressedAt)).length >= 2, "ada draws");
    const all = await framesSince(ada, 0);
    const before = all.filter((f) => f.at <= pressedAt).at(-1)!;
    const next = all.find((f) => f.at > pressedAt)!;
    const [x0, y0] = shipIn(before, adaId)!;
    const [x1, y1] = shipIn(next, adaId)!;
    // Predicted: the ship moved on the first frame after the press, 400 ms before the room
    // could answer.
    expect(Math.hypot(x1 - x0, y1 - y0)).toBeGreaterThan(0);

    const bobStart = await bob.evaluate(() => performance.now());
    await new Promise((r) => setTimeout(r, 2500));
    await ada.keyboard.up("ArrowUp");
    const seen = await framesSince(bob, bobStart);
    const path = seen
      .map((f) => [f.at, ...(shipIn(f, adaId) ?? [Number.NaN, Number.NaN])] as const)
      .filter(([, x]) => !Number.isNaN(x));
    expect(path.length).toBeGreaterThan(30);
    const [, sx, sy] = path[0]!;
    const [, ex, ey] = path.at(-1)!;
    expect(Math.hypot(ex - sx, ey - sy)).toBeGreaterThan(100);
    // Smooth: no frame jumps further than 2.5 × what MAX_SPEED allows over its time step,
    // +1 unit for rounding. The slack: the render clock slews by ≤ 10%, and when the page's
    // timers hiccup past the 100 ms extrapolation cap the ship holds, then catches up over
    // recoveryMs (100 ms) at up to about twice its speed. A snap or a teleport (a stalled
    // ship jumping ahead in one frame) breaks it.
    for (let i = 1; i < path.length; i++) {
      const [t0, ax, ay] = path[i - 1]!;
      const [t1, bx, by] = path[i]!;
      const step = Math.hypot(bx - ax, by - ay);
      expect(step, `frame ${i}: ${step} units in ${t1 - t0} ms`).toBeLessThanOrEqual(
        MAX_SPEED * ((t1 - t0) / 1000) * 2.5 + 1,
      );
    }
  });
});
