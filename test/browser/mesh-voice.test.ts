// Voice on the P2P mesh page (demo/mesh.html) in Chromium on wrangler dev: page 1's fake
// microphone plays a 440 Hz tone, page 2's silence; with V held on page 1, page 2 plays the
// tone, carried peer to peer over the mesh's data channels (no room relays it), and nothing
// is sent before the key is down.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/mesh/debug-handle.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import {
  type FakeMicrophones,
  heard,
  isTone,
  launchFakeMicrophones,
} from "../support/fake-microphone.js";

let server: DevServer;
let microphones: FakeMicrophones;
let toneBrowser: Browser;
let silentBrowser: Browser;

beforeAll(async () => {
  [server, microphones] = await Promise.all([startDevServer(), launchFakeMicrophones()]);
  toneBrowser = microphones.tone;
  silentBrowser = microphones.silent;
});

afterAll(async () => {
  await microphones?.close();
  await server?.stop();
});

/** Opens the mesh page in `on` with `query` and waits until it is in its session. */
async function open(on: Browser, name: string, query: string): Promise<Page> {
  const page = await (await on.newContext({ viewport: { width: 1400, height: 800 } })).newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/mesh.html?${query}&name=${name}`, { timeout: 60_000 });
  await eventually(
    () => page.evaluate(() => window.edgetickMesh?.session.peerId),
    `${name}'s page joins (errors: ${errors.join("; ")})`,
    20_000,
  );
  return page;
}

/** The voice counters of `page`'s mesh link. */
const linkStats = (page: Page) =>
  page.evaluate(() => ({ ...window.edgetickMesh!.voiceLink.stats }));

describe("voice on the P2P mesh page", () => {
  it("plays a speaker's tone at a page in range once V is down, sent peer to peer", async () => {
    const speaker = await open(toneBrowser, "p1", "new");
    const sessionId = await speaker.evaluate(() => window.edgetickMesh!.session.sessionId);
    const listener = await open(silentBrowser, "p2", `session=${sessionId}`);
    // Spawn points of peers 1 and 2 are 372 units apart: within the arena's 500.
    await eventually(
      async () =>
        (await speaker.evaluate(() => window.edgetickMesh!.ships().length)) === 2 &&
        (await listener.evaluate(() => window.edgetickMesh!.ships().length)) === 2,
      "each page sees both ships",
      30_000,
    );
    await speaker.evaluate(async () => {
      const voice = window.edgetickMesh!.voice;
      voice.setMode("push-to-talk");
      await voice.enableMicrophone();
    });
    await heard(listener, "edgetickMesh"); // taps the listener's output before anything plays
    // A second of the tone captured with the key up: nothing sent.
    await eventually(
      () => speaker.evaluate(() => window.edgetickMesh!.voice.stats.framesCaptured >= 50),
      "the microphone captures",
    );
    expect((await linkStats(speaker)).framesSent).toBe(0);

    await speaker.keyboard.down("KeyV");
    await eventually(
      async () => {
        return isTone(await heard(listener, "edgetickMesh"));
      },
      "the listener plays 440 Hz",
      15_000,
    );
    await speaker.keyboard.up("KeyV");
    const sent = await linkStats(speaker);
    const got = await linkStats(listener);
    // Every frame spoken went to the one peer in range, and the listener heard what came.
    expect(sent.copiesSent).toBe(sent.framesSent);
    expect(got.framesHeard).toBeGreaterThan(0);
    expect(got.framesHeard).toBe(got.framesIn);
    await Promise.all([speaker.context().close(), listener.context().close()]);
  });
});
