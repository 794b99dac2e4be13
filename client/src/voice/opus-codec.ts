// Opus through WebCodecs: an encoder for the microphone and a decoder per speaker. The
// codec runs off the main thread; outputs come back in order through callbacks.

import { VOICE_ERROR, VoiceError } from "./voice-error.js";

/** What the encoder is configured with. */
export interface OpusEncoderConfig {
  /** Input sample rate, Hz (the microphone's; Opus resamples internally). */
  readonly sampleRate: number;
  /** Target bitrate, bits per second. */
  readonly bitrate: number;
  /** Frame duration, ms: one packet per frame. */
  readonly frameMs: number;
}

/** The sample rate voice is decoded and played at (Opus' native rate). */
export const VOICE_SAMPLE_RATE = 48_000;

function codecs(): { Encoder: typeof AudioEncoder; Decoder: typeof AudioDecoder } {
  const g = globalThis as {
    AudioEncoder?: typeof AudioEncoder;
    AudioDecoder?: typeof AudioDecoder;
  };
  if (!g.AudioEncoder || !g.AudioDecoder)
    throw new VoiceError(
      VOICE_ERROR.UNSUPPORTED_BROWSER,
      "voice needs WebCodecs (AudioEncoder and AudioDecoder, in a secure context)",
    );
  return { Encoder: g.AudioEncoder, Decoder: g.AudioDecoder };
}

function encoderConfig(c: OpusEncoderConfig): AudioEncoderConfig {
  return {
    codec: "opus",
    sampleRate: c.sampleRate,
    numberOfChannels: 1,
    bitrate: c.bitrate,
    // frameDuration is in µs; "voip" tunes Opus for speech.
    opus: { frameDuration: c.frameMs * 1000, application: "voip", signal: "voice" },
  } as AudioEncoderConfig;
}

const DECODER_CONFIG: AudioDecoderConfig = {
  codec: "opus",
  sampleRate: VOICE_SAMPLE_RATE,
  numberOfChannels: 1,
};

/**
 * Checks that this browser can encode and decode Opus with `config`.
 * @throws VoiceError `unsupported_browser` or `codec_unsupported`
 */
export async function checkOpusSupport(config: OpusEncoderConfig): Promise<void> {
  const { Encoder, Decoder } = codecs();
  const [enc, dec] = await Promise.all([
    Encoder.isConfigSupported(encoderConfig(config)),
    Decoder.isConfigSupported(DECODER_CONFIG),
  ]).catch((cause: unknown) => {
    throw new VoiceError(VOICE_ERROR.CODEC_UNSUPPORTED, "Opus configuration refused", { cause });
  });
  if (!enc.supported)
    throw new VoiceError(
      VOICE_ERROR.CODEC_UNSUPPORTED,
      `this browser cannot encode Opus at ${config.sampleRate} Hz, ${config.bitrate} bit/s`,
    );
  if (!dec.supported)
    throw new VoiceError(VOICE_ERROR.CODEC_UNSUPPORTED, "this browser cannot decode Opus");
}

/**
 * Encodes a microphone's frames. One encoder serves every spurt (creating one takes a
 * browser 100–200 ms, which would delay each spurt's first packet): {@link flush} ends a
 * spurt, and the timestamps given with the frames come back with their packets, which
 * tells the spurts' packets apart.
 */
export class OpusEncoder {
  readonly #encoder: AudioEncoder;
  readonly config: OpusEncoderConfig;

  /**
   * @param onPacket each Opus packet, in order, with the timestamp (µs) of its first frame
   * @param onError the encoder failed (it is closed: create another)
   */
  constructor(
    config: OpusEncoderConfig,
    onPacket: (packet: Uint8Array, timestampUs: number) => void,
    onError: (e: VoiceError) => void,
  ) {
    const { Encoder } = codecs();
    this.config = config;
    this.#encoder = new Encoder({
      output: (chunk) => {
        const packet = new Uint8Array(chunk.byteLength);
        chunk.copyTo(packet);
        onPacket(packet, chunk.timestamp);
      },
      error: (cause) =>
        onError(new VoiceError(VOICE_ERROR.CODEC_FAILED, "Opus encoder failed", { cause })),
    });
    this.#encoder.configure(encoderConfig(config));
  }

  /** Whether the encoder still takes frames. */
  get usable(): boolean {
    return this.#encoder.state === "configured";
  }

  /** Encodes one frame of mono samples (exactly frameMs long), stamped `timestampUs`. */
  encode(samples: Float32Array<ArrayBuffer>, timestampUs: number): void {
    if (!this.usable) return;
    const data = new AudioData({
      format: "f32-planar",
      sampleRate: this.config.sampleRate,
      numberOfFrames: samples.length,
      numberOfChannels: 1,
      timestamp: timestampUs,
      data: samples,
    });
    this.#encoder.encode(data);
    data.close();
  }

  /** Emits every packet of the frames given so far (the encoder pads the last one). */
  async flush(): Promise<void> {
    if (this.usable) await this.#encoder.flush().catch(() => {});
  }

  close(): void {
    if (this.#encoder.state !== "closed") this.#encoder.close();
  }
}

/** Decodes one speaker's packets to 48 kHz mono, in order. */
export class OpusDecoder {
  readonly #decoder: AudioDecoder;
  #timestamp = 0;

  /** @param onSamples the decoded samples of each packet, in the order they were given */
  constructor(onSamples: (samples: Float32Array) => void, onError: (e: VoiceError) => void) {
    const { Decoder } = codecs();
    this.#decoder = new Decoder({
      output: (data) => {
        const samples = new Float32Array(data.numberOfFrames);
        data.copyTo(samples, { planeIndex: 0, format: "f32-planar" });
        data.close();
        onSamples(samples);
      },
      error: (cause) =>
        onError(new VoiceError(VOICE_ERROR.CODEC_FAILED, "Opus decoder failed", { cause })),
    });
    this.#decoder.configure(DECODER_CONFIG);
  }

  /** Whether the decoder can still take packets. */
  get usable(): boolean {
    return this.#decoder.state === "configured";
  }

  /** Decodes one packet; its samples come to `onSamples`. */
  decode(packet: Uint8Array): void {
    // Timestamps only order the chunks; 20 ms steps are as good as any.
    this.#decoder.decode(
      new EncodedAudioChunk({ type: "key", timestamp: this.#timestamp, data: packet }),
    );
    this.#timestamp += 20_000;
  }

  close(): void {
    if (this.#decoder.state !== "closed") this.#decoder.close();
  }
}
