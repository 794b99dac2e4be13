import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { CLOSE, describeClose } from "./close-codes.js";
import { SERVER_OP } from "./opcodes.js";
import {
  decodeServerMessage,
  encodePlayerJoined,
  encodePlayerLeft,
  encodePlayerStatus,
  encodePong,
  encodeSpectatorWelcome,
  encodeWelcome,
  NO_INPUT_ACK,
  type ServerMessage,
  SNAPSHOT_HEADER_BYTES,
  type SpectatorWelcomeMessage,
  type WelcomeMessage,
  writeSnapshotHeader,
} from "./server-messages.js";
import { encodeVoiceState, relayedVoiceFrame } from "./voice-messages.js";

const unhex = (text: string) =>
  Uint8Array.from(Buffer.from(text.replace(/#[^\n]*/g, "").replace(/\s+/g, ""), "hex"));

function welcome(m: Omit<WelcomeMessage, "type">): Uint8Array {
  const w = new ByteWriter();
  encodeWelcome(w, m);
  return w.toBytes();
}

function spectatorWelcome(m: Omit<SpectatorWelcomeMessage, "type">): Uint8Array {
  const w = new ByteWriter();
  encodeSpectatorWelcome(w, m);
  return w.toBytes();
}

/** A SNAPSHOT built as the room builds it: the update behind reserved bytes, header in place. */
function snapshot(ackSeq: number, update: Uint8Array, inputBuffer = 0): Uint8Array {
  const frame = new Uint8Array(SNAPSHOT_HEADER_BYTES + update.length);
  frame.set(update, SNAPSHOT_HEADER_BYTES);
  writeSnapshotHeader(frame, ackSeq, inputBuffer);
  return frame;
}

function joined(playerId: number, name: string): Uint8Array {
  const w = new ByteWriter();
  encodePlayerJoined(w, playerId, name);
  return w.toBytes();
}

function left(playerId: number): Uint8Array {
  const w = new ByteWriter();
  encodePlayerLeft(w, playerId);
  return w.toBytes();
}

function status(playerId: number, connected: boolean): Uint8Array {
  const w = new ByteWriter();
  encodePlayerStatus(w, playerId, connected);
  return w.toBytes();
}

function pong(clientTime: number, serverTime: number): Uint8Array {
  const w = new ByteWriter();
  encodePong(w, clientTime, serverTime);
  return w.toBytes();
}

function reencode(msg: ServerMessage): Uint8Array {
  switch (msg.type) {
    case "welcome":
      return welcome(msg);
    case "spectator-welcome":
      return spectatorWelcome(msg);
    case "snapshot":
      return snapshot(msg.ackSeq, msg.update, msg.inputBuffer);
    case "player-joined":
      return joined(msg.playerId, msg.name);
    case "player-left":
      return left(msg.playerId);
    case "player-status":
      return status(msg.playerId, msg.connected);
    case "pong":
      return pong(msg.clientTime, msg.serverTime);
    case "rpc":
      // Passed whole: shared/rpc decodes it against the game's declarations.
      return msg.frame.slice();
    case "voice":
      return relayedVoiceFrame(msg.speaker, msg);
    case "voice-state": {
      const w = new ByteWriter();
      encodeVoiceState(w, msg.playerId, msg.muted);
      return w.toBytes();
    }
  }
}

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const f64 = fc.double({ noNaN: true });
const shortText = fc
  .string({ unit: "binary", maxLength: 20 })
  .filter((s) => Buffer.byteLength(s) < 256);

const welcomeFields = fc.record({
  version: u16,
  playerId: u16,
  tickRate: u8,
  tick: u32,
  serverTime: f64,
  roomId: shortText,
  resumed: fc.boolean(),
  resumeToken: shortText,
});

const spectatorWelcomeFields = fc.record({
  version: u16,
  tickRate: u8,
  tick: u32,
  serverTime: f64,
  roomId: shortText,
  delayTicks: u16,
  keyframeTicks: u16,
});

const pair = (frame: Uint8Array, msg: ServerMessage): [Uint8Array, ServerMessage] => [frame, msg];

/** A valid frame of any server message type, with the message it carries. */
const validMessage = fc.oneof(
  welcomeFields.map((m) => pair(welcome(m), { type: "welcome", ...m })),
  spectatorWelcomeFields.map((m) => pair(spectatorWelcome(m), { type: "spectator-welcome", ...m })),
  fc
    .tuple(u32, fc.integer({ min: -128, max: 127 }), fc.uint8Array({ maxLength: 30 }))
    .map(([ackSeq, inputBuffer, update]) =>
      pair(snapshot(ackSeq, update, inputBuffer), {
        type: "snapshot",
        ackSeq,
        inputBuffer,
        update,
      }),
    ),
  fc
    .tuple(u16, shortText)
    .map(([playerId, name]) =>
      pair(joined(playerId, name), { type: "player-joined", playerId, name }),
    ),
  u16.map((playerId) => pair(left(playerId), { type: "player-left", playerId })),
  fc
    .tuple(u16, fc.boolean())
    .map(([playerId, connected]) =>
      pair(status(playerId, connected), { type: "player-status", playerId, connected }),
    ),
  fc
    .tuple(u32, f64)
    .map(([clientTime, serverTime]) =>
      pair(pong(clientTime, serverTime), { type: "pong", clientTime, serverTime }),
    ),
);

describe("server message golden bytes", () => {
  it("encodes WELCOME as pinned", () => {
    const expected = unhex(`
      41                 # type WELCOME
      0500               # version u16 = 5
      0700               # playerId u16 = 7
      14                 # tickRate u8 = 20
      00010000           # tick u32 = 256
      000000000000f83f   # serverTime f64 = 1.5
      05 6c6f626279      # roomId str8: length 5, "lobby"
      01                 # resumed u8 = 1
      04 61623132        # resumeToken str8: length 4, "ab12"
    `);
    const fields = { version: 5, playerId: 7, tickRate: 20, tick: 256, serverTime: 1.5 };
    const tail = { roomId: "lobby", resumed: true, resumeToken: "ab12" };
    expect(welcome({ ...fields, ...tail })).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "welcome", ...fields, ...tail },
    });
  });

  it("encodes SPECTATOR_WELCOME as pinned", () => {
    const expected = unhex(`
      49                 # type SPECTATOR_WELCOME
      0700               # version u16 = 7
      1e                 # tickRate u8 = 30
      00010000           # tick u32 = 256
      000000000000f83f   # serverTime f64 = 1.5
      05 6c6f626279      # roomId str8: length 5, "lobby"
      5a00               # delayTicks u16 = 90 (3 s at 30 Hz)
      3c00               # keyframeTicks u16 = 60 (2 s at 30 Hz)
    `);
    const fields = {
      version: 7,
      tickRate: 30,
      tick: 256,
      serverTime: 1.5,
      roomId: "lobby",
      delayTicks: 90,
      keyframeTicks: 60,
    };
    expect(spectatorWelcome(fields)).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "spectator-welcome", ...fields },
    });
    // Cut before its last byte, it is refused.
    expect(decodeServerMessage(expected.subarray(0, expected.length - 1)).ok).toBe(false);
  });

  it("encodes PLAYER_STATUS as pinned and refuses a flag above 1", () => {
    const expected = unhex(`
      46     # type PLAYER_STATUS
      0900   # playerId u16 = 9
      00     # connected u8 = 0 (the link dropped)
    `);
    expect(status(9, false)).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "player-status", playerId: 9, connected: false },
    });
    expect(decodeServerMessage(unhex("46 0900 01")).ok).toBe(true);
    expect(decodeServerMessage(unhex("46 0900 02")).ok).toBe(false);
  });

  it("encodes SNAPSHOT as pinned, with NO_INPUT_ACK as 0xFFFFFFFF", () => {
    const expected = unhex(`
      42          # type SNAPSHOT
      ffffffff    # ackSeq u32 = NO_INPUT_ACK
      00          # inputBuffer i8 = 0
      aabb        # update: the replication core's bytes, to the end of the frame
    `);
    expect(NO_INPUT_ACK).toBe(0xffff_ffff);
    expect(SNAPSHOT_HEADER_BYTES).toBe(6);
    expect(snapshot(NO_INPUT_ACK, Uint8Array.of(0xaa, 0xbb))).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: {
        type: "snapshot",
        ackSeq: NO_INPUT_ACK,
        inputBuffer: 0,
        update: Uint8Array.of(0xaa, 0xbb),
      },
    });
  });

  it("encodes SNAPSHOT ackSeq 0x01020304 little-endian and inputBuffer -3 as pinned", () => {
    const expected = unhex(`
      42          # type SNAPSHOT
      04030201    # ackSeq u32 = 0x01020304
      fd          # inputBuffer i8 = -3 (three ticks in a row without a new input)
      0c          # update
    `);
    expect(snapshot(0x0102_0304, Uint8Array.of(0x0c), -3)).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: {
        type: "snapshot",
        ackSeq: 0x0102_0304,
        inputBuffer: -3,
        update: Uint8Array.of(0x0c),
      },
    });
  });

  it("clamps inputBuffer to an i8: 200 is written as 127 and -200 as -128", () => {
    expect(snapshot(0, new Uint8Array(0), 200)[5]).toBe(0x7f);
    expect(snapshot(0, new Uint8Array(0), -200)[5]).toBe(0x80);
    expect(decodeServerMessage(snapshot(0, new Uint8Array(0), -200))).toMatchObject({
      ok: true,
      value: { inputBuffer: -128 },
    });
  });

  it("writes the SNAPSHOT header over the reserved bytes only, whatever they held", () => {
    // A reused buffer: stale bytes in the header, an update behind it.
    const frame = Uint8Array.of(0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0x11, 0x22, 0x33);
    writeSnapshotHeader(frame, 0x8000_0001, 2);
    expect(frame).toEqual(Uint8Array.of(0x42, 0x01, 0x00, 0x00, 0x80, 0x02, 0x11, 0x22, 0x33));
    writeSnapshotHeader(frame, 0);
    expect(frame).toEqual(Uint8Array.of(0x42, 0, 0, 0, 0, 0, 0x11, 0x22, 0x33));
  });

  it("encodes PLAYER_JOINED as pinned", () => {
    const expected = unhex(`
      43          # type PLAYER_JOINED
      0201        # playerId u16 = 0x0102
      02 626f     # name str8: length 2, "bo"
    `);
    expect(joined(0x0102, "bo")).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "player-joined", playerId: 0x0102, name: "bo" },
    });
  });

  it("encodes PLAYER_LEFT as pinned", () => {
    const expected = unhex(`
      44          # type PLAYER_LEFT
      0900        # playerId u16 = 9
    `);
    expect(left(9)).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "player-left", playerId: 9 },
    });
  });

  it("encodes PONG as pinned", () => {
    const expected = unhex(`
      45                 # type PONG
      efbeadde           # clientTime u32 = 0xdeadbeef (echoed)
      0000000000408f40   # serverTime f64 = 1000
    `);
    expect(pong(0xdead_beef, 1000)).toEqual(expected);
    expect(decodeServerMessage(expected)).toEqual({
      ok: true,
      value: { type: "pong", clientTime: 0xdead_beef, serverTime: 1000 },
    });
  });

  it("keeps the server message types from 0x41 and below 128", () => {
    expect(SERVER_OP).toEqual({
      WELCOME: 0x41,
      SNAPSHOT: 0x42,
      PLAYER_JOINED: 0x43,
      PLAYER_LEFT: 0x44,
      PONG: 0x45,
      PLAYER_STATUS: 0x46,
      RPC_RESULT: 0x47,
      RPC_EVENT: 0x48,
      SPECTATOR_WELCOME: 0x49,
      VOICE: 0x4a,
      VOICE_STATE: 0x4b,
      ZONE_TICKET: 0x50,
      ZONE_SWITCH: 0x51,
      ZONE_RESUME: 0x52,
    });
  });
});

describe("decodeServerMessage round trips", () => {
  it("decodes every message to the fields that were encoded", () => {
    fc.assert(
      fc.property(validMessage, ([frame, msg]) => {
        expect(decodeServerMessage(frame)).toEqual({ ok: true, value: msg });
      }),
      { numRuns: 300 },
    );
  });
});

describe("decodeServerMessage refusals", () => {
  it("refuses an empty frame", () => {
    expect(decodeServerMessage(new Uint8Array(0))).toEqual({ ok: false, error: "empty frame" });
  });

  it("refuses unknown type bytes beside the known ones", () => {
    for (const op of [0x00, 0x01, 0x40, 0x4c, 0xc1]) {
      const result = decodeServerMessage(Uint8Array.of(op, 0x09, 0x00));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/unknown message type/);
    }
    expect(decodeServerMessage(Uint8Array.of(0x44, 0x09, 0x00)).ok).toBe(true);
  });

  it("refuses every proper prefix of a valid frame (SNAPSHOT: every prefix of its header)", () => {
    fc.assert(
      fc.property(validMessage, ([frame, msg]) => {
        // A SNAPSHOT's update runs to the end of the frame, so only its header can be cut short.
        const cut = msg.type === "snapshot" ? SNAPSHOT_HEADER_BYTES : frame.length;
        for (let n = 0; n < cut; n++)
          expect(decodeServerMessage(frame.subarray(0, n)).ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("accepts a SNAPSHOT of exactly its header with an empty update, and refuses 5 bytes", () => {
    // The update's own checks (an empty update is refused) belong to the replication client.
    const header = snapshot(1, new Uint8Array(0));
    expect(header.length).toBe(SNAPSHOT_HEADER_BYTES);
    expect(decodeServerMessage(header)).toEqual({
      ok: true,
      value: { type: "snapshot", ackSeq: 1, inputBuffer: 0, update: new Uint8Array(0) },
    });
    expect(decodeServerMessage(header.subarray(0, 5)).ok).toBe(false);
  });

  it("refuses a fixed-size message followed by trailing bytes", () => {
    fc.assert(
      fc.property(
        validMessage,
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        ([frame, msg], x) => {
          if (msg.type === "snapshot") return; // trailing bytes are update
          const doctored = new Uint8Array(frame.length + x.length);
          doctored.set(frame);
          doctored.set(x, frame.length);
          expect(decodeServerMessage(doctored).ok).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
    expect(decodeServerMessage(unhex("44 0900 00"))).toEqual({
      ok: false,
      error: "trailing bytes after message",
    });
  });

  it("refuses a name or room id that is malformed UTF-8 beside its well-formed neighbour", () => {
    expect(decodeServerMessage(unhex("43 0100 02 c080")).ok).toBe(false);
    expect(decodeServerMessage(unhex("43 0100 02 c280")).ok).toBe(true);
    const welcomeHead = "41 0100 0100 14 00000000 0000000000000000";
    expect(decodeServerMessage(unhex(`${welcomeHead} 03 eda080 00 00`)).ok).toBe(false);
    expect(decodeServerMessage(unhex(`${welcomeHead} 03 ed9fbf 00 00`)).ok).toBe(true);
    // The resumed flag is a bool: 2 is refused beside 1.
    expect(decodeServerMessage(unhex(`${welcomeHead} 00 02 00`)).ok).toBe(false);
    expect(decodeServerMessage(unhex(`${welcomeHead} 00 01 00`)).ok).toBe(true);
  });
});

describe("decodeServerMessage on hostile bytes", () => {
  /** What decodes must re-encode to bytes that decode to the same message. */
  function consistent(bytes: Uint8Array): void {
    const result = decodeServerMessage(bytes);
    if (!result.ok) return;
    const again = reencode(result.value);
    expect(decodeServerMessage(again)).toEqual(result);
    // NaN payloads aside, the bytes themselves come back.
    if (!Number.isNaN(serverTime(result.value))) expect(again).toEqual(bytes);
  }

  function serverTime(msg: ServerMessage): number {
    return msg.type === "welcome" || msg.type === "spectator-welcome" || msg.type === "pong"
      ? msg.serverTime
      : 0;
  }

  it("never throws on random bytes, and what it accepts re-encodes consistently", () => {
    const opFirst = fc
      .tuple(fc.constantFrom(0x41, 0x42, 0x43, 0x44, 0x45, 0x49), fc.uint8Array({ maxLength: 40 }))
      .map(([op, rest]) => Uint8Array.of(op, ...rest));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), opFirst), consistent), {
      numRuns: 400,
    });
  });

  it("never throws on a valid frame with one bit flipped, and stays consistent", () => {
    fc.assert(
      fc.property(validMessage, fc.nat(), ([frame], at) => {
        const doctored = frame.slice();
        const bit = at % (frame.length * 8);
        doctored[bit >> 3]! ^= 1 << (bit & 7);
        consistent(doctored);
      }),
      { numRuns: 400 },
    );
  });
});

describe("close codes", () => {
  const entries = Object.entries(CLOSE);

  it("pins the connection and protocol close codes with their retryable flags", () => {
    // The 41xx (credentials) and 42xx (moderation) blocks are pinned by their own tests;
    // the invariants below hold for every entry.
    const table = Object.fromEntries(
      entries.filter(([, c]) => c.code < 4100).map(([k, c]) => [k, [c.code, c.retryable]]),
    );
    expect(table).toEqual({
      NORMAL: [1000, false],
      GOING_AWAY: [1001, true],
      MALFORMED_FRAME: [4000, false],
      UNSUPPORTED_VERSION: [4001, false],
      FRAME_TOO_LARGE: [4002, false],
      HANDSHAKE_TIMEOUT: [4003, true],
      UNEXPECTED_MESSAGE: [4004, false],
      ROOM_FULL: [4005, true],
      INVALID_HELLO: [4006, false],
      RATE_LIMITED: [4007, true],
      INVALID_INPUT: [4008, false],
      SCHEMA_MISMATCH: [4009, false],
      WRONG_GAME: [4010, false],
      TOO_MANY_PENDING: [4011, true],
      MATCH_BUDGET: [4012, false],
    });
  });

  it("refuses a client of another game schema with 4009, not retryable", () => {
    expect(CLOSE.SCHEMA_MISMATCH).toEqual({
      code: 4009,
      reason: "game schema mismatch",
      retryable: false,
    });
    expect(describeClose(4009)).toBe(CLOSE.SCHEMA_MISMATCH);
  });

  it("gives every entry a boolean retryable flag", () => {
    for (const [key, c] of entries) expect(typeof c.retryable, key).toBe("boolean");
  });

  it("gives every entry a distinct code and a distinct, non-empty reason", () => {
    const codes = entries.map(([, c]) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    const reasons = entries.map(([, c]) => c.reason);
    expect(new Set(reasons).size).toBe(reasons.length);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(0);
  });

  it("keeps every application code in 4000-4999, except NORMAL and GOING_AWAY", () => {
    for (const [key, c] of entries) {
      if (key === "NORMAL" || key === "GOING_AWAY") continue;
      expect(c.code, key).toBeGreaterThanOrEqual(4000);
      expect(c.code, key).toBeLessThanOrEqual(4999);
    }
  });

  it("keeps close reasons within the 123 bytes a WebSocket close frame allows", () => {
    for (const [, c] of entries) expect(Buffer.byteLength(c.reason)).toBeLessThanOrEqual(123);
  });

  it("describes every code in the table as its own entry, and unknown codes as undefined", () => {
    for (const [, c] of entries) expect(describeClose(c.code)).toBe(c);
    // The first application codes the table leaves free, beside codes it holds.
    const used = new Set<number>(entries.map(([, c]) => c.code));
    const free = Array.from({ length: 1000 }, (_, i) => 4000 + i).filter((code) => !used.has(code));
    expect(free.length).toBeGreaterThan(0);
    for (const code of [...free.slice(0, 20), free.at(-1)!])
      expect(describeClose(code), `${code}`).toBeUndefined();
    expect(describeClose(1006)).toBeUndefined();
    expect(describeClose(0)).toBeUndefined();
  });
});
