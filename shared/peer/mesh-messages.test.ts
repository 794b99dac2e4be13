import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import {
  decodeMeshMessage,
  encodeMeshAck,
  encodeMeshHandover,
  encodeMeshHello,
  isMeshGameName,
  MAX_MESH_FRAME_BYTES,
  MESH_PROTOCOL_VERSION,
  MESH_UPDATE_HEADER_BYTES,
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
);

function refusal(bytes: Uint8Array): string {
  const decoded = decodeMeshMessage(bytes);
  if (decoded.ok) throw new Error(`accepted ${JSON.stringify(decoded.value)}`);
  return decoded.error;
}

describe("mesh message golden bytes", () => {
  it("speaks mesh protocol version 1 in frames of at most 65 533 bytes", () => {
    // 65 536 (the relay's frame limit) − 3 (its header): a mesh frame always fits the relay.
    expect(MESH_PROTOCOL_VERSION).toBe(1);
    expect(MAX_MESH_FRAME_BYTES).toBe(65_533);
  });

  it("encodes HELLO from peer 3 of 'arena' with schema 0x0a0b0c0d as pinned", () => {
    const expected = unhex(`
      01          # type HELLO
      0100        # version u16 = 1
      0300        # peerId u16 = 3
      05 6172656e61 # game str8: length 5, "arena"
      0d0c0b0a    # schema u32 = 0x0a0b0c0d
    `);
    expect(hello(3, "arena", 0x0a0b_0c0d)).toEqual(expected);
    expect(decodeMeshMessage(expected)).toEqual({
      ok: true,
      value: { type: "hello", version: 1, peerId: 3, game: "arena", schema: 0x0a0b_0c0d },
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
        const min = frame[0] === 0x02 ? MESH_UPDATE_HEADER_BYTES : frame.length;
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
    // Version 2 and garbage after it: only the version is read.
    expect(decodeMeshMessage(unhex("01 0200 ffffffff"))).toEqual({
      ok: true,
      value: { type: "hello", version: 2, peerId: 0, game: "", schema: 0 },
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
    expect(refusal(unhex("01 0100 0100 01ff 00000000"))).toBe("truncated or malformed hello");
  });

  it("refuses an UPDATE with no replication bytes, and takes one with a single byte", () => {
    expect(refusal(unhex("02 01000000"))).toBe("update without replication bytes");
    expect(decodeMeshMessage(unhex("02 01000000 00")).ok).toBe(true);
  });

  it("refuses unknown types, trailing bytes, empty frames and a handover to peer 0", () => {
    expect(refusal(new Uint8Array())).toBe("empty frame");
    expect(refusal(unhex("05"))).toBe("unknown message type 0x05");
    expect(refusal(unhex("00"))).toBe("unknown message type 0x00");
    expect(refusal(unhex("03 07000000 00"))).toBe("trailing bytes after message");
    expect(refusal(unhex("04 0200 00"))).toBe("trailing bytes after message");
    expect(refusal(unhex("04 0000"))).toBe("handover to peer 0");
    expect(refusal(unhex("04 02"))).toBe("truncated handover");
  });

  it("names the game names a HELLO can carry", () => {
    expect(isMeshGameName("arena-2")).toBe(true);
    expect(isMeshGameName("arena_2")).toBe(false);
  });
});
