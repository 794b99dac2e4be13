// The send side: frames of a talk spurt go through one Opus encoder, their packets out
// numbered in order; when the spurt ends the encoder is flushed and a bare END frame closes
// it. Each spurt's frames are stamped from a base far from the previous spurt's, so a packet
// tells which spurt it belongs to even when the next spurt starts before the flush is done.

import type { VoiceFrame } from "../../../shared/protocol/voice-messages.js";
import { OpusEncoder, type OpusEncoderConfig } from "./opus-codec.js";
import type { VoiceError } from "./voice-error.js";
import { voiceSeqAdd } from "./voice-seq.js";

/** A frame as sent, for statistics and latency measurement. */
export interface SentVoiceFrame {
  readonly seq: number;
  /** Bytes on the wire: the 4-byte header and the Opus packet. */
  readonly bytes: number;
  /** When the frame's first sample was captured (performance.now() ms); NaN for END. */
  readonly capturedAt: number;
  readonly end: boolean;
}

/** Header bytes of a client VOICE frame: type, seq u16, flags. */
const VOICE_HEADER_BYTES = 4;
/** Timestamp distance between two spurts' first frames, µs (an hour: no spurt is longer). */
const SPURT_STRIDE_US = 3_600_000_000;

/** One talk spurt on its way out. */
interface Spurt {
  readonly channel: number;
  /** Timestamp of its first frame, µs. */
  readonly base: number;
  readonly frameUs: number;
  /** Capture times of the frames given to the encoder, in order. */
  readonly captured: number[];
  /** Packets sent. */
  packets: number;
}

/** Encodes and sends one player's talk spurts. */
export class VoiceSender {
  readonly #send: (frame: VoiceFrame) => void;
  readonly #sent: (frame: SentVoiceFrame) => void;
  readonly #error: (e: VoiceError) => void;
  #encoder: OpusEncoder | undefined;
  /** Spurts not closed yet, oldest first; the last one may be running. */
  readonly #open: Spurt[] = [];
  #current: Spurt | undefined;
  #nextBase = 0;
  #seq = 0;

  constructor(
    send: (frame: VoiceFrame) => void,
    sent: (frame: SentVoiceFrame) => void,
    error: (e: VoiceError) => void,
  ) {
    this.#send = send;
    this.#sent = sent;
    this.#error = error;
  }

  /** Whether a spurt is being captured. */
  get talking(): boolean {
    return this.#current !== undefined;
  }

  /** Starts a spurt on `channel`, encoded with `config`. */
  start(config: OpusEncoderConfig, channel: number): void {
    if (this.#current) return;
    const e = this.#encoder;
    if (
      !e?.usable ||
      e.config.sampleRate !== config.sampleRate ||
      e.config.bitrate !== config.bitrate
    ) {
      e?.close();
      this.#encoder = new OpusEncoder(
        config,
        (p, t) => this.#packet(p, t),
        (err) => this.#failed(err),
      );
    }
    const spurt = {
      channel,
      base: this.#nextBase,
      frameUs: config.frameMs * 1000,
      captured: [],
      packets: 0,
    };
    this.#nextBase += SPURT_STRIDE_US;
    this.#current = spurt;
    this.#open.push(spurt);
  }

  /** Encodes one frame of the running spurt, captured from `capturedAt` (ms). */
  frame(samples: Float32Array<ArrayBuffer>, capturedAt: number): void {
    const spurt = this.#current;
    if (!spurt) return;
    const at = spurt.base + spurt.captured.length * spurt.frameUs;
    spurt.captured.push(capturedAt);
    this.#encoder?.encode(samples, at);
  }

  /** Ends the running spurt: its last packets, then END. */
  end(): void {
    const spurt = this.#current;
    if (!spurt) return;
    this.#current = undefined;
    const encoder = this.#encoder;
    void (encoder ? encoder.flush() : Promise.resolve()).then(() => this.#closeThrough(spurt));
  }

  /** Stops: the running spurt ends and the encoder is released once flushed. */
  close(): void {
    this.end();
    const encoder = this.#encoder;
    this.#encoder = undefined;
    void encoder?.flush().then(() => encoder.close());
  }

  #packet(packet: Uint8Array, timestampUs: number): void {
    // The spurt it belongs to: the newest whose base is not after it.
    let spurt: Spurt | undefined;
    for (const s of this.#open) if (s.base <= timestampUs) spurt = s;
    if (!spurt) return; // a spurt already closed (its END went out): too late to send
    const before = this.#open.indexOf(spurt);
    if (before > 0) this.#closeThrough(this.#open[before - 1]!);
    const seq = this.#next();
    // The encoder may emit one packet more than it was given frames (its look-ahead, at
    // the flush): that one was captured a frame after the last.
    const k = spurt.packets++;
    const capturedAt = spurt.captured[k] ?? spurt.captured.at(-1)! + spurt.frameUs / 1000;
    this.#send({ seq, channel: spurt.channel, end: false, payload: packet });
    this.#sent({ seq, bytes: VOICE_HEADER_BYTES + packet.length, capturedAt, end: false });
  }

  /** Sends END for `spurt` and every open spurt before it. */
  #closeThrough(spurt: Spurt): void {
    const i = this.#open.indexOf(spurt);
    if (i < 0) return;
    for (const s of this.#open.splice(0, i + 1)) {
      const seq = this.#next();
      this.#send({ seq, channel: s.channel, end: true, payload: new Uint8Array(0) });
      this.#sent({ seq, bytes: VOICE_HEADER_BYTES, capturedAt: Number.NaN, end: true });
    }
  }

  #failed(e: VoiceError): void {
    this.#error(e);
    // The next spurt gets a fresh encoder; what this one held is lost.
    this.#encoder = undefined;
  }

  #next(): number {
    const seq = this.#seq;
    this.#seq = voiceSeqAdd(seq, 1);
    return seq;
  }
}
