// One remote speaker's playout: its jitter buffer, its Opus decoder, and its Web Audio chain
// (volume → panner when its channel is spatial → the chat's output). Each due slot is
// decoded and scheduled back to back on the audio clock; a concealed slot repeats the last
// decoded frame, fading by half each time (Opus' own concealment is not reachable through
// WebCodecs). Decoding is asynchronous, so slots wait in order until their samples are here.

import { JitterBuffer, type JitterBufferOptions, type PlayoutSlot } from "./jitter-buffer.js";
import { OpusDecoder, VOICE_SAMPLE_RATE } from "./opus-codec.js";
import { audioCoordinates, type SpatialOptions, type VoicePosition } from "./spatial-options.js";
import type { VoiceError } from "./voice-error.js";

/** Scheduling margin ahead of the audio clock for a spurt's first frame, s. */
const LEAD_S = 0.03;
/**
 * Most audio scheduled ahead of the clock while a spurt plays, s: beyond it (the page
 * stalled, then caught up with a backlog) frames are skipped, so a stall costs a glitch,
 * not lasting delay. A concealment slot is skipped sooner, at LEAD_S + one frame.
 */
const MAX_AHEAD_S = LEAD_S + 0.06;
/** How much quieter each repeated concealment frame is. */
const CONCEAL_FADE = 0.5;

/** What a speaker tells the chat. */
export interface RemoteSpeakerEvents {
  /** The speaker became audible (a spurt started playing) or stopped. */
  speaking(speaking: boolean): void;
  /** Frame `seq` was scheduled; its first sample is heard at `at` (performance.now() ms). */
  played(seq: number, at: number): void;
  error(e: VoiceError): void;
}

interface Pending {
  /** The slot; a frame becomes a concealment if its decoder failed. */
  slot: PlayoutSlot;
  samples?: Float32Array;
}

/** The playout of one remote player's voice. */
export class RemoteSpeaker {
  readonly #ctx: AudioContext;
  readonly #jitter: JitterBuffer;
  readonly #events: RemoteSpeakerEvents;
  readonly #gain: GainNode;
  readonly #panner: PannerNode;
  readonly #output: AudioNode;
  #decoder: OpusDecoder;
  readonly #queue: Pending[] = [];
  #cursor = 0;
  #last: Float32Array | undefined;
  #spatial: boolean | undefined;
  #speaking = false;
  #volume = 1;
  #muted = false;
  /** Frames received (relayed to this client). */
  framesReceived = 0;

  constructor(
    ctx: AudioContext,
    output: AudioNode,
    events: RemoteSpeakerEvents,
    spatial: Required<SpatialOptions>,
    jitter: JitterBufferOptions,
  ) {
    this.#ctx = ctx;
    this.#output = output;
    this.#events = events;
    this.#jitter = new JitterBuffer(jitter);
    // First: it throws where the browser has no decoder, before any node is connected.
    this.#decoder = this.#newDecoder();
    this.#gain = new GainNode(ctx);
    this.#panner = new PannerNode(ctx, { ...spatial });
    this.#panner.connect(output);
  }

  /** The jitter buffer's counters and target delay. */
  get jitter(): JitterBuffer {
    return this.#jitter;
  }

  /** Whether the speaker is heard now (a spurt is playing). */
  get speaking(): boolean {
    return this.#speaking;
  }

  /** Sets the volume (1: as sent) and the local mute. */
  setVolume(volume: number, muted: boolean): void {
    this.#volume = volume;
    this.#muted = muted;
    this.#gain.gain.value = muted ? 0 : volume;
  }

  get volume(): number {
    return this.#volume;
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** Takes a relayed frame that arrived at `nowMs` (the audio clock, ms); `spatial` is its channel's setting. */
  receive(seq: number, payload: Uint8Array, end: boolean, spatial: boolean, nowMs: number): void {
    this.framesReceived++;
    this.#route(spatial);
    // A suspended context (no user gesture yet) plays nothing: its frames would go stale.
    if (this.#ctx.state === "running") this.#jitter.push(seq, payload, end, nowMs);
  }

  /** Places the speaker at `p` (game units), smoothed over a few ms against zipper noise. */
  place(p: VoicePosition): void {
    const [x, y, z] = audioCoordinates(p);
    const t = this.#ctx.currentTime;
    this.#panner.positionX.setTargetAtTime(x, t, 0.01);
    this.#panner.positionY.setTargetAtTime(y, t, 0.01);
    this.#panner.positionZ.setTargetAtTime(z, t, 0.01);
  }

  /** Plays the slots due at `nowMs` (the audio clock, ms; called every few ms by the chat). */
  pump(nowMs: number): void {
    for (let slot = this.#jitter.pull(nowMs); slot; slot = this.#jitter.pull(nowMs)) {
      const pending: Pending = { slot };
      this.#queue.push(pending);
      if (slot.kind === "frame" && this.#decoder.usable) this.#decoder.decode(slot.payload);
      else if (slot.kind === "frame") pending.slot = { kind: "conceal", seq: slot.seq };
    }
    this.#drain();
  }

  close(): void {
    this.#decoder.close();
    this.#gain.disconnect();
    this.#panner.disconnect();
    if (this.#speaking) this.#events.speaking(false);
  }

  #newDecoder(): OpusDecoder {
    return new OpusDecoder(
      (samples) => {
        const waiting = this.#queue.find((p) => p.slot.kind === "frame" && !p.samples);
        if (waiting) waiting.samples = samples;
        this.#drain();
      },
      (e) => {
        this.#events.error(e);
        // A decoder that failed is closed: start a fresh one, and conceal what it held.
        for (const p of this.#queue)
          if (p.slot.kind === "frame" && !p.samples) p.slot = { kind: "conceal", seq: p.slot.seq };
        this.#decoder = this.#newDecoder();
        this.#drain();
      },
    );
  }

  /** Sends the speaker through the panner or straight to the output. */
  #route(spatial: boolean): void {
    if (spatial === this.#spatial) return;
    this.#spatial = spatial;
    this.#gain.disconnect();
    this.#gain.connect(spatial ? this.#panner : this.#output);
  }

  /** Schedules the slots at the head of the queue whose samples are ready. */
  #drain(): void {
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      if (head.slot.kind === "frame" && !head.samples) return;
      this.#queue.shift();
      if (head.slot.kind === "end") {
        this.#last = undefined;
        this.#setSpeaking(false);
        continue;
      }
      const ahead = this.#speaking ? this.#cursor - this.#ctx.currentTime : 0;
      const conceal = head.slot.kind === "conceal";
      if (ahead > (conceal ? LEAD_S + 0.02 : MAX_AHEAD_S)) continue;
      const samples = conceal ? this.#last?.map((s) => s * CONCEAL_FADE) : head.samples;
      this.#last = samples;
      this.#schedule(samples, head.slot.seq);
    }
  }

  /** Plays `samples` (or a slot of silence) right after the previous frame. */
  #schedule(samples: Float32Array | undefined, seq: number): void {
    const ctx = this.#ctx;
    // A spurt's first frame, or playout that fell behind the clock: start a little ahead.
    if (!this.#speaking || this.#cursor < ctx.currentTime + 0.005)
      this.#cursor = ctx.currentTime + LEAD_S;
    this.#setSpeaking(true);
    const start = this.#cursor;
    if (samples && samples.length > 0) {
      const buffer = new AudioBuffer({
        length: samples.length,
        sampleRate: VOICE_SAMPLE_RATE,
        numberOfChannels: 1,
      });
      buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
      const source = new AudioBufferSourceNode(ctx, { buffer });
      source.connect(this.#gain);
      source.start(start);
      this.#cursor += buffer.duration;
    } else this.#cursor += 0.02;
    const ts = ctx.getOutputTimestamp();
    const at = (ts.performanceTime ?? 0) + (start - (ts.contextTime ?? 0)) * 1000;
    this.#events.played(seq, at);
  }

  #setSpeaking(speaking: boolean): void {
    if (speaking === this.#speaking) return;
    this.#speaking = speaking;
    this.#events.speaking(speaking);
  }
}
