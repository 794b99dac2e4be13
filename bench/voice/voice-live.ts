// bench:voice, part 2: voice through a real room. `wrangler dev` on loopback and headless
// Chromium pages of the arena demo, whose fake microphones play a WAV: ada (player 1) talks
// by voice activation over a steady 440 Hz tone, bob (player 2, 372 units away, inside the
// hearing radius) listens. Mouth to ear, per frame: from the capture of its first sample
// (the microphone's read of the frame's last 10 ms, minus the frame's 20 ms) on ada's page
// to the moment bob's audio output plays its first sample (the frame's scheduled start on
// bob's AudioContext, mapped to wall time with getOutputTimestamp, so the output latency
// the browser reports is included). Both pages' clocks are wall time (timeOrigin + now()).
// A third page, in a browser whose microphone plays silence, counts the frames voice
// activation sends in silence.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { startDevServer } from "../peer/live/dev-server.js";
import { toneWav } from "./tone-wav.js";

/** What the live part measured. */
export interface VoiceLiveFigures {
  /** Mouth-to-ear latency samples, ms, sorted. */
  readonly latencyMs: number[];
  /** Of it, capture to arrival at the listener's page (encoding, the room, the sockets), sorted. */
  readonly toArrivalMs: number[];
  /** Of it, arrival to the ear (jitter buffer, decoding, scheduling, output), sorted. */
  readonly arrivalToEarMs: number[];
  /** Client → room bytes per second of talk (VOICE frames with their 4-byte headers). */
  readonly bytesPerSecondPerSpeaker: number;
  /** Mean Opus packet, bytes. */
  readonly meanPacketBytes: number;
  /** Frames sent by voice activation while the microphone captured `silentFrames` of silence. */
  readonly framesSentInSilence: number;
  readonly silentFrames: number;
  /** The listener's jitter buffer at the end: target delay and counters. */
  readonly jitter: {
    targetDelayMs: number;
    concealed: number;
    dropped: number;
    shed: number;
    late: number;
  };
}

/**
 * What the bench reads of a demo page: `(globalThis as unknown as DemoPage).edgetick` (demo/src/debug-handle.ts, here
 * without the DOM types the bench compiles without) and the arrays it fills.
 */
interface DemoPage {
  edgetick?: {
    room: {
      playerId: number;
      on(event: "voice", f: (m: { speaker: number; seq: number }) => void): void;
    };
    voice: {
      stats: { framesCaptured: number; framesSent: number; bytesSent: number };
      setMode(mode: "voice-activation"): void;
      enableMicrophone(): Promise<void>;
      on(event: "sent", f: (x: { seq: number; capturedAt: number; end: boolean }) => void): void;
      on(event: "played", f: (x: { playerId: number; seq: number; at: number }) => void): void;
      jitterOf(id: number):
        | {
            targetDelayMs: number;
            stats: { concealed: number; dropped: number; shed: number; late: number };
          }
        | undefined;
    };
  };
  sent: [number, number][];
  played: [number, number][];
  arrived: [number, number][];
}

async function launch(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.EDGETICK_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url, { timeout: 90_000 });
  await page.waitForFunction(
    () => (globalThis as unknown as DemoPage).edgetick?.room.playerId,
    undefined,
    { timeout: 60_000 },
  );
  return page;
}

/** Runs the live part: `frames` frames of talk measured after a second of warm-up. */
export async function voiceLive(frames: number): Promise<VoiceLiveFigures> {
  const dir = mkdtempSync(join(tmpdir(), "edgetick-bench-voice-"));
  writeFileSync(join(dir, "tone.wav"), toneWav(5, 440, 0.5));
  writeFileSync(join(dir, "silence.wav"), toneWav(5, 440, 0));
  const server = await startDevServer();
  const browsers: Browser[] = [];
  try {
    const talking = await launch(join(dir, "tone.wav"));
    const quiet = await launch(join(dir, "silence.wav"));
    browsers.push(talking, quiet);
    const ada = await open(talking, `${server.url}/?room=bench-voice&name=ada`);
    const bob = await open(talking, `${server.url}/?room=bench-voice&name=bob`);
    const adaId = await ada.evaluate(
      () => (globalThis as unknown as DemoPage).edgetick!.room.playerId,
    );
    await ada.evaluate(() => {
      const w = globalThis as unknown as DemoPage;
      w.sent = [];
      (globalThis as unknown as DemoPage).edgetick!.voice.on("sent", (f) => {
        if (!f.end) w.sent.push([f.seq, performance.timeOrigin + f.capturedAt]);
      });
    });
    await bob.evaluate((id) => {
      const w = globalThis as unknown as DemoPage;
      w.played = [];
      w.arrived = [];
      w.edgetick!.room.on("voice", (m) => {
        if (m.speaker === id) w.arrived.push([m.seq, performance.timeOrigin + performance.now()]);
      });
      (globalThis as unknown as DemoPage).edgetick!.voice.on("played", (p) => {
        if (p.playerId === id) w.played.push([p.seq, performance.timeOrigin + p.at]);
      });
    }, adaId);
    await ada.evaluate(async () => {
      const voice = (globalThis as unknown as DemoPage).edgetick!.voice;
      voice.setMode("voice-activation");
      await voice.enableMicrophone();
    });
    // A second of warm-up (the codecs' start), then the measured frames.
    const playedCount = () => bob.evaluate(() => (globalThis as unknown as DemoPage).played.length);
    await bob.waitForFunction(
      () => (globalThis as unknown as DemoPage).played.length >= 50,
      undefined,
      { timeout: 60_000 },
    );
    const from = await ada.evaluate(() => ({
      ...(globalThis as unknown as DemoPage).edgetick!.voice.stats,
    }));
    const skip = await playedCount();
    await bob.waitForFunction(
      (n) => (globalThis as unknown as DemoPage).played.length >= n,
      skip + frames,
      { timeout: 120_000 },
    );
    const to = await ada.evaluate(() => ({
      ...(globalThis as unknown as DemoPage).edgetick!.voice.stats,
    }));
    const sent = new Map(await ada.evaluate(() => (globalThis as unknown as DemoPage).sent));
    const played = (await bob.evaluate(() => (globalThis as unknown as DemoPage).played)).slice(
      skip,
    );
    const latencyMs = played
      .filter(([seq]) => sent.has(seq))
      .map(([seq, at]) => at - sent.get(seq)!)
      .sort((a, b) => a - b);
    const arrived = new Map(await bob.evaluate(() => (globalThis as unknown as DemoPage).arrived));
    const matched = played.filter(([seq]) => sent.has(seq) && arrived.has(seq));
    const toArrivalMs = matched
      .map(([seq]) => arrived.get(seq)! - sent.get(seq)!)
      .sort((a, b) => a - b);
    const arrivalToEarMs = matched.map(([seq, at]) => at - arrived.get(seq)!).sort((a, b) => a - b);
    const jitter = await bob.evaluate((id) => {
      const j = (globalThis as unknown as DemoPage).edgetick!.voice.jitterOf(id)!;
      return {
        targetDelayMs: j.targetDelayMs,
        concealed: j.stats.concealed,
        dropped: j.stats.dropped,
        shed: j.stats.shed,
        late: j.stats.late,
      };
    }, adaId);
    const talkSeconds = ((to.framesCaptured - from.framesCaptured) * 20) / 1000;
    const sentFrames = to.framesSent - from.framesSent;
    const bytes = to.bytesSent - from.bytesSent;

    const still = await open(quiet, `${server.url}/?room=bench-voice-silence&name=quiet`);
    await still.evaluate(async () => {
      const voice = (globalThis as unknown as DemoPage).edgetick!.voice;
      voice.setMode("voice-activation");
      await voice.enableMicrophone();
    });
    await still.waitForFunction(
      () => (globalThis as unknown as DemoPage).edgetick!.voice.stats.framesCaptured >= 500,
      undefined,
      { timeout: 60_000 },
    );
    const silent = await still.evaluate(() => ({
      ...(globalThis as unknown as DemoPage).edgetick!.voice.stats,
    }));
    return {
      latencyMs,
      toArrivalMs,
      arrivalToEarMs,
      bytesPerSecondPerSpeaker: bytes / talkSeconds,
      meanPacketBytes: (bytes - 4 * sentFrames) / sentFrames,
      framesSentInSilence: silent.framesSent,
      silentFrames: silent.framesCaptured,
      jitter,
    };
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
