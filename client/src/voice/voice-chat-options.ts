// Options of a VoiceChat: all optional; resolveVoiceChatOptions applies the defaults and
// throws naming the field that is out of range.

import { MAX_VOICE_CHANNELS } from "../../../shared/protocol/voice-messages.js";
import { DEFAULT_JITTER_BUFFER_OPTIONS, type JitterBufferOptions } from "./jitter-buffer.js";
import type { MicrophoneOptions } from "./microphone.js";
import { resolveSpatialOptions, type SpatialOptions } from "./spatial-options.js";
import type { TalkMode } from "./talk-gate.js";
import { DEFAULT_VAD_OPTIONS, type VadOptions } from "./vad-gate.js";

/** What the client needs of a declared voice channel (GameDefinition.voice.channels). */
export interface VoiceChannelInfo {
  readonly kind: "proximity" | "team" | "global";
  /** @default true for "proximity", false otherwise */
  readonly spatial?: boolean;
}

/** Options of a VoiceChat. */
export interface VoiceChatOptions {
  /**
   * The game's voice channels, as declared (`game.voice?.channels`): their index is the
   * channel number on the wire, and `spatial` decides who goes through a panner.
   * @default [{ kind: "global" }]
   */
  channels?: readonly VoiceChannelInfo[];
  /**
   * The channel this player talks on (an index into `channels`); changeable at run time.
   * @default 0
   */
  channel?: number;
  /**
   * How the microphone decides to talk; changeable at run time (setMode).
   * @default "push-to-talk"
   */
  mode?: TalkMode;
  /**
   * Opus bitrate, bits per second (6,000–128,000: a 20 ms packet stays under the
   * protocol's 400 bytes).
   * @default 24_000
   */
  bitrate?: number;
  /** Voice activation: threshold and hang time. */
  vad?: VadOptions;
  /** The receive side's jitter buffer, per speaker. */
  jitter?: JitterBufferOptions;
  /** Distance model, rolloff and panning of spatial channels. */
  spatial?: SpatialOptions;
  /** Which microphone, and the processing asked of the browser. */
  microphone?: MicrophoneOptions;
  /**
   * The AudioContext to play through (e.g. the game's own); one is created at 48 kHz.
   * Browsers start a context suspended until a user gesture: call VoiceChat.resume() in one.
   */
  audioContext?: AudioContext;
}

/** Frame duration of voice, ms: one Opus packet per 20 ms frame (docs/voice.md). */
export const VOICE_FRAME_MS = 20;

/** The defaults of {@link VoiceChatOptions}, but the AudioContext and microphone. */
export const DEFAULT_VOICE_CHAT_OPTIONS = {
  channels: [{ kind: "global" }] as readonly VoiceChannelInfo[],
  channel: 0,
  mode: "push-to-talk" as TalkMode,
  bitrate: 24_000,
  vad: DEFAULT_VAD_OPTIONS,
  jitter: DEFAULT_JITTER_BUFFER_OPTIONS,
} as const;

/** Resolved options of a VoiceChat. */
export type ResolvedVoiceChatOptions = Omit<
  Required<VoiceChatOptions>,
  "audioContext" | "spatial"
> & {
  readonly audioContext: AudioContext | undefined;
  readonly spatial: Required<SpatialOptions>;
};

/**
 * Resolves VoiceChat options.
 * @throws RangeError naming the field when one is out of range
 */
export function resolveVoiceChatOptions(options: VoiceChatOptions = {}): ResolvedVoiceChatOptions {
  const d = DEFAULT_VOICE_CHAT_OPTIONS;
  const channels = options.channels ?? d.channels;
  if (channels.length === 0 || channels.length > MAX_VOICE_CHANNELS)
    throw new RangeError(`channels must hold 1–${MAX_VOICE_CHANNELS} channels`);
  const channel = options.channel ?? d.channel;
  checkChannel(channel, channels.length);
  const bitrate = options.bitrate ?? d.bitrate;
  if (!(Number.isInteger(bitrate) && bitrate >= 6_000 && bitrate <= 128_000))
    throw new RangeError("bitrate must be an integer in [6000, 128000]");
  return {
    channels,
    channel,
    mode: options.mode ?? d.mode,
    bitrate,
    vad: { ...d.vad, ...options.vad },
    jitter: { ...d.jitter, ...options.jitter },
    spatial: resolveSpatialOptions(options.spatial),
    microphone: options.microphone ?? {},
    audioContext: options.audioContext,
  };
}

/** @throws RangeError when `channel` is not an index into `count` channels */
export function checkChannel(channel: number, count: number): void {
  if (!(Number.isInteger(channel) && channel >= 0 && channel < count))
    throw new RangeError(`channel must be an integer in [0, ${count - 1}]`);
}

/** Whether a channel's speakers are placed in space. */
export function isSpatial(channel: VoiceChannelInfo | undefined): boolean {
  return channel?.spatial ?? channel?.kind === "proximity";
}
