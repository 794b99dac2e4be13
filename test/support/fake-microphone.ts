// Chromium with a fake microphone, and an ear on a page's voice output, for the voice browser
// tests: each browser's capture device plays a generated WAV (a 440 Hz tone, or silence), and
// `heard` taps what a page plays with AnalyserNodes — its loudest frequency and the level of
// each channel apart, so a test can tell the tone, silence, and where the tone sits.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.js";

/** The tone the speaking browser's microphone plays. */
export const TONE_HZ = 440;

/** Two browsers: one whose microphone plays the tone, one whose microphone is silent. */
export interface FakeMicrophones {
  readonly tone: Browser;
  readonly silent: Browser;
  close(): Promise<void>;
}

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

/** Launches the tone browser and the silent one (Chromium loops the file as capture). */
export async function launchFakeMicrophones(): Promise<FakeMicrophones> {
  const dir = mkdtempSync(join(tmpdir(), "edgetick-microphone-"));
  writeFileSync(join(dir, "tone.wav"), wav(5, TONE_HZ, 0.5));
  writeFileSync(join(dir, "silence.wav"), wav(5, TONE_HZ, 0));
  // Listeners play without a click (the demo pages resume audio on one).
  const flags = (file: string) => [
    `--use-file-for-fake-audio-capture=${join(dir, file)}`,
    "--autoplay-policy=no-user-gesture-required",
  ];
  const [tone, silent] = await Promise.all([
    launchChromium(flags("tone.wav")),
    launchChromium(flags("silence.wav")),
  ]);
  return {
    tone,
    silent,
    async close() {
      await Promise.all([tone.close(), silent.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a page plays now: the loudest frequency (Hz), and each channel's RMS level (dBFS). */
export interface Heard {
  readonly peakHz: number;
  readonly leftDb: number;
  readonly rightDb: number;
}

/** The page global whose `voice` is the voice chat to listen to (arena or mesh page). */
export type VoiceGlobal = "edgetick" | "edgetickMesh";

/** Taps the voice output of `page` (once) and reads what it plays. */
export function heard(page: Page, global: VoiceGlobal = "edgetick"): Promise<Heard> {
  return page.evaluate((name) => {
    type Ears = { mix: AnalyserNode; left: AnalyserNode; right: AnalyserNode };
    const w = window as unknown as Record<string, unknown> & { ears?: Ears };
    if (!w.ears) {
      const voice = (w[name] as { voice: { context: AudioContext; output: AudioNode } }).voice;
      const ctx = voice.context;
      const split = new ChannelSplitterNode(ctx, { numberOfOutputs: 2 });
      const ears: Ears = {
        mix: new AnalyserNode(ctx, { fftSize: 4096 }),
        left: new AnalyserNode(ctx, { fftSize: 4096 }),
        right: new AnalyserNode(ctx, { fftSize: 4096 }),
      };
      voice.output.connect(ears.mix);
      voice.output.connect(split);
      split.connect(ears.left, 0);
      split.connect(ears.right, 1);
      w.ears = ears;
    }
    const { mix, left, right } = w.ears;
    const spectrum = new Float32Array(mix.frequencyBinCount);
    mix.getFloatFrequencyData(spectrum);
    let peak = 0;
    for (let i = 1; i < spectrum.length; i++) if (spectrum[i]! > spectrum[peak]!) peak = i;
    const db = (a: AnalyserNode) => {
      const t = new Float32Array(a.fftSize);
      a.getFloatTimeDomainData(t);
      let sum = 0;
      for (const s of t) sum += s * s;
      return sum > 0 ? 10 * Math.log10(sum / t.length) : -200;
    };
    return {
      peakHz: (peak * mix.context.sampleRate) / mix.fftSize,
      leftDb: db(left),
      rightDb: db(right),
    };
  }, global);
}

/** Whether `h` is the tone: its frequency (within a bin or two of 11.7 Hz) and audible. */
export const isTone = (h: Heard): boolean =>
  Math.abs(h.peakHz - TONE_HZ) < 25 && Math.max(h.leftDb, h.rightDb) > -60;

/** Whether `h` is silence. */
export const isSilent = (h: Heard): boolean => Math.max(h.leftDb, h.rightDb) < -90;
