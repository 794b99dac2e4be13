// Microphone capture: getUserMedia with the browser's echo cancellation, noise suppression
// and gain control requested, read through a MediaStreamTrackProcessor (Chromium; it hands
// AudioData of ~10 ms without an AudioContext, so capture needs no user gesture and runs in
// a background tab), cut into mono frames of exactly `frameMs`.

import { microphoneError, VOICE_ERROR, VoiceError } from "./voice-error.js";

/** Options of the microphone. */
export interface MicrophoneOptions {
  /** A device from `navigator.mediaDevices.enumerateDevices()`; default: the system's. */
  deviceId?: string;
  /** @default true */
  echoCancellation?: boolean;
  /** @default true */
  noiseSuppression?: boolean;
  /** @default true */
  autoGainControl?: boolean;
}

/** One captured frame: mono samples in [−1, 1] and when its last sample was read (ms). */
export type FrameListener = (
  samples: Float32Array<ArrayBuffer>,
  sampleRate: number,
  readAt: number,
) => void;

/** Chromium's MediaStreamTrackProcessor, which TypeScript's DOM library does not declare. */
interface TrackProcessor {
  readonly readable: ReadableStream<AudioData>;
}
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack }) => TrackProcessor;

/** An open microphone, delivering frames until {@link close}. */
export class Microphone {
  readonly #stream: MediaStream;
  readonly #reader: ReadableStreamDefaultReader<AudioData>;
  #closed = false;

  private constructor(stream: MediaStream, reader: ReadableStreamDefaultReader<AudioData>) {
    this.#stream = stream;
    this.#reader = reader;
  }

  /**
   * Asks for the microphone and starts delivering `frameMs` frames to `onFrame`.
   * @throws VoiceError `microphone_denied`, `microphone_unavailable` or `unsupported_browser`
   */
  static async open(
    frameMs: number,
    onFrame: FrameListener,
    options: MicrophoneOptions = {},
  ): Promise<Microphone> {
    const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor })
      .MediaStreamTrackProcessor;
    if (!globalThis.navigator?.mediaDevices?.getUserMedia || !Processor)
      throw new VoiceError(
        VOICE_ERROR.UNSUPPORTED_BROWSER,
        "microphone capture needs getUserMedia and MediaStreamTrackProcessor (a secure context in a Chromium browser)",
      );
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
          channelCount: 1,
          echoCancellation: options.echoCancellation ?? true,
          noiseSuppression: options.noiseSuppression ?? true,
          autoGainControl: options.autoGainControl ?? true,
        },
      });
    } catch (e) {
      throw microphoneError(e);
    }
    const track = stream.getAudioTracks()[0]!;
    const reader = new Processor({ track }).readable.getReader();
    const mic = new Microphone(stream, reader);
    void mic.#pump(frameMs, onFrame);
    return mic;
  }

  /** The settings the browser applied (whether echo cancellation really is on, the rate…). */
  get settings(): MediaTrackSettings {
    return this.#stream.getAudioTracks()[0]?.getSettings() ?? {};
  }

  /** Stops capture and releases the device. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#reader.cancel().catch(() => {});
    for (const t of this.#stream.getTracks()) t.stop();
  }

  /** Reads AudioData and hands on whole frames (the first channel; voice is mono). */
  async #pump(frameMs: number, onFrame: FrameListener): Promise<void> {
    let frame: Float32Array<ArrayBuffer> | undefined;
    let filled = 0;
    let scratch = new Float32Array(0);
    while (!this.#closed) {
      const { value, done } = await this.#reader
        .read()
        .catch(() => ({ value: undefined, done: true }));
      if (done || !value) break;
      const rate = value.sampleRate;
      const size = Math.round((rate * frameMs) / 1000);
      if (!frame || frame.length !== size) {
        frame = new Float32Array(size);
        filled = 0;
      }
      const n = value.numberOfFrames;
      if (scratch.length < n) scratch = new Float32Array(n);
      value.copyTo(scratch, { planeIndex: 0, format: "f32-planar", frameCount: n });
      value.close();
      const readAt = performance.now();
      for (let i = 0; i < n; ) {
        const take = Math.min(n - i, size - filled);
        frame.set(scratch.subarray(i, i + take), filled);
        filled += take;
        i += take;
        if (filled === size) {
          // The listener owns the frame: a new buffer for the next.
          onFrame(frame, rate, readAt);
          frame = new Float32Array(size);
          filled = 0;
        }
      }
    }
  }
}
