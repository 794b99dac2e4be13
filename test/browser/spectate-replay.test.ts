// Spectators and replays in the demo, on wrangler dev: two players play the arena (its page,
// `?room=`), a third page finds their room in the watch page's session list and watches it as
// a spectator: it sees their ships, each state exactly as the players' pages had it for that
// tick, and never earlier than the room's delay allows. Then everyone leaves, the recorded
// match appears in the replay viewer, plays, seeks (each landing exactly on the state the
// players saw at that tick), changes speed and follows a ship. Every wait is for a state the
// pages expose, with a deadline.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/debug-handle.js";
import type {} from "../../demo/src/replays/debug-handle.js";
import type {} from "../../demo/src/watch/debug-handle.js";
import type { ShipValues } from "../../games/arena/index.js";
import { launchChromium } from "../support/browser.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

const OUTPUT = join(import.meta.dirname, "..", "..", "test-output", "browser");
/** Generous: a wait that runs out means a page is stuck, not that the machine is busy. */
const WAIT_MS = 30_000;
const ROOM = "spectate-replay";

/** One state a player's page applied, and when (ms since the epoch, as the pages measure). */
interface LiveState {
  readonly tick: number;
  readonly at: number;
  readonly ships: ShipValues[];
}

/** A window with the recorder this test installs on a player's page. */
type Recording = Window & { liveStates?: LiveState[] };

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

/** A page of its own browser context (its own guest) at `path`, failing on page errors. */
async function page(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  contexts.push(context);
  const p = await context.newPage();
  const errors: string[] = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(`${server.url}${path}`);
  return { page: p, errors };
}

/** A player on the arena page in ROOM; resolves with its page and player id once joined. */
async function player(name: string): Promise<{ page: Page; id: number }> {
  const { page: p, errors } = await page(`/?room=${ROOM}&name=${name}`);
  const id = await eventually(
    async () => {
      if (errors.length > 0) throw new Error(`${name}'s page failed: ${errors.join("; ")}`);
      return p.evaluate(() => window.edgetick?.room.playerId);
    },
    `${name} joins ${ROOM}`,
    WAIT_MS,
  );
  return { page: p, id };
}

describe("spectating and replays in the demo", () => {
  it("watches two players from the session list with the delay, then replays, seeks and follows their recorded match", async () => {
    const ada = await player("ada");
    const bob = await player("bob");
    // Every state ada's page applies, from now on, with its arrival time.
    await ada.page.evaluate(() => {
      const w = window as Recording;
      const states: LiveState[] = [];
      w.liveStates = states;
      w.edgetick!.room.on("snapshot", ({ tick }) => {
        states.push({
          tick,
          at: performance.timeOrigin + performance.now(),
          ships: w.edgetick!.ships(),
        });
      });
    });
    // Both fly: ada thrusts and turns left, bob thrusts and turns right.
    await ada.page.keyboard.down("ArrowUp");
    await ada.page.keyboard.down("ArrowLeft");
    await bob.page.keyboard.down("ArrowUp");
    await bob.page.keyboard.down("ArrowRight");

    // The watcher finds the room in the session list and watches it.
    const { page: watcher, errors } = await page("/watch.html?name=carol");
    const row = watcher.locator(`tr[data-room-id="${ROOM}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await eventually(
      async () => (await row.locator("td").nth(3).textContent()) === "2 / 32",
      "the session list shows the room's two players",
      WAIT_MS,
    );
    await row.getByRole("button", { name: "Watch" }).click();
    const delayTicks = await eventually(
      () => watcher.evaluate(() => window.edgetickWatch?.connection?.delayTicks),
      `the watcher is admitted (errors: ${errors.join("; ")})`,
      WAIT_MS,
    );
    // The room's default delay: 3 s at 30 Hz.
    expect(delayTicks).toBe(90);
    await eventually(
      async () => (await watcher.evaluate(() => window.edgetickWatch!.history().length)) >= 150,
      "the watcher has received 5 s of states",
      WAIT_MS,
    );
    await watcher.screenshot({ path: join(OUTPUT, "watch.png") });

    const keyframeTicks = await watcher.evaluate(
      () => window.edgetickWatch!.connection!.keyframeTicks,
    );
    const watched = await watcher.evaluate(() => window.edgetickWatch!.history());
    const live = await ada.page.evaluate(() => (window as Recording).liveStates!);
    const liveAt = new Map(live.map((s) => [s.tick, s]));
    let compared = 0;
    for (const [i, w] of watched.entries()) {
      // Each state is the one ada's page had at that tick, both ships included.
      const same = liveAt.get(w.tick);
      if (same !== undefined) {
        expect(w.ships).toEqual(same.ships);
        expect(w.ships.map((s) => s.owner).sort()).toEqual([ada.id, bob.id].sort());
        compared++;
      }
      // Never early: the room sends tick T to spectators in the tick it computes T + delay,
      // when ada's page gets T + delay. 250 ms covers ada's page taking its frame later than
      // the watcher (a bug that dropped the delay would be 3 s early). After the start (a
      // keyframe and the deltas since, at once) a state more than 1 s late would be a stall.
      const ahead = liveAt.get(w.tick + delayTicks);
      if (ahead !== undefined) {
        expect(w.at).toBeGreaterThan(ahead.at - 250);
        if (i > keyframeTicks) expect(w.at).toBeLessThan(ahead.at + 1000);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(60);
    const newest = watched.at(-1)!.tick;
    expect(newest).toBeLessThanOrEqual(live.at(-1)!.tick - delayTicks + 8);

    // Follow ada (click her name), then roam.
    await watcher.locator(`button.follow[data-player-id="${ada.id}"]`).click();
    await eventually(
      () =>
        watcher.evaluate(
          (id) =>
            window.edgetickWatch!.connection!.following === id &&
            window.edgetickWatch!.camera().mode === "follow",
          ada.id,
        ),
      "the watcher's camera follows ada",
    );
    await watcher.screenshot({ path: join(OUTPUT, "watch-follow.png") });
    await watcher.getByRole("button", { name: "Roam" }).click();
    await eventually(
      () => watcher.evaluate(() => window.edgetickWatch!.camera().mode === "roam"),
      "the watcher roams",
    );

    // Everyone leaves: the room empties and stores its replay. The watcher opens the viewer.
    await ada.page.keyboard.up("ArrowUp");
    const played = await ada.page.evaluate(() => (window as Recording).liveStates!);
    await ada.page.goto("about:blank");
    await bob.page.goto("about:blank");
    await watcher.goto(`${server.url}/replays.html?name=carol`);
    const replayRow = watcher.locator("#replays tr", { hasText: ROOM });
    await replayRow.waitFor({ timeout: WAIT_MS });
    expect(await replayRow.textContent()).toContain("ada");
    await replayRow.getByRole("button", { name: "Open" }).click();

    // It plays: the position moves and the ships show.
    const state = () => watcher.evaluate(() => window.edgetickReplay!.state());
    const first = await eventually(
      async () => {
        const now = await state();
        return now?.playing === true && now;
      },
      "it plays",
      WAIT_MS,
    );
    await eventually(
      async () => (await state())!.time > first.time + 500,
      "the replay's position moves",
      WAIT_MS,
    );
    expect(await watcher.locator("#players button.follow").allTextContents()).toEqual([
      "ada",
      "bob",
    ]);
    await watcher.screenshot({ path: join(OUTPUT, "replay.png") });

    // Seeks, back and forth, each landing on the state ada's page had at that tick.
    await watcher.getByRole("button", { name: "Pause", exact: true }).click();
    const manifest = await watcher.evaluate(() => {
      const m = window.edgetickReplay!.player!.manifest;
      return { startTick: m.startTick, endTick: m.endTick, tickRate: m.tickRate };
    });
    const playedAt = new Map(played.map((s) => [s.tick, s.ships]));
    const ticks = played.map((s) => s.tick).filter((t) => t <= manifest.endTick);
    const targets = [0.8, 0.2, 0.55, 0.05, 0.95].map(
      (f) => ticks[Math.floor(f * (ticks.length - 1))]!,
    );
    for (const target of targets) {
      const ms = ((target - manifest.startTick) * 1000) / manifest.tickRate;
      await watcher.evaluate((at) => window.edgetickReplay!.seek(at), ms);
      const landed = (await state())!;
      expect(Math.abs(landed.tick - target)).toBeLessThanOrEqual(1);
      expect(await watcher.evaluate(() => window.edgetickReplay!.ships())).toEqual(
        playedAt.get(landed.tick),
      );
    }
    // The slider seeks too (an input event, as dragging sends).
    const seeks = (await state())!.seeks;
    const mid =
      ((ticks[Math.floor(ticks.length / 3)]! - manifest.startTick) * 1000) / manifest.tickRate;
    await watcher.locator("#timeline").evaluate((slider: HTMLInputElement, at) => {
      slider.value = String(Math.round(at));
      slider.dispatchEvent(new Event("input", { bubbles: true }));
    }, mid);
    await eventually(async () => (await state())!.seeks === seeks + 1, "the slider's seek lands");
    const slid = (await state())!;
    expect(Math.abs(slid.time - mid)).toBeLessThan(40);
    expect(await watcher.evaluate(() => window.edgetickReplay!.ships())).toEqual(
      playedAt.get(slid.tick),
    );

    // 4×: 2 s of the match take less than 2 s (about 0.5 s; chunk loads and polling add).
    await watcher.locator("#speed").selectOption("4");
    expect((await state())!.speed).toBe(4);
    const before = { time: (await state())!.time, at: Date.now() };
    await watcher.getByRole("button", { name: "Play", exact: true }).click();
    await eventually(async () => (await state())!.time > before.time + 2000, "4× playback runs");
    expect(Date.now() - before.at).toBeLessThan(2000);

    // Follow bob's ship in the replay.
    await watcher.locator(`button.follow[data-player-id="${bob.id}"]`).click();
    await eventually(
      async () =>
        (await state())!.following === bob.id &&
        (await watcher.evaluate(() => window.edgetickReplay!.camera().mode)) === "follow",
      "the replay's camera follows bob",
    );
    await watcher.screenshot({ path: join(OUTPUT, "replay-follow.png") });
    expect(await watcher.evaluate(() => window.edgetickReplay!.error())).toBeNull();
  });
});
