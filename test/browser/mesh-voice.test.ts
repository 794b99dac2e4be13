// Voice on the P2P mesh page (demo/mesh.html) in Chromium on wrangler dev: page 1's fake
// microphone plays a 440 Hz tone, page 2's silence; with V held on page 1, page 2 plays the
// tone, carried peer to peer over the mesh's data channels (no room relays it), and nothing
// is sent before the key is down.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../demo/src/mesh/debug-handle.js";
import { launchChromium } from "../support/browser.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

const TONE_HZ = 440;

let server: DevServer;
let toneBrowser: Browser;
let silentBrowser: Browser;
let dir: string;

/** A mono 48 kHz 16-bit WAV of `seconds` of a sine at `hz` and `amplitude` (0: silence). */
function wav(seconds: number, hz: number, amplitude: number): Buffer {
  const n = 48_000 * seconds;
  const b = Buffer.alloc(44 + n * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(48_000, 24);
  b.writeUInt32LE(96_000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    b.writeInt16LE(
      Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / 48_000)),
      44 + i * 2,
    );
  return b;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edgetick-mesh-voice-"));
  writeFileSync(join(dir, "tone.wav"), wav(5, TONE_HZ, 0.5));
  writeFileSync(join(dir, "silence.wav"), wav(5, TONE_HZ, 0));
  const flags = (file: string) => [
    `--use-file-for-fake-audio-capture=${join(dir, file)}`,
    "--autoplay-policy=no-user-gesture-required",
  ];
  [server, toneBrowser, silentBrowser] = await Promise.all([
    startDevServer(),
    launchChromium(flags("tone.wav")),
    launchChromium(flags("silence.wav")),
  ]);
});

afterAll(async () => {
  await Promise.all([toneBrowser?.close(), silentBrowser?.close()]);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
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

/** The loudest frequency `page` plays now (Hz) and its level (dBFS). */
function heard(page: Page): Promise<{ peakHz: number; db: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { ear?: AnalyserNode };
    const voice = window.edgetickMesh!.voice;
    if (!w.ear) {
      w.ear = new AnalyserNode(voice.context, { fftSize: 4096 });
      voice.output.connect(w.ear);
    }
    const ear = w.ear;
    const spectrum = new Float32Array(ear.frequencyBinCount);
    ear.getFloatFrequencyData(spectrum);
    let peak = 0;
    for (let i = 1; i < spectrum.length; i++) if (spectrum[i]! > spectrum[peak]!) peak = i;
    const t = new Float32Array(ear.fftSize);
    ear.getFloatTimeDomainData(t);
    let sum = 0;
    for (const s of t) sum += s * s;
    return {
      peakHz: (peak * ear.context.sampleRate) / ear.fftSize,
      db: sum > 0 ? 10 * Math.log10(sum / t.length) : -200,
    };
  });
}

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
    await heard(listener); // taps the listener's output before anything plays
    // A second of the tone captured with the key up: nothing sent.
    await eventually(
      () => speaker.evaluate(() => window.edgetickMesh!.voice.stats.framesCaptured >= 50),
      "the microphone captures",
    );
    expect((await linkStats(speaker)).framesSent).toBe(0);

    await speaker.keyboard.down("KeyV");
    await eventually(
      async () => {
        const h = await heard(listener);
        return Math.abs(h.peakHz - TONE_HZ) < 25 && h.db > -60;
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
