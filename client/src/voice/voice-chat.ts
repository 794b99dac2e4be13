// Voice chat in a room: the microphone through the talk gate and Opus to the room, and each
// remote speaker's relayed frames through a jitter buffer to Web Audio, placed in space on
// spatial channels. Controls: talk mode and push-to-talk, own mute, per-player volume and
// mute; the room's moderation mute (VOICE_STATE) stops this player's sending. Events say who
// is speaking, on both sides. The receive side is voice-receiver.ts; the only timer here pumps
// its playout every 10 ms.

import type { VoiceStateMessage } from "../../../shared/protocol/voice-messages.js";
import { Emitter } from "../emitter.js";
import type { JitterBuffer } from "./jitter-buffer.js";
import { Microphone } from "./microphone.js";
import { checkOpusSupport, VOICE_SAMPLE_RATE } from "./opus-codec.js";
import type { VoicePosition } from "./spatial-options.js";
import { TalkGate, type TalkMode } from "./talk-gate.js";
import { frameLevelDb } from "./vad-gate.js";
import {
  checkChannel,
  type ResolvedVoiceChatOptions,
  resolveVoiceChatOptions,
  VOICE_FRAME_MS,
  type VoiceChatOptions,
} from "./voice-chat-options.js";
import type { VoiceError } from "./voice-error.js";
import type { VoiceLink } from "./voice-link.js";
import { VoiceReceiver } from "./voice-receiver.js";
import { type SentVoiceFrame, VoiceSender } from "./voice-sender.js";

/** Events of a VoiceChat. */
export interface VoiceChatEvents {
  /** A player started or stopped being heard; `local` for this player's own microphone. */
  speaking: { readonly playerId: number; readonly speaking: boolean; readonly local: boolean };
  /** A player's moderation mute (this player's own included: it then sends nothing). */
  "voice-state": VoiceStateMessage;
  /** This player sent a frame. */
  sent: SentVoiceFrame;
  /** A remote frame was scheduled; its first sample is heard at `at` (performance.now() ms). */
  played: { readonly playerId: number; readonly seq: number; readonly at: number };
  /** The encoder or a decoder failed (voice carries on with a fresh one). */
  error: VoiceError;
}

/** How often playout is pumped, ms (half a frame). */
const PUMP_MS = 10;

/** Voice chat over a RoomConnection. Create with {@link createVoiceChat}. */
export class VoiceChat {
  readonly #room: VoiceLink;
  readonly #o: ResolvedVoiceChatOptions;
  readonly #events = new Emitter<VoiceChatEvents>();
  readonly #ctx: AudioContext;
  readonly #output: GainNode;
  readonly #gate: TalkGate;
  readonly #sender: VoiceSender;
  readonly #receiver: VoiceReceiver;
  readonly #serverMuted = new Set<number>();
  readonly #off: (() => void)[] = [];
  readonly #timer: ReturnType<typeof setInterval>;
  #mic: Microphone | undefined;
  #channel: number;
  /** Counters of this player's microphone (frames of 20 ms). */
  readonly stats = {
    /** Frames captured since the microphone opened. */
    framesCaptured: 0,
    /** Frames sent (spurt ends included), and their bytes with headers. */
    framesSent: 0,
    bytesSent: 0,
  };

  /** @param room a RoomConnection, or any other VoiceLink (a mesh session's) */
  constructor(room: VoiceLink, options: VoiceChatOptions = {}) {
    this.#room = room;
    this.#o = resolveVoiceChatOptions(options);
    this.#channel = this.#o.channel;
    this.#ctx =
      this.#o.audioContext ??
      new AudioContext({ sampleRate: VOICE_SAMPLE_RATE, latencyHint: "interactive" });
    this.#output = new GainNode(this.#ctx);
    this.#output.connect(this.#ctx.destination);
    this.#gate = new TalkGate(VOICE_FRAME_MS, this.#o.mode, this.#o.vad);
    this.#sender = new VoiceSender(
      (frame) => room.sendVoice(frame),
      (sent) => {
        this.stats.framesSent++;
        this.stats.bytesSent += sent.bytes;
        this.#events.emit("sent", sent);
      },
      (e) => this.#events.emit("error", e),
    );
    this.#receiver = new VoiceReceiver(this.#ctx, this.#output, this.#o, {
      speaking: (playerId, speaking) =>
        this.#events.emit("speaking", { playerId, speaking, local: false }),
      played: (playerId, seq, at) => this.#events.emit("played", { playerId, seq, at }),
      error: (e) => this.#events.emit("error", e),
    });
    this.#off.push(
      room.on("voice", (m) => this.#receiver.receive(m)),
      room.on("voice-state", (m) => this.#state(m)),
      room.on("player-left", ({ playerId }) => this.#receiver.drop(playerId)),
      room.on("close", () => this.close()),
    );
    this.#timer = setInterval(() => this.#receiver.pump(), PUMP_MS);
  }

  /** The AudioContext voice plays through. */
  get context(): AudioContext {
    return this.#ctx;
  }

  /** The node all voice passes through before the speakers (tap it to meter or record). */
  get output(): GainNode {
    return this.#output;
  }

  /** The talk mode. */
  get mode(): TalkMode {
    return this.#gate.mode;
  }

  /** Whether this player's microphone is sending (a spurt is running). */
  get talking(): boolean {
    return this.#gate.talking;
  }

  /** Whether the microphone is open. */
  get microphoneOn(): boolean {
    return this.#mic !== undefined;
  }

  /** Whether this player muted their own microphone. */
  get muted(): boolean {
    return this.#gate.muted;
  }

  /** Whether the room's moderation muted this player. */
  get serverMuted(): boolean {
    return this.#gate.serverMuted;
  }

  /** Players the room's moderation muted now. */
  get mutedPlayers(): ReadonlySet<number> {
    return this.#serverMuted;
  }

  /** Whether `playerId` is muted for this player only (setPlayerMuted). */
  playerMuted(playerId: number): boolean {
    return this.#receiver.volumeOf(playerId).muted;
  }

  /** How loud `playerId` is heard (setPlayerVolume; 1 unless set). */
  playerVolume(playerId: number): number {
    return this.#receiver.volumeOf(playerId).volume;
  }

  /** Frames received from `playerId` since it was first heard (0 if never). */
  framesReceived(playerId: number): number {
    return this.#receiver.framesReceived(playerId);
  }

  /** A remote speaker's jitter buffer (counters, target delay), if it was heard. */
  jitterOf(playerId: number): JitterBuffer | undefined {
    return this.#receiver.jitterOf(playerId);
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof VoiceChatEvents>(
    event: K,
    listener: (payload: VoiceChatEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * Opens the microphone (asks the user the first time) after checking the codec.
   * @throws VoiceError `microphone_denied`, `microphone_unavailable`, `codec_unsupported`
   * or `unsupported_browser`
   */
  async enableMicrophone(): Promise<void> {
    if (this.#mic) return;
    await checkOpusSupport({
      sampleRate: VOICE_SAMPLE_RATE,
      bitrate: this.#o.bitrate,
      frameMs: VOICE_FRAME_MS,
    });
    this.#mic = await Microphone.open(
      VOICE_FRAME_MS,
      (samples, rate, readAt) => this.#frame(samples, rate, readAt),
      this.#o.microphone,
    );
  }

  /** Closes the microphone (a running spurt ends). */
  disableMicrophone(): void {
    this.#mic?.close();
    this.#mic = undefined;
    this.#endSpurt();
  }

  /** Resumes audio output: call from a user gesture (browsers start contexts suspended). */
  resume(): Promise<void> {
    return this.#ctx.resume();
  }

  /** Switches between push-to-talk and voice activation. */
  setMode(mode: TalkMode): void {
    this.#gate.setMode(mode);
  }

  /** The push-to-talk key went down or up. */
  setPushToTalk(down: boolean): void {
    this.#gate.setPushed(down);
  }

  /** Mutes this player's own microphone (nothing is sent). */
  setMuted(muted: boolean): void {
    this.#gate.setMuted(muted);
  }

  /** Talks on another channel from the next spurt on. */
  setChannel(channel: number): void {
    checkChannel(channel, this.#o.channels.length);
    this.#channel = channel;
  }

  /** Sets how loud `playerId` is heard (1: as sent; 0–4), and whether muted for this player only. */
  setPlayerVolume(playerId: number, volume: number, muted = this.playerMuted(playerId)): void {
    this.#receiver.setVolume(playerId, volume, muted);
  }

  /** Mutes or unmutes `playerId` for this player only. */
  setPlayerMuted(playerId: number, muted: boolean): void {
    this.setPlayerVolume(playerId, this.playerVolume(playerId), muted);
  }

  /**
   * Places the listener and every speaker at their entity's position: call once per
   * rendered frame with where each player's avatar is drawn (undefined: leave it where it is).
   */
  updatePositions(positionOf: (playerId: number) => VoicePosition | undefined): void {
    this.#receiver.place(this.#room.playerId, positionOf);
  }

  /** Stops voice: the microphone, playout, and (if it created it) the AudioContext. */
  close(): void {
    clearInterval(this.#timer);
    this.disableMicrophone();
    this.#sender.close();
    for (const off of this.#off.splice(0)) off();
    this.#receiver.close();
    if (!this.#o.audioContext) void this.#ctx.close().catch(() => {});
  }

  #frame(samples: Float32Array<ArrayBuffer>, sampleRate: number, readAt: number): void {
    this.stats.framesCaptured++;
    const step = this.#gate.frame(frameLevelDb(samples));
    if (step === "start") {
      const config = { sampleRate, bitrate: this.#o.bitrate, frameMs: VOICE_FRAME_MS };
      this.#sender.start(config, this.#channel);
      this.#speakingSelf(true);
    }
    if (step === "start" || step === "talk") this.#sender.frame(samples, readAt - VOICE_FRAME_MS);
    if (step === "end") this.#endSpurt();
  }

  #endSpurt(): void {
    if (!this.#sender.talking) return;
    this.#sender.end();
    this.#speakingSelf(false);
  }

  #speakingSelf(speaking: boolean): void {
    this.#events.emit("speaking", { playerId: this.#room.playerId, speaking, local: true });
  }

  #state(m: VoiceStateMessage): void {
    if (m.muted) this.#serverMuted.add(m.playerId);
    else this.#serverMuted.delete(m.playerId);
    if (m.playerId === this.#room.playerId) this.#gate.setServerMuted(m.muted);
    this.#events.emit("voice-state", m);
  }
}

/**
 * Voice chat over `room` (a RoomConnection, or any VoiceLink): receives and plays at once;
 * call enableMicrophone() to talk.
 * @example
 * const voice = createVoiceChat(room, { channels: arenaGame.voice?.channels, mode: "push-to-talk" });
 * button.onclick = async () => { await voice.resume(); await voice.enableMicrophone(); };
 * addEventListener("keydown", (e) => e.code === "KeyV" && voice.setPushToTalk(true));
 */
export function createVoiceChat(room: VoiceLink, options: VoiceChatOptions = {}): VoiceChat {
  return new VoiceChat(room, options);
}
