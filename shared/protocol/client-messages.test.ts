import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeHello,
  encodeInputHeader,
  encodePing,
  encodeRate,
  HELLO_ROLE,
  type HelloRole,
  NO_TICK_ACK,
} from "./client-messages.js";
import {
  MAX_CLIENT_FRAME_BYTES,
  MAX_INPUTS_PER_FRAME,
  MAX_NAME_BYTES,
  MAX_RESUME_TOKEN_BYTES,
  MAX_TOKEN_BYTES,
  PROTOCOL_VERSION,
} from "./limits.js";
import { encodeVoice } from "./voice-messages.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const unhex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));

/** Any schema fingerprint: the protocol carries it without interpreting it. */
const SCHEMA = 0x0a0b_0c0d;

/** The game every HELLO here names. */
const GAME = "arena";

function hello(
  name: string,
  token: string,
  schema = SCHEMA,
  resume = "",
  game = GAME,
  role: HelloRole = "player",
): Uint8Array {
  const w = new ByteWriter();
  encodeHello(w, { game, schema, name, token, resume, role });
  return w.toBytes();
}

function input(
  firstSeq: number,
  inputs: Uint8Array,
  count = inputs.length,
  ackTick = NO_TICK_ACK,
): Uint8Array {
  const w = new ByteWriter();
  encodeInputHeader(w, ackTick, firstSeq, count);
  w.bytes(inputs);
  return w.toBytes();
}

function ping(clientTime: number): Uint8Array {
  const w = new ByteWriter();
  encodePing(w, clientTime);
  return w.toBytes();
}

function rate(bytesPerSecond: number): Uint8Array {
  const w = new ByteWriter();
  encodeRate(w, bytesPerSecond);
  return w.toBytes();
}

/** Re-encodes a decoded message with the public encoders (inputs of `inputBytes` each). */
function reencode(msg: ClientMessage): Uint8Array {
  switch (msg.type) {
    case "hello":
      return hello(msg.name, msg.token, msg.schema, msg.resume, msg.game, msg.role);
    case "input":
      return input(msg.firstSeq, msg.inputs, msg.count, msg.ackTick);
    case "ping":
      return ping(msg.clientTime);
    case "rate":
      return rate(msg.bytesPerSecond);
    case "voice": {
      const w = new ByteWriter();
      encodeVoice(w, msg);
      return w.toBytes();
    }
  }
}

const name = fc
  .string({ unit: "binary", minLength: 1, maxLength: 12 })
  .filter((s) => Buffer.byteLength(s) <= MAX_NAME_BYTES);
const token = fc.string({ unit: "binary", maxLength: 40 });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const INPUT_BYTES = 3;
const inputs = fc
  .integer({ min: 1, max: MAX_INPUTS_PER_FRAME })
  .chain((n) => fc.uint8Array({ minLength: n * INPUT_BYTES, maxLength: n * INPUT_BYTES }));

/** A valid frame of any client message type. */
const role = fc.constantFrom<HelloRole>("player", "spectator");

const validFrame = fc.oneof(
  fc.tuple(name, token, u32, role).map(([n, t, schema, r]) => hello(n, t, schema, "", GAME, r)),
  fc.tuple(u32, inputs, u32).map(([s, b, ack]) => input(s, b, b.length / INPUT_BYTES, ack)),
  u32.map(ping),
  u32.map(rate),
);

describe("client message golden bytes", () => {
  it("speaks protocol version 9 and acknowledges no tick as 0xFFFFFFFF", () => {
    // 9 since DELTA updates carry coded-field orders (docs/protocol.md, "Versions").
    expect(PROTOCOL_VERSION).toBe(9);
    expect(NO_TICK_ACK).toBe(0xffff_ffff);
  });

  it("encodes HELLO version 9, role player, game 'arena', schema 0x0a0b0c0d, name 'ada', token '', no resume as pinned", () => {
    const expected = unhex(
      `
      01          # type HELLO
      0900        # version u16 = 9
      00          # role u8 = 0 (player)
      05 6172656e61 # game str8: length 5, "arena"
      0d0c0b0a    # schema u32 = 0x0a0b0c0d (the game schema's fingerprint)
      03 616461   # name str8: length 3, "ada"
      0000        # token str16: length 0
      00          # resume str8: length 0 (a fresh join)
    `.replace(/#[^\n]*/g, ""),
    );
    expect(hello("ada", "")).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: {
        type: "hello",
        version: 9,
        role: "player",
        game: "arena",
        schema: 0x0a0b_0c0d,
        name: "ada",
        token: "",
        resume: "",
      },
    });
  });

  it("encodes HELLO with a resume token as pinned and refuses one over 64 bytes", () => {
    const expected = unhex(
      `
      01 0900 00 05 6172656e61 0d0c0b0a 03 616461 0000
      02 6162     # resume str8: length 2, "ab"
    `.replace(/#[^\n]*/g, ""),
    );
    expect(hello("ada", "", SCHEMA, "ab")).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: {
        type: "hello",
        version: 9,
        role: "player",
        game: "arena",
        schema: SCHEMA,
        name: "ada",
        token: "",
        resume: "ab",
      },
    });
    expect(MAX_RESUME_TOKEN_BYTES).toBe(64);
    expect(decodeClientMessage(hello("ada", "", SCHEMA, "r".repeat(64)), 1).ok).toBe(true);
    expect(decodeClientMessage(hello("ada", "", SCHEMA, "r".repeat(65)), 1)).toEqual({
      ok: false,
      error: "resume token too long",
    });
  });

  it("encodes HELLO with a multi-byte name, a token and the largest schema as pinned", () => {
    const expected = unhex(
      `
      01              # type HELLO
      0900            # version u16 = 9
      00              # role u8 = 0 (player)
      01 78           # game str8: length 1, "x"
      ffffffff        # schema u32 = 0xffffffff
      05 c3a9 6c c3a9 # name str8: length 5, "élé"
      0200 746b       # token str16: length 2, "tk"
      00              # resume str8: length 0
    `.replace(/#[^\n]*/g, ""),
    );
    expect(hello("élé", "tk", 0xffff_ffff, "", "x")).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: {
        type: "hello",
        version: 9,
        role: "player",
        game: "x",
        schema: 0xffff_ffff,
        name: "élé",
        token: "tk",
        resume: "",
      },
    });
  });

  it("encodes INPUT ackTick 0x0a0b0c0d, firstSeq 0x01020304 with two one-byte inputs as pinned", () => {
    const expected = unhex(
      `
      02          # type INPUT
      0d0c0b0a    # ackTick u32 = 0x0a0b0c0d
      04030201    # firstSeq u32 = 0x01020304
      02          # count u8 = 2
      05 0a       # input 0x01020304 = 0x05, input 0x01020305 = 0x0a
    `.replace(/#[^\n]*/g, ""),
    );
    expect(input(0x0102_0304, Uint8Array.of(0x05, 0x0a), 2, 0x0a0b_0c0d)).toEqual(expected);
    const decoded = decodeClientMessage(expected, 1);
    expect(decoded).toEqual({
      ok: true,
      value: {
        type: "input",
        ackTick: 0x0a0b_0c0d,
        firstSeq: 0x0102_0304,
        count: 2,
        inputs: Uint8Array.of(5, 10),
      },
    });
  });

  it("encodes INPUT before any applied state with ackTick NO_TICK_ACK as pinned", () => {
    const expected = unhex(
      `
      02          # type INPUT
      ffffffff    # ackTick u32 = NO_TICK_ACK
      00000000    # firstSeq u32 = 0
      01          # count u8 = 1
      0f          # input 0 = 0x0f
    `.replace(/#[^\n]*/g, ""),
    );
    expect(input(0, Uint8Array.of(0x0f))).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: {
        type: "input",
        ackTick: NO_TICK_ACK,
        firstSeq: 0,
        count: 1,
        inputs: Uint8Array.of(0x0f),
      },
    });
  });

  it("encodes PING clientTime 0xdeadbeef as pinned", () => {
    const expected = unhex(
      `
      03          # type PING
      efbeadde    # clientTime u32 = 0xdeadbeef
    `.replace(/#[^\n]*/g, ""),
    );
    expect(ping(0xdead_beef)).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: { type: "ping", clientTime: 0xdead_beef },
    });
  });

  it("encodes RATE 24000 bytes/s as pinned, and refuses a truncated one", () => {
    const expected = unhex(
      `
      05          # type RATE
      c05d0000    # bytesPerSecond u32 = 24000 (0: no cap of the client's own)
    `.replace(/#[^\n]*/g, ""),
    );
    expect(rate(24_000)).toEqual(expected);
    expect(decodeClientMessage(expected, 1)).toEqual({
      ok: true,
      value: { type: "rate", bytesPerSecond: 24_000 },
    });
    expect(decodeClientMessage(expected.subarray(0, 4), 1)).toEqual({
      ok: false,
      error: "truncated rate",
    });
  });

  it("stamps PING with the client time modulo 2^32", () => {
    expect(hex(ping(2 ** 32 + 5))).toBe("03" + "05000000");
    expect(hex(ping(-1))).toBe("03" + "ffffffff");
  });

  it("puts the protocol version at bytes 1-2 of HELLO", () => {
    const bytes = hello("x", "");
    expect(bytes[1]! | (bytes[2]! << 8)).toBe(PROTOCOL_VERSION);
  });
});

describe("decodeClientMessage round trips", () => {
  it("decodes HELLO to the schema, name and token that were encoded", () => {
    fc.assert(
      fc.property(name, token, u32, (n, t, schema) => {
        expect(decodeClientMessage(hello(n, t, schema), 1)).toEqual({
          ok: true,
          value: {
            type: "hello",
            version: PROTOCOL_VERSION,
            role: "player",
            game: GAME,
            schema,
            name: n,
            token: t,
            resume: "",
          },
        });
      }),
      { numRuns: 150 },
    );
  });

  it("decodes INPUT to the tick ack, sequence, count and input bytes that were encoded", () => {
    fc.assert(
      fc.property(u32, u32, inputs, (ackTick, firstSeq, bytes) => {
        const count = bytes.length / INPUT_BYTES;
        expect(decodeClientMessage(input(firstSeq, bytes, count, ackTick), INPUT_BYTES)).toEqual({
          ok: true,
          value: { type: "input", ackTick, firstSeq, count, inputs: bytes },
        });
      }),
      { numRuns: 150 },
    );
  });

  it("decodes PING to the client time that was encoded", () => {
    fc.assert(
      fc.property(u32, (clientTime) => {
        expect(decodeClientMessage(ping(clientTime), 1)).toEqual({
          ok: true,
          value: { type: "ping", clientTime },
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe("decodeClientMessage refusals", () => {
  const refused = (bytes: Uint8Array, inputBytes = 1) =>
    decodeClientMessage(bytes, inputBytes).ok === false;

  it("refuses an empty frame", () => {
    expect(decodeClientMessage(new Uint8Array(0), 1)).toEqual({ ok: false, error: "empty frame" });
  });

  it("refuses unknown type bytes next to the known ones", () => {
    for (const op of [0x00, 0x04, 0x07, 0x41, 0x7f, 0xff]) {
      const result = decodeClientMessage(Uint8Array.of(op, 0, 0, 0, 0), 1);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/unknown message type/);
    }
    expect(decodeClientMessage(Uint8Array.of(0x03, 0, 0, 0, 0), 1).ok).toBe(true);
  });

  it("refuses every proper prefix of a valid frame", () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        expect(decodeClientMessage(frame, INPUT_BYTES).ok).toBe(true);
        for (let n = 0; n < frame.length; n++) {
          expect(decodeClientMessage(frame.subarray(0, n), INPUT_BYTES).ok).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("refuses a valid frame followed by trailing bytes", () => {
    fc.assert(
      fc.property(validFrame, fc.uint8Array({ minLength: 1, maxLength: 8 }), (frame, extra) => {
        const doctored = new Uint8Array(frame.length + extra.length);
        doctored.set(frame);
        doctored.set(extra, frame.length);
        expect(decodeClientMessage(doctored, INPUT_BYTES).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
    expect(decodeClientMessage(unhex("03 00000000 00"), 1)).toEqual({
      ok: false,
      error: "trailing bytes after message",
    });
  });

  it("refuses INPUT with count 0 or 33 but accepts 1 and 32", () => {
    expect(refused(input(0, new Uint8Array(0), 0))).toBe(true);
    expect(refused(input(0, new Uint8Array(33), 33))).toBe(true);
    expect(refused(input(0, new Uint8Array(1), 1))).toBe(false);
    expect(refused(input(0, new Uint8Array(32), 32))).toBe(false);
    expect(MAX_INPUTS_PER_FRAME).toBe(32);
  });

  it("refuses INPUT whose payload is not exactly count × inputBytes", () => {
    // count 2 with inputBytes 2 needs 4 bytes
    expect(refused(input(0, new Uint8Array(3), 2), 2)).toBe(true);
    expect(refused(input(0, new Uint8Array(5), 2), 2)).toBe(true);
    expect(refused(input(0, new Uint8Array(4), 2), 2)).toBe(false);
  });

  it("refuses HELLO whose game name is empty, too long or not a-z 0-9 - but accepts 32 of them", () => {
    expect(refused(hello("ada", "", SCHEMA, "", ""))).toBe(true);
    expect(refused(hello("ada", "", SCHEMA, "", "a".repeat(33)))).toBe(true);
    expect(refused(hello("ada", "", SCHEMA, "", "Arena"))).toBe(true);
    expect(refused(hello("ada", "", SCHEMA, "", "aré"))).toBe(true);
    expect(refused(hello("ada", "", SCHEMA, "", "a".repeat(32)))).toBe(false);
    expect(refused(hello("ada", "", SCHEMA, "", "connect-4"))).toBe(false);
  });

  it("refuses HELLO with an empty name or a 33-byte name but accepts 32 bytes", () => {
    expect(refused(hello("", ""))).toBe(true);
    expect(refused(hello("a".repeat(33), ""))).toBe(true);
    expect(refused(hello(`${"é".repeat(16)}a`, ""))).toBe(true); // 33 UTF-8 bytes
    expect(refused(hello("a".repeat(32), ""))).toBe(false);
    expect(refused(hello("é".repeat(16), ""))).toBe(false); // 32 UTF-8 bytes
    expect(refused(hello("a", ""))).toBe(false);
    expect(MAX_NAME_BYTES).toBe(32);
  });

  it("refuses HELLO with a 4097-byte token but accepts 4096 bytes", () => {
    expect(refused(hello("ada", "t".repeat(4097)))).toBe(true);
    expect(refused(hello("ada", "t".repeat(4096)))).toBe(false);
    expect(MAX_TOKEN_BYTES).toBe(4096);
  });

  it("refuses HELLO whose name or token is malformed UTF-8", () => {
    // version 9, role player, game "a", schema 0, name length 2, bytes C0 80 (overlong NUL), an empty
    // token and resume
    expect(refused(unhex("01 0900 00 01 61 00000000 02 c080 0000 00"))).toBe(true);
    expect(refused(unhex("01 0900 00 01 61 00000000 02 c280 0000 00"))).toBe(false);
    // token length 1, a stray continuation byte
    expect(refused(unhex("01 0900 00 01 61 00000000 01 61 0100 80 00"))).toBe(true);
    expect(refused(unhex("01 0900 00 01 61 00000000 01 61 0100 7f 00"))).toBe(false);
  });

  it("refuses a frame larger than MAX_CLIENT_FRAME_BYTES and accepts one of exactly that size", () => {
    expect(MAX_CLIENT_FRAME_BYTES).toBe(4400);
    // 10-byte header + 10 inputs × 439 bytes = 4400 bytes: at the limit.
    const atLimit = input(1, new Uint8Array(10 * 439), 10);
    expect(atLimit.length).toBe(4400);
    expect(decodeClientMessage(atLimit, 439).ok).toBe(true);
    // 10-byte header + 1 input × 4390 bytes = 4400 bytes: at the limit too.
    const oneAtLimit = input(1, new Uint8Array(4390), 1);
    expect(decodeClientMessage(oneAtLimit, 4390).ok).toBe(true);
    // 10-byte header + 1 input × 4391 bytes = 4401 bytes: well-formed, but one byte over.
    const overLimit = input(1, new Uint8Array(4391), 1);
    expect(overLimit.length).toBe(4401);
    expect(decodeClientMessage(overLimit, 4391)).toEqual({ ok: false, error: "frame too large" });
  });

  it("decodes HELLO with another version to the version alone, so the room can answer 4001", () => {
    const alone = (version: number) => ({
      ok: true,
      value: {
        type: "hello",
        version,
        role: "player",
        game: "",
        schema: 0,
        name: "",
        token: "",
        resume: "",
      },
    });
    // A version 1 hello (no schema field: name straight after the version) decodes to its
    // version only, with schema 0 and empty name and token.
    expect(decodeClientMessage(unhex("01 0100 03 616461 0000"), 1)).toEqual(alone(1));
    // A version 5 hello (no game name: the schema straight after the version).
    expect(decodeClientMessage(unhex("01 0500 0d0c0b0a 03 616461 0000 00"), 1)).toEqual(alone(5));
    // A version 6 hello (no role: the game straight after the version).
    const v6 = unhex("01 0600 05 6172656e61 0d0c0b0a 03 616461 0000 00");
    expect(decodeClientMessage(v6, 1)).toEqual(alone(6));
    // A version 7 hello (laid out as today, but from a build without voice frames).
    const v7 = unhex("01 0700 00 05 6172656e61 0d0c0b0a 03 616461 0000 00");
    expect(decodeClientMessage(v7, 1)).toEqual(alone(7));
    // A version 8 hello (laid out as today, from a build before coded-field orders in DELTAs).
    const v8 = unhex("01 0800 00 05 6172656e61 0d0c0b0a 03 616461 0000 00");
    expect(decodeClientMessage(v8, 1)).toEqual(alone(8));
    // type HELLO, version 10, then bytes laid out however version 10 likes
    expect(decodeClientMessage(unhex("01 0a00 ffffffff"), 1)).toEqual(alone(10));
    expect(decodeClientMessage(unhex("01 0000"), 1)).toEqual(alone(0));
    // Version 9 with nothing after it, a role, game or schema cut short or no resume field is
    // a truncated v9 hello (a v6 hello under a v9 number)...
    expect(decodeClientMessage(unhex("01 0900"), 1).ok).toBe(false);
    expect(
      decodeClientMessage(unhex("01 0900 05 6172656e61 0d0c0b0a 03 616461 0000 00"), 1).ok,
    ).toBe(false);
    expect(decodeClientMessage(unhex("01 0900 00 01 61 000000"), 1).ok).toBe(false);
    expect(decodeClientMessage(unhex("01 0900 00 01 61 00000000 01 61 0000"), 1).ok).toBe(false);
    // ...and its whole neighbour is accepted.
    expect(decodeClientMessage(unhex("01 0900 00 01 61 00000000 01 61 0000 00"), 1).ok).toBe(true);
    // A hello too short to hold the version is refused whatever the version.
    expect(decodeClientMessage(unhex("01 02"), 1).ok).toBe(false);
  });

  it("decodes role 1 as a spectator and refuses role 2", () => {
    const spectator = unhex(
      `
      01 0900     # type HELLO, version 9
      01          # role u8 = 1 (spectator)
      05 6172656e61 0d0c0b0a 03 616461 0000 00
    `.replace(/#[^\n]*/g, ""),
    );
    expect(hello("ada", "", SCHEMA, "", GAME, "spectator")).toEqual(spectator);
    expect(decodeClientMessage(spectator, 1)).toEqual({
      ok: true,
      value: {
        type: "hello",
        version: 9,
        role: "spectator",
        game: "arena",
        schema: SCHEMA,
        name: "ada",
        token: "",
        resume: "",
      },
    });
    expect(HELLO_ROLE).toEqual({ PLAYER: 0, SPECTATOR: 1 });
    const doctored = spectator.slice();
    doctored[3] = 2;
    expect(decodeClientMessage(doctored, 1)).toEqual({
      ok: false,
      error: "hello role out of range",
    });
  });
});

describe("decodeClientMessage on hostile bytes", () => {
  /** Accepted frames re-encode to exactly the bytes that were decoded. */
  function consistent(bytes: Uint8Array): void {
    const result = decodeClientMessage(bytes, INPUT_BYTES);
    if (!result.ok) return;
    const msg = result.value;
    if (msg.type === "hello" && msg.version !== PROTOCOL_VERSION) {
      expect(bytes[1]! | (bytes[2]! << 8)).toBe(msg.version);
      return;
    }
    expect(reencode(msg)).toEqual(bytes);
  }

  it("never throws on random bytes, and what it accepts re-encodes to the same bytes", () => {
    const opFirst = fc
      .tuple(fc.constantFrom(0x01, 0x02, 0x03), fc.uint8Array({ maxLength: 40 }))
      .map(([op, rest]) => Uint8Array.of(op, ...rest));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), opFirst), consistent), {
      numRuns: 400,
    });
  });

  it("never throws on a valid frame with one bit flipped, and stays consistent", () => {
    fc.assert(
      fc.property(validFrame, fc.nat(), (frame, at) => {
        const doctored = frame.slice();
        const bit = at % (frame.length * 8);
        doctored[bit >> 3]! ^= 1 << (bit & 7);
        consistent(doctored);
      }),
      { numRuns: 400 },
    );
  });
});
