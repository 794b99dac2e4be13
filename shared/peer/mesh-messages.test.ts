import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { MAX_VOICE_PAYLOAD_BYTES } from "../protocol/limits.js";
import {
  decodeMeshMessage,
  encodeMeshAck,
  encodeMeshHandover,
  encodeMeshHello,
  encodeMeshVoice,
  isMeshGameName,
  MAX_MESH_FRAME_BYTES,
  MESH_PROTOCOL_VERSION,
  MESH_UPDATE_HEADER_BYTES,
  MESH_VOICE_HEADER_BYTES,
  type MeshMessage,
  writeMeshUpdateHeader,
} from "./mesh-messages.js";

const unhex = (text: string) =>
  Uint8Array.from(Buffer.from(text.replace(/#[^\n]*/g, "").replace(/\s+/g, ""), "hex"));

function hello(peerId: number, game: string, schema: number): Uint8Array {
  const w = new ByteWriter();
  encodeMeshHello(w, { peerId, game, schema });
  return w.toBytes();
}

function update(tick: number, replication: Uint8Array): Uint8Array {
  const frame = new Uint8Array(MESH_UPDATE_HEADER_BYTES + replication.length);
  frame.set(replication, MESH_UPDATE_HEADER_BYTES);
  writeMeshUpdateHeader(frame, tick);
  return frame;
}

function ack(tick: number): Uint8Array {
  const w = new ByteWriter();
  encodeMeshAck(w, tick);
  return w.toBytes();
}

function handover(adopter: number): Uint8Array {
  const w = new ByteWriter();
  encodeMeshHandover(w, adopter);
  return w.toBytes();
}

function voice(seq: number, channel: number, end: boolean, payload: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  encodeMeshVoice(w, { seq, channel, end, payload });
  return w.toBytes();
}

function reencode(msg: MeshMessage): Uint8Array {
  switch (msg.type) {
    case "hello":
      return hello(msg.peerId, msg.game, msg.schema);
    case "update":
      return update(msg.tick, msg.update);
    case "ack":
      return ack(msg.tick);
    case "handover":
      return handover(msg.adopter);
    case "voice":
      return voice(msg.seq, msg.channel, msg.end, msg.payload);
  }
}

const peerId = fc.integer({ min: 1, max: 65_535 });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const gameName = fc.stringMatching(/^[a-z0-9-]{1,32}$/);
const validFrame = fc.oneof(
  fc.tuple(peerId, gameName, u32).map(([p, g, s]) => hello(p, g, s)),
  fc.tuple(u32, fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([t, b]) => update(t, b)),
  u32.map(ack),
  peerId.map(handover),
  fc
    .tuple(
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 15 }),
      fc.boolean(),
      fc.uint8Array({ minLength: 1, maxLength: MAX_VOICE_PAYLOAD_BYTES }),
    )
    .map(([q, c, e, p]) => voice(q, c, e, p)),
  fc.integer({ min: 0, max: 0xffff }).map((q) => voice(q, 0, true, new Uint8Array())),
);

function refusal(bytes: Uint8Array): string {
  const decoded = decodeMeshMessage(bytes);
  if (decoded.ok) throw new Error(`accepted ${JSON.stringify(decoded.value)}`);
  return decoded.error;
}

describe("mesh message golden bytes", () => {
  it("speaks mesh protocol version 2 in frames of at most 65 533 bytes", () => {
    // 65 536 (the relay's frame limit) − 3 (its header): a mesh frame always fits the relay.
    // Version 2 added VOICE (0x05).
    expect(MESH_PROTOCOL_VERSION).toBe(2);
    expect(MAX_MESH_FRAME_BYTES).toBe(65_533);
  });

  it("encodes HELLO from peer 3 of 'arena' with schema 0x0a0b0c0d as pinned", () => {
    const expected = unhex(`
      01          # type HELLO
      0200        # version u16 = 2 (MESH_PROTOCOL_VERSION)
      0300        # peerId u16 = 3
      05 6172656e61 # game str8: length 5, "arena"
      0d0c0b0a    # schema u32 = 0x0a0b0c0d
    `);
    expect(hello(3, "arena", 0x0a0b_0c0d)).toEqual(expected);
    expect(decodeMeshMessage(expected)).toEqual({
      ok: true,
      value: { type: "hello", version: 2, peerId: 3, game: "arena", schema: 0x0a0b_0c0d },
    });
  });

  it("encodes UPDATE of tick 0x01020304 in the bytes the replication server left free", () => {
    const expected = unhex(`
      02          # type UPDATE
      04030201    # tick u32 = 0x01020304
      05 00 68    # the replication update, untouched
    `);
    expect(update(0x0102_0304, unhex("05 00 68"))).toEqual(expected);
    const decoded = decodeMeshMessage(expected);
    expect(decoded.ok && decoded.value).toEqual({
      type: "update",
      tick: 0x0102_0304,
      update: unhex("05 00 68"),
    });
  });

  it("encodes ACK of tick 7 and HANDOVER to peer 2 as pinned", () => {
    expect(ack(7)).toEqual(unhex("03 07000000"));
    expect(handover(2)).toEqual(unhex("04 0200"));
    expect(decodeMeshMessage(unhex("03 07000000"))).toEqual({
      ok: true,
      value: { type: "ack", tick: 7 },
    });
    expect(decodeMeshMessage(unhex("04 0200"))).toEqual({
      ok: true,
      value: { type: "handover", adopter: 2 },
    });
  });

  it("encodes VOICE seq 0x0102 on channel 2 and a bare END as pinned", () => {
    const expected = unhex(`
      05          # type VOICE
      0201        # seq u16 = 0x0102
      02          # flags: channel 2, not END
      f8 ff fe    # the Opus packet, untouched
    `);
    expect(voice(0x0102, 2, false, unhex("f8 fffe"))).toEqual(expected);
    expect(decodeMeshMessage(expected)).toEqual({
      ok: true,
      value: { type: "voice", seq: 0x0102, channel: 2, end: false, payload: unhex("f8 fffe") },
    });
    // The spurt's end: END (bit 7) with channel 0 and no packet; seq 65 535 before the wrap.
    expect(voice(0xffff, 0, true, new Uint8Array())).toEqual(unhex("05 ffff 80"));
    expect(MESH_VOICE_HEADER_BYTES).toBe(4);
  });
});

describe("mesh message decoding", () => {
  it("round-trips every valid frame", () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        const decoded = decodeMeshMessage(frame);
        expect(decoded.ok).toBe(true);
        if (decoded.ok) expect(reencode(decoded.value)).toEqual(frame);
      }),
    );
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const decoded = decodeMeshMessage(bytes);
        // What decodes is exactly what the encoders write (another version's HELLO is unread).
        const v = decoded.ok ? decoded.value : undefined;
        if (v && !(v.type === "hello" && v.version !== MESH_PROTOCOL_VERSION))
          expect(reencode(v)).toEqual(bytes);
      }),
    );
  });

  it("refuses every truncation of a valid frame", () => {
    fc.assert(
      fc.property(validFrame, fc.nat(), (frame, cut) => {
        // An UPDATE cut after its header plus a byte is still a valid (shorter) update.
        // A VOICE cut inside its packet is a shorter packet (or, with END, a bare END).
        const min =
          frame[0] === 0x02
            ? MESH_UPDATE_HEADER_BYTES
            : frame[0] === 0x05
              ? MESH_VOICE_HEADER_BYTES
              : frame.length;
        const length = cut % Math.max(1, Math.min(frame.length, min));
        expect(decodeMeshMessage(frame.subarray(0, length)).ok).toBe(false);
      }),
    );
  });

  it("refuses a frame one byte over the limit and takes one at it", () => {
    const at = new Uint8Array(MAX_MESH_FRAME_BYTES);
    writeMeshUpdateHeader(at, 1);
    expect(decodeMeshMessage(at).ok).toBe(true);
    const over = new Uint8Array(MAX_MESH_FRAME_BYTES + 1);
    writeMeshUpdateHeader(over, 1);
    expect(refusal(over)).toBe("frame of 65534 bytes over 65533");
  });

  it("returns another version's HELLO unread, so the link can be refused with its version", () => {
    // Version 3 and garbage after it: only the version is read.
    expect(decodeMeshMessage(unhex("01 0300 ffffffff"))).toEqual({
      ok: true,
      value: { type: "hello", version: 3, peerId: 0, game: "", schema: 0 },
    });
    expect(refusal(unhex("01 01"))).toBe("truncated hello");
  });

  it("refuses a HELLO from peer 0 or with a malformed game name, beside accepted neighbours", () => {
    expect(refusal(hello(0, "arena", 1))).toBe("hello from peer 0");
    expect(decodeMeshMessage(hello(1, "arena", 1)).ok).toBe(true);
    expect(refusal(hello(1, "Arena", 1))).toBe("game name malformed");
    expect(refusal(hello(1, "", 1))).toBe("game name malformed");
    expect(refusal(hello(1, "a".repeat(33), 1))).toBe("game name malformed");
    expect(decodeMeshMessage(hello(1, "a".repeat(32), 1)).ok).toBe(true);
    // A game name with invalid UTF-8: length 1, byte 0xff.
    expect(refusal(unhex("01 0200 0100 01ff 00000000"))).toBe("truncated or malformed hello");
  });

  it("refuses an UPDATE with no replication bytes, and takes one with a single byte", () => {
    expect(refusal(unhex("02 01000000"))).toBe("update without replication bytes");
    expect(decodeMeshMessage(unhex("02 01000000 00")).ok).toBe(true);
  });

  it("refuses unknown types, trailing bytes, empty frames and a handover to peer 0", () => {
    expect(refusal(new Uint8Array())).toBe("empty frame");
    expect(refusal(unhex("06"))).toBe("unknown message type 0x06");
    expect(refusal(unhex("00"))).toBe("unknown message type 0x00");
    expect(refusal(unhex("03 07000000 00"))).toBe("trailing bytes after message");
    expect(refusal(unhex("04 0200 00"))).toBe("trailing bytes after message");
    expect(refusal(unhex("04 0000"))).toBe("handover to peer 0");
    expect(refusal(unhex("04 02"))).toBe("truncated handover");
  });

  it("refuses VOICE with reserved flags, an empty packet without END or one over 400 bytes, beside accepted neighbours", () => {
    expect(refusal(unhex("05 0100 10 aa"))).toBe("voice flags reserved bits set");
    expect(refusal(unhex("05 0100 40 aa"))).toBe("voice flags reserved bits set");
    expect(decodeMeshMessage(unhex("05 0100 8f aa")).ok).toBe(true); // END, channel 15
    expect(refusal(unhex("05 0100 00"))).toBe("empty voice payload without end");
    expect(decodeMeshMessage(unhex("05 0100 80")).ok).toBe(true);
    const atLimit = voice(1, 0, false, new Uint8Array(MAX_VOICE_PAYLOAD_BYTES));
    expect(decodeMeshMessage(atLimit).ok).toBe(true);
    const over = voice(1, 0, false, new Uint8Array(MAX_VOICE_PAYLOAD_BYTES + 1));
    expect(refusal(over)).toBe("voice payload too large");
    expect(refusal(unhex("05 01"))).toBe("truncated voice header");
  });

  it("names the game names a HELLO can carry", () => {
    expect(isMeshGameName("arena-2")).toBe(true);
    expect(isMeshGameName("arena_2")).toBe(false);
  });
});
