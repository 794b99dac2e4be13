import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { decodeClientMessage } from "./client-messages.js";
import { MAX_CLIENT_FRAME_BYTES, MAX_VOICE_PAYLOAD_BYTES } from "./limits.js";
import { CLIENT_OP, SERVER_OP } from "./opcodes.js";
import { decodeServerMessage } from "./server-messages.js";
import {
  encodeVoice,
  encodeVoiceState,
  MAX_VOICE_CHANNELS,
  RELAYED_VOICE_HEADER_BYTES,
  relayedVoiceFrame,
  VOICE_FLAGS,
  VOICE_STATE_FLAGS,
  type VoiceFrame,
} from "./voice-messages.js";

const unhex = (text: string) =>
  Uint8Array.from(Buffer.from(text.replace(/#[^\n]*/g, "").replace(/\s+/g, ""), "hex"));

function voice(f: VoiceFrame): Uint8Array {
  const w = new ByteWriter();
  encodeVoice(w, f);
  return w.toBytes();
}

function voiceState(playerId: number, muted: boolean): Uint8Array {
  const w = new ByteWriter();
  encodeVoiceState(w, playerId, muted);
  return w.toBytes();
}

const OPUS = Uint8Array.of(0xfc, 0xff, 0xfe);

describe("voice message golden bytes", () => {
  it("numbers VOICE 0x06 from the client, VOICE 0x4A and VOICE_STATE 0x4B from the room", () => {
    expect(CLIENT_OP.VOICE).toBe(0x06);
    expect(SERVER_OP.VOICE).toBe(0x4a);
    expect(SERVER_OP.VOICE_STATE).toBe(0x4b);
    expect(MAX_VOICE_PAYLOAD_BYTES).toBe(400);
    expect(MAX_VOICE_CHANNELS).toBe(16);
    expect(VOICE_FLAGS).toEqual({ CHANNEL_MASK: 0x0f, END: 0x80, RESERVED_MASK: 0x70 });
    expect(VOICE_STATE_FLAGS).toEqual({ MUTED: 0x01 });
  });

  it("encodes a speaker's VOICE seq 0x1234 on channel 2 with a 3-byte Opus packet as pinned", () => {
    const expected = unhex(`
      06          # type VOICE
      3412        # seq u16 = 0x1234
      02          # flags: channel 2, not END
      fcfffe      # the Opus packet, to the end of the frame
    `);
    expect(voice({ seq: 0x1234, channel: 2, end: false, payload: OPUS })).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: { type: "voice", seq: 0x1234, channel: 2, end: false, payload: OPUS },
    });
  });

  it("encodes an empty END marker on channel 15 with seq 0xFFFF as pinned", () => {
    const expected = unhex(`
      06          # type VOICE
      ffff        # seq u16 = 0xffff (the next frame wraps to 0)
      8f          # flags: END | channel 15
    `);
    const end = { seq: 0xffff, channel: 15, end: true, payload: new Uint8Array(0) };
    expect(voice(end)).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: { type: "voice", ...end },
    });
    // seq is written modulo 2^16.
    expect(voice({ ...end, seq: 0x1_0001 })).toEqual(unhex("06 0100 8f"));
  });

  it("relays a frame as pinned: the speaker id after the type, seq, flags and packet unchanged", () => {
    const expected = unhex(`
      4a          # type VOICE (relayed)
      0900        # speaker playerId u16 = 9
      3412        # seq u16 = 0x1234
      81          # flags: END | channel 1
      fcfffe      # the Opus packet
    `);
    const frame = { seq: 0x1234, channel: 1, end: true, payload: OPUS };
    const relayed = relayedVoiceFrame(9, frame);
    expect(relayed).toEqual(expected);
    expect(relayed.length).toBe(RELAYED_VOICE_HEADER_BYTES + OPUS.length);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "voice", speaker: 9, ...frame },
    });
  });

  it("encodes VOICE_STATE for player 0x0102 muted and unmuted as pinned", () => {
    const muted = unhex(`
      4b          # type VOICE_STATE
      0201        # playerId u16 = 0x0102
      01          # flags: bit 0 muted by moderation
    `);
    expect(voiceState(0x0102, true)).toEqual(muted);
    expect(voiceState(0x0102, false)).toEqual(unhex("4b 0201 00"));
    expect(decodeServerMessage(muted)).toEqual({
      ok: true,
      value: { type: "voice-state", playerId: 0x0102, muted: true },
    });
    expect(decodeServerMessage(unhex("4b 0201 00"))).toEqual({
      ok: true,
      value: { type: "voice-state", playerId: 0x0102, muted: false },
    });
  });
});

describe("voice message refusals", () => {
  const payload = (n: number) => new Uint8Array(n).fill(0xaa);

  it("refuses a 401-byte Opus packet and accepts 400, from a speaker and relayed", () => {
    const at = (n: number) => voice({ seq: 1, channel: 0, end: false, payload: payload(n) });
    expect(decodeClientMessage(at(400), 1).ok).toBe(true);
    expect(decodeClientMessage(at(401), 1)).toEqual({
      ok: false,
      error: "voice payload too large",
    });
    // 405 bytes: far below MAX_CLIENT_FRAME_BYTES, so the voice limit is what refuses it.
    expect(at(401).length).toBeLessThan(MAX_CLIENT_FRAME_BYTES);
    const relayed = (n: number) =>
      relayedVoiceFrame(3, { seq: 1, channel: 0, end: false, payload: payload(n) });
    expect(decodeServerMessage(relayed(400)).ok).toBe(true);
    expect(decodeServerMessage(relayed(401))).toEqual({
      ok: false,
      error: "voice payload too large",
    });
  });

  it("refuses an empty packet without END and accepts it with END", () => {
    expect(decodeClientMessage(unhex("06 0100 03"), 1)).toEqual({
      ok: false,
      error: "empty voice payload without end",
    });
    expect(decodeClientMessage(unhex("06 0100 83"), 1).ok).toBe(true);
    expect(decodeServerMessage(unhex("4a 0200 0100 03")).ok).toBe(false);
    expect(decodeServerMessage(unhex("4a 0200 0100 83")).ok).toBe(true);
  });

  it("refuses each reserved flag bit (4, 5, 6) and accepts its neighbours END and channel 15", () => {
    for (const bit of [0x10, 0x20, 0x40]) {
      expect(decodeClientMessage(Uint8Array.of(0x06, 1, 0, bit, 0xaa), 1)).toEqual({
        ok: false,
        error: "voice flags reserved bits set",
      });
      expect(decodeServerMessage(Uint8Array.of(0x4a, 1, 0, 1, 0, bit, 0xaa)).ok).toBe(false);
    }
    expect(decodeClientMessage(Uint8Array.of(0x06, 1, 0, 0x8f, 0xaa), 1).ok).toBe(true);
    expect(decodeServerMessage(Uint8Array.of(0x4a, 1, 0, 1, 0, 0x8f, 0xaa)).ok).toBe(true);
  });

  it("refuses truncated headers: every prefix shorter than the flags byte", () => {
    const full = unhex("06 3412 02 fcfffe");
    for (let n = 1; n < 4; n++) expect(decodeClientMessage(full.subarray(0, n), 1).ok).toBe(false);
    const relayed = unhex("4a 0900 3412 81");
    for (let n = 1; n < relayed.length; n++)
      expect(decodeServerMessage(relayed.subarray(0, n)).ok).toBe(false);
    expect(decodeServerMessage(relayed).ok).toBe(true);
  });

  it("refuses VOICE_STATE with a reserved flag bit, cut short or with trailing bytes", () => {
    for (let bit = 1; bit < 8; bit++)
      expect(decodeServerMessage(Uint8Array.of(0x4b, 1, 0, 1 << bit))).toEqual({
        ok: false,
        error: "voice-state flags reserved bits set",
      });
    expect(decodeServerMessage(unhex("4b 0100")).ok).toBe(false);
    expect(decodeServerMessage(unhex("4b 0100 01 00"))).toEqual({
      ok: false,
      error: "trailing bytes after message",
    });
  });
});

describe("voice messages on hostile bytes", () => {
  const frameArb = fc.record({
    seq: fc.integer({ min: 0, max: 0xffff }),
    channel: fc.integer({ min: 0, max: MAX_VOICE_CHANNELS - 1 }),
    end: fc.boolean(),
    payload: fc.uint8Array({ maxLength: MAX_VOICE_PAYLOAD_BYTES }),
  });

  it("round trips every valid frame, speaker's and relayed", () => {
    fc.assert(
      fc.property(frameArb, fc.integer({ min: 0, max: 0xffff }), (f, speaker) => {
        fc.pre(f.end || f.payload.length > 0);
        expect(decodeClientMessage(voice(f), 1)).toEqual({
          ok: true,
          value: { type: "voice", ...f },
        });
        expect(decodeServerMessage(relayedVoiceFrame(speaker, f))).toEqual({
          ok: true,
          value: { type: "voice", speaker, ...f },
        });
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on random bytes after a voice type, and what it accepts re-encodes exactly", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 410 }), (rest) => {
        const client = decodeClientMessage(Uint8Array.of(0x06, ...rest), 1);
        if (client.ok && client.value.type === "voice")
          expect(voice(client.value)).toEqual(Uint8Array.of(0x06, ...rest));
        const relayed = decodeServerMessage(Uint8Array.of(0x4a, ...rest));
        if (relayed.ok && relayed.value.type === "voice")
          expect(relayedVoiceFrame(relayed.value.speaker, relayed.value)).toEqual(
            Uint8Array.of(0x4a, ...rest),
          );
        const state = decodeServerMessage(Uint8Array.of(0x4b, ...rest));
        if (state.ok && state.value.type === "voice-state")
          expect(voiceState(state.value.playerId, state.value.muted)).toEqual(
            Uint8Array.of(0x4b, ...rest),
          );
      }),
      { numRuns: 400 },
    );
  });
});
