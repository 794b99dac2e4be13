// The receive side of voice chat: a RemoteSpeaker per player heard (jitter buffer, decoder,
// volume, panner), created on its first frame and closed when it leaves; this listener's
// own volume and mute per player; the listener and speakers placed at their avatars. Time is
// the AudioContext's clock, which the frames are scheduled on (it drifts from
// performance.now(), by a percent in headless Chromium), so the jitter buffer and the
// scheduling never disagree about how much audio a slot is.

import type { RelayedVoiceMessage } from "../../../shared/protocol/voice-messages.js";
import type { JitterBuffer, JitterBufferOptions } from "./jitter-buffer.js";
import { RemoteSpeaker, type RemoteSpeakerEvents } from "./remote-speaker.js";
import { audioCoordinates, type SpatialOptions, type VoicePosition } from "./spatial-options.js";
import { isSpatial, type VoiceChannelInfo } from "./voice-chat-options.js";
import { VoiceError } from "./voice-error.js";

/** What the receiver reports, per speaker. */
export interface VoiceReceiverEvents {
  speaking(playerId: number, speaking: boolean): void;
  played(playerId: number, seq: number, at: number): void;
  error(e: VoiceError): void;
}

/** The options the receiver reads. */
export interface VoiceReceiverOptions {
  readonly channels: readonly VoiceChannelInfo[];
  readonly spatial: Required<SpatialOptions>;
  readonly jitter: JitterBufferOptions;
}

/** Every remote speaker of one listener. */
export class VoiceReceiver {
  readonly #ctx: AudioContext;
  readonly #output: AudioNode;
  readonly #o: VoiceReceiverOptions;
  readonly #events: VoiceReceiverEvents;
  readonly #speakers = new Map<number, RemoteSpeaker>();
  readonly #volumes = new Map<number, { volume: number; muted: boolean }>();
  /** This browser cannot decode voice (no WebCodecs AudioDecoder): frames are ignored. */
  #cannotPlay = false;

  constructor(
    ctx: AudioContext,
    output: AudioNode,
    options: VoiceReceiverOptions,
    events: VoiceReceiverEvents,
  ) {
    this.#ctx = ctx;
    this.#output = output;
    this.#o = options;
    this.#events = events;
  }

  /** Frames received from `playerId` since it was first heard (0 if never). */
  framesReceived(playerId: number): number {
    return this.#speakers.get(playerId)?.framesReceived ?? 0;
  }

  /** A speaker's jitter buffer (counters, target delay), if it was heard. */
  jitterOf(playerId: number): JitterBuffer | undefined {
    return this.#speakers.get(playerId)?.jitter;
  }

  /** This listener's volume of `playerId` (1 unless set) and its own mute. */
  volumeOf(playerId: number): { readonly volume: number; readonly muted: boolean } {
    return this.#volumes.get(playerId) ?? { volume: 1, muted: false };
  }

  /** Sets this listener's volume (0–4) and mute of `playerId`. */
  setVolume(playerId: number, volume: number, muted: boolean): void {
    if (!(volume >= 0 && volume <= 4)) throw new RangeError("volume must be in [0, 4]");
    this.#volumes.set(playerId, { volume, muted });
    this.#speakers.get(playerId)?.setVolume(volume, muted);
  }

  /** Takes a relayed frame. */
  receive(m: RelayedVoiceMessage): void {
    if (this.#cannotPlay) return;
    let speaker = this.#speakers.get(m.speaker);
    if (!speaker) {
      try {
        speaker = this.#speaker(m.speaker);
      } catch (e) {
        // No AudioDecoder here (or it refuses Opus): say so once, and hear nothing.
        if (!(e instanceof VoiceError)) throw e;
        this.#cannotPlay = true;
        this.#events.error(e);
        return;
      }
      this.#speakers.set(m.speaker, speaker);
    }
    const spatial = isSpatial(this.#o.channels[m.channel]);
    speaker.receive(m.seq, m.payload, m.end, spatial, this.#clock());
  }

  /** Plays every speaker's due slots (called every few ms). */
  pump(): void {
    const now = this.#clock();
    for (const speaker of this.#speakers.values()) speaker.pump(now);
  }

  /** Places the listener (`me`) and every speaker at their avatars' positions. */
  place(me: number, positionOf: (playerId: number) => VoicePosition | undefined): void {
    const at = positionOf(me);
    if (at) {
      const [x, y, z] = audioCoordinates(at);
      const l = this.#ctx.listener;
      const t = this.#ctx.currentTime;
      l.positionX.setTargetAtTime(x, t, 0.01);
      l.positionY.setTargetAtTime(y, t, 0.01);
      l.positionZ.setTargetAtTime(z, t, 0.01);
    }
    for (const [id, speaker] of this.#speakers) {
      const p = positionOf(id);
      if (p) speaker.place(p);
    }
  }

  /** A speaker left: its playout stops. */
  drop(playerId: number): void {
    this.#speakers.get(playerId)?.close();
    this.#speakers.delete(playerId);
  }

  close(): void {
    for (const id of [...this.#speakers.keys()]) this.drop(id);
  }

  #speaker(id: number): RemoteSpeaker {
    const events: RemoteSpeakerEvents = {
      speaking: (speaking) => this.#events.speaking(id, speaking),
      played: (seq, at) => this.#events.played(id, seq, at),
      error: (e) => this.#events.error(e),
    };
    const speaker = new RemoteSpeaker(
      this.#ctx,
      this.#output,
      events,
      this.#o.spatial,
      this.#o.jitter,
    );
    const v = this.#volumes.get(id);
    if (v) speaker.setVolume(v.volume, v.muted);
    return speaker;
  }

  #clock(): number {
    return this.#ctx.currentTime * 1000;
  }
}
