// Voice messages: one 20 ms Opus frame per message, relayed by the room to the players who
// should hear it (shared/voice), and the moderation mute state of each player. Byte layouts
// are in docs/protocol.md ("Voice"); golden vectors in voice-messages.test.ts pin them.

import type { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { MAX_VOICE_PAYLOAD_BYTES } from "./limits.js";
import { CLIENT_OP, SERVER_OP } from "./opcodes.js";

/**
 * The flags byte of a voice frame. Bits 4–6 are reserved: a frame with any of them set is
 * refused, so a later version can give them a meaning.
 */
export const VOICE_FLAGS = {
  /** Bits 0–3: the channel, an index into the game's declared voice channels. */
  CHANNEL_MASK: 0b0000_1111,
  /** Bit 7: the last frame of a talk spurt (its payload may be empty). */
  END: 0b1000_0000,
  /** Bits 4–6: reserved, zero. */
  RESERVED_MASK: 0b0111_0000,
} as const;

/** The flags byte of a VOICE_STATE. Bits 1–7 are reserved, zero. */
export const VOICE_STATE_FLAGS = {
  /** Bit 0: a moderator muted the player; the room relays none of its frames. */
  MUTED: 0b0000_0001,
} as const;

/** Most voice channels a game may declare: the flags byte has 4 bits for the index. */
export const MAX_VOICE_CHANNELS = VOICE_FLAGS.CHANNEL_MASK + 1;

/** What a voice frame carries besides who spoke it. */
export interface VoiceFrame {
  /** The speaker's frame counter, u16, wrapping (serial-number order). */
  readonly seq: number;
  /** Index into the game's declared voice channels (0–15). */
  readonly channel: number;
  /** The last frame of a talk spurt. */
  readonly end: boolean;
  /** One Opus packet (0–MAX_VOICE_PAYLOAD_BYTES; empty only with `end`), a view into the frame. */
  readonly payload: Uint8Array;
}

/** A speaker's frame: `[0x06][seq u16][flags u8][opus …]`. */
export interface VoiceMessage extends VoiceFrame {
  readonly type: "voice";
}

/** A relayed frame: `[0x4A][speaker u16][seq u16][flags u8][opus …]`. */
export interface RelayedVoiceMessage extends VoiceFrame {
  readonly type: "voice";
  /** The speaking player's id. */
  readonly speaker: number;
}

/** A player's voice state: `[0x4B][playerId u16][flags u8]` (bit 0: muted by moderation). */
export interface VoiceStateMessage {
  readonly type: "voice-state";
  readonly playerId: number;
  readonly muted: boolean;
}

/** Bytes of a relayed frame before the Opus packet: type, speaker, seq, flags. */
export const RELAYED_VOICE_HEADER_BYTES = 6;

function flagsOf(f: Omit<VoiceFrame, "payload" | "seq">): number {
  return (f.channel & VOICE_FLAGS.CHANNEL_MASK) | (f.end ? VOICE_FLAGS.END : 0);
}

/**
 * Writes a speaker's VOICE. The caller keeps `channel` in 0–15 and the payload within
 * MAX_VOICE_PAYLOAD_BYTES (empty only with `end`); `seq` is taken modulo 2^16.
 */
export function encodeVoice(w: ByteWriter, f: VoiceFrame): void {
  w.u8(CLIENT_OP.VOICE)
    .u16(f.seq & 0xffff)
    .u8(flagsOf(f))
    .bytes(f.payload);
}

/**
 * The relayed frame of `speaker`'s decoded VOICE, built once and sent as it is to every
 * listener (the speaker id is the only byte the room adds).
 */
export function relayedVoiceFrame(speaker: number, f: VoiceFrame): Uint8Array {
  const frame = new Uint8Array(RELAYED_VOICE_HEADER_BYTES + f.payload.length);
  frame[0] = SERVER_OP.VOICE;
  frame[1] = speaker & 0xff;
  frame[2] = (speaker >>> 8) & 0xff;
  frame[3] = f.seq & 0xff;
  frame[4] = (f.seq >>> 8) & 0xff;
  frame[5] = flagsOf(f);
  frame.set(f.payload, RELAYED_VOICE_HEADER_BYTES);
  return frame;
}

/** Writes a VOICE_STATE. */
export function encodeVoiceState(w: ByteWriter, playerId: number, muted: boolean): void {
  w.u8(SERVER_OP.VOICE_STATE)
    .u16(playerId)
    .u8(muted ? VOICE_STATE_FLAGS.MUTED : 0);
}

/**
 * Reads a voice frame's body after its type byte (and, relayed, its speaker): seq, flags
 * and the rest of the frame as the Opus packet. Refuses reserved flags, an empty packet
 * without END and one over MAX_VOICE_PAYLOAD_BYTES.
 */
export function readVoiceFrame(r: ByteReader): Result<VoiceFrame> {
  const seq = r.u16();
  const flags = r.u8();
  if (r.failed) return err("truncated voice header");
  if (flags & VOICE_FLAGS.RESERVED_MASK) return err("voice flags reserved bits set");
  const payload = r.rest();
  const end = (flags & VOICE_FLAGS.END) !== 0;
  if (payload.length > MAX_VOICE_PAYLOAD_BYTES) return err("voice payload too large");
  if (payload.length === 0 && !end) return err("empty voice payload without end");
  return ok({ seq, channel: flags & VOICE_FLAGS.CHANNEL_MASK, end, payload });
}

/** Reads a VOICE_STATE's body after its type byte; refuses reserved flags. */
export function readVoiceState(r: ByteReader): Result<VoiceStateMessage> {
  const playerId = r.u16();
  const flags = r.u8();
  if (r.failed) return err("truncated voice-state");
  if (flags & ~VOICE_STATE_FLAGS.MUTED) return err("voice-state flags reserved bits set");
  return ok({ type: "voice-state", playerId, muted: flags === VOICE_STATE_FLAGS.MUTED });
}
