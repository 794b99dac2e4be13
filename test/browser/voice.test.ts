// Proximity voice in Chromium pages of the arena demo on wrangler dev, with fake capture
// devices playing a generated WAV (a 440 Hz tone, or silence) as each page's microphone. The
// listener's ears are its voice output, tapped with AnalyserNodes: the tone's frequency,
// its level, and its left and right channels apart.
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/debug-handle.js";
import { ARENA_BUTTON, type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { DEV_VARS, readDevVars } from "../../scripts/local-wrangler.mjs";
import { loadKeyRing, signAccessToken } from "../../server/auth/index.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import {
  type FakeMicrophones,
  type Heard,
  heard,
  isSilent,
  isTone,
  launchFakeMicrophones,
} from "../support/fake-microphone.js";
import { signInGuest } from "../support/guest.js";

let server: DevServer;
let microphones: FakeMicrophones;
let browser: Browser;
let silentBrowser: Browser;

beforeAll(async () => {
  [server, microphones] = await Promise.all([startDevServer(), launchFakeMicrophones()]);
  browser = microphones.tone;
  silentBrowser = microphones.silent;
});

afterAll(async () => {
  await microphones?.close();
  await server?.stop();
});

/** Opens the demo as `name` in `room` (in `on`) and waits until it has joined. */
async function open(name: string, room: string, on: Browser = browser): Promise<Page> {
  const page = await (await on.newContext({ viewport: { width: 1400, height: 800 } })).newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // A loaded machine (or wrangler restarting its worker) can take long to serve the page.
  await page.goto(`${server.url}/?room=${room}&name=${name}`, { timeout: 60_000 });
  await eventually(
    () => page.evaluate(() => window.edgetick?.room.playerId),
    `${name}'s page joins (errors: ${errors.join("; ")})`,
    20_000,
  );
  return page;
}

const playerIdOf = (page: Page) => page.evaluate(() => window.edgetick!.room.playerId);

/** Opens the microphone of `page` in `mode`. */
function micOn(page: Page, mode: "push-to-talk" | "voice-activation"): Promise<void> {
  return page.evaluate(async (mode) => {
    const voice = window.edgetick!.voice;
    voice.setMode(mode);
    await voice.enableMicrophone();
  }, mode);
}

/** The microphone counters of `page`. */
function micStats(page: Page) {
  return page.evaluate(() => ({
    ...window.edgetick!.voice.stats,
    talking: window.edgetick!.voice.talking,
  }));
}

/** Frames `page` received from `speaker` so far. */
function received(page: Page, speaker: number): Promise<number> {
  return page.evaluate((id) => window.edgetick!.voice.framesReceived(id), speaker);
}

/**
 * Waits until `page` has received `frames` more frames from `speaker` (or, with `frames` 0,
 * until `until` is true), checking `each` on what it plays at every look: a state held over
 * a second of voice, observed rather than slept through.
 */
async function whileReceiving(
  page: Page,
  speaker: number,
  frames: number,
  each: (h: Heard) => void,
) {
  const from = await received(page, speaker);
  await eventually(
    async () => {
      each(await heard(page));
      return (await received(page, speaker)) >= from + frames;
    },
    `${frames} more frames arrive`,
    15_000,
  );
}

/** A moderator's token, as the server signs one. */
async function moderatorToken(): Promise<string> {
  const guest = await signInGuest(server.url, undefined, "moderator");
  const ring = await loadKeyRing(readDevVars(DEV_VARS).AUTH_KEYS!);
  const subject = { accountId: guest.accountId, roles: ["player", "moderator"] };
  return signAccessToken(ring, subject, { now: Date.now(), ttlS: 900 });
}

/** POST /v1/rooms/:roomId/players/:playerId/mute. */
async function serverMute(room: string, playerId: number, muted: boolean): Promise<void> {
  const res = await fetch(`${server.url}/v1/rooms/${room}/players/${playerId}/mute`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${await moderatorToken()}`,
    },
    body: JSON.stringify({ muted }),
  });
  expect(res.status, await res.text()).toBe(200);
}

describe("proximity voice in the arena demo", () => {
  const room = "browser-voice";
  let ada: Page;
  let bob: Page;
  let adaId: number;

  beforeAll(async () => {
    ada = await open("ada", room);
    bob = await open("bob", room);
    adaId = await playerIdOf(ada);
  });

  afterAll(async () => {
    await Promise.all([ada?.context().close(), bob?.context().close()]);
  });

  it("sends nothing in push-to-talk until V is down; then bob hears ada's tone", async () => {
    await micOn(ada, "push-to-talk");
    // A second of the tone captured with the key up: not one frame sent.
    await eventually(
      async () => (await micStats(ada)).framesCaptured >= 50,
      "ada's mic captures 1 s",
    );
    expect(await micStats(ada)).toMatchObject({ framesSent: 0, talking: false });
    expect(await received(bob, adaId)).toBe(0);

    await ada.keyboard.down("KeyV");
    await eventually(async () => isTone(await heard(bob)), "bob hears a 440 Hz tone", 15_000);
    await ada.keyboard.up("KeyV");
    await eventually(async () => !(await micStats(ada)).talking, "ada's spurt ends on release");
    const sent = (await micStats(ada)).framesSent;
    await eventually(
      async () => (await micStats(ada)).framesCaptured >= 100 + sent,
      "ada's mic runs on",
    );
    expect((await micStats(ada)).framesSent).toBe(sent);
    await eventually(async () => isSilent(await heard(bob)), "bob's output falls silent");
  });

  it("plays a locally muted speaker as silence while its frames still arrive", async () => {
    await ada.evaluate(() => window.edgetick!.voice.setMode("voice-activation"));
    await eventually(
      async () => isTone(await heard(bob)),
      "bob hears ada by voice activation",
      15_000,
    );
    await bob.evaluate((id) => window.edgetick!.voice.setPlayerMuted(id, true), adaId);
    await eventually(async () => isSilent(await heard(bob)), "bob's output falls silent");
    await whileReceiving(bob, adaId, 50, (h) => expect(isSilent(h)).toBe(true));
    await bob.evaluate((id) => window.edgetick!.voice.setPlayerMuted(id, false), adaId);
    await eventually(async () => isTone(await heard(bob)), "bob hears ada again", 15_000);
  });

  it("stops a speaker muted by a moderator: she sends nothing, bob hears silence and sees it", async () => {
    await serverMute(room, adaId, true);
    await eventually(
      () => ada.evaluate(() => window.edgetick!.voice.serverMuted),
      "ada's page learns",
    );
    await eventually(async () => !(await micStats(ada)).talking, "ada stops sending");
    await eventually(
      () => bob.evaluate((id) => window.edgetick!.voice.mutedPlayers.has(id), adaId),
      "bob's page learns",
    );
    await eventually(async () => isSilent(await heard(bob)), "bob's output falls silent");
    const sent = (await micStats(ada)).framesSent;
    const got = await received(bob, adaId);
    await eventually(
      async () => (await micStats(ada)).framesCaptured >= 50 + sent,
      "a second of tone",
    );
    expect((await micStats(ada)).framesSent).toBe(sent);
    expect(await received(bob, adaId)).toBe(got);
    expect(isSilent(await heard(bob))).toBe(true);
    await expect(
      bob.locator(`#players li[data-player-id="${adaId}"] .voice-muted`).count(),
    ).resolves.toBe(1);

    await serverMute(room, adaId, false);
    await eventually(async () => isTone(await heard(bob)), "bob hears ada once unmuted", 15_000);
  });

  it("pans ada's tone from bob's left to his right as her ship flies past him", async () => {
    // ada (player 1) spawns at (672, 567), below-left of bob (player 2) at (820, 225); bob
    // faces up the screen. Thrust carries her up-right along her heading, past bob's right.
    const bobX = (await bob.evaluate(() => window.edgetick!.ships())).find(
      (s) => s.owner !== adaId,
    )!.x;
    await eventually(async () => {
      const h = await heard(bob);
      return isTone(h) && h.leftDb > h.rightDb + 3;
    }, "bob hears ada on his left");
    await ada.evaluate((b) => window.edgetick!.room.setInput({ buttons: b }), ARENA_BUTTON.THRUST);
    await eventually(
      async () =>
        (await bob.evaluate(() => window.edgetick!.ships())).find((s) => s.owner === adaId)!.x >
        bobX + 100,
      "ada's ship passes bob's right",
    );
    await ada.evaluate((b) => window.edgetick!.room.setInput({ buttons: b }), ARENA_BUTTON.REVERSE);
    await eventually(async () => {
      const h = await heard(bob);
      return isTone(h) && h.rightDb > h.leftDb + 3;
    }, "bob hears ada on his right");
    await ada.evaluate(() => window.edgetick!.room.setInput({ buttons: 0 }));
  });
});

describe("voice beyond the hearing radius, in silence, and refused", () => {
  it("relays nothing to a listener outside the hearing radius", async () => {
    // Players 1–5 in order; eve (5, at (1125, 243)) is 556 units from ada (1), beyond the
    // arena's 500, and 306 from bob (2). Only eve needs a page (a microphone): the others
    // are clients in this process, counting the voice frames their room relays to them.
    const room = "browser-voice-radius";
    const url = roomUrl(server.url, room);
    const clients: RoomConnection<ArenaInput>[] = [];
    const frames = new Map<number, number>();
    for (const name of ["ada", "bob", "cy", "dan"]) {
      const token = (await signInGuest(server.url)).accessToken;
      const client = await connect({ url, game: arenaGame, name, token });
      client.on("voice", () => frames.set(client.playerId, (frames.get(client.playerId) ?? 0) + 1));
      clients.push(client);
    }
    const eve = await open("eve", room);
    expect(await playerIdOf(eve)).toBe(5);
    await micOn(eve, "voice-activation");
    await eventually(() => (frames.get(2) ?? 0) >= 100, "bob receives 2 s of eve", 20_000);
    expect(frames.get(1)).toBeUndefined();
    expect((await micStats(eve)).framesSent).toBeGreaterThanOrEqual(100);
    for (const c of clients) c.close();
    await eve.context().close();
  });

  it("sends nothing by voice activation while the microphone hears silence", async () => {
    const page = await open("quiet", "browser-voice-silence", silentBrowser);
    await micOn(page, "voice-activation");
    await eventually(
      async () => (await micStats(page)).framesCaptured >= 150,
      "3 s of silence captured",
    );
    expect(await micStats(page)).toMatchObject({ framesSent: 0, talking: false });
  });

  it("refuses with a typed error when the microphone is refused or Opus is missing", async () => {
    const page = await open("refused", "browser-voice-errors", silentBrowser);
    const attempt = () =>
      page.evaluate(async () => {
        try {
          await window.edgetick!.voice.enableMicrophone();
          return "opened";
        } catch (e) {
          const v = e as { name: string; code: string; retryable: boolean };
          return { name: v.name, code: v.code, retryable: v.retryable };
        }
      });
    // The user says no: getUserMedia rejects as browsers do.
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
    });
    expect(await attempt()).toEqual({
      name: "VoiceError",
      code: "microphone_denied",
      retryable: true,
    });
    // A browser without an Opus encoder.
    await page.evaluate(() => {
      AudioEncoder.isConfigSupported = async (config) => ({ supported: false, config });
    });
    expect(await attempt()).toEqual({
      name: "VoiceError",
      code: "codec_unsupported",
      retryable: false,
    });
    await page.context().close();
  });
});
