import { describe, expect, it } from "vitest";
import {
  REPLAY_CHUNK_FORMAT,
  REPLAY_CHUNK_HEADER_BYTES,
  ReplayChunkWriter,
} from "./replay-chunk.js";
import { decodeReplayChunk } from "./replay-chunk-decoder.js";
import { REPLAY_RECORD } from "./replay-record.js";

const unhex = (text: string) =>
  Uint8Array.from(Buffer.from(text.replace(/#[^\n]*/g, "").replace(/\s+/g, ""), "hex"));

/** A FULL update's first byte has kind bits 00, a DELTA's 01 (docs/replication.md). */
const FULL = Uint8Array.of(0x00, 0xaa);
const DELTA = Uint8Array.of(0x01);
const EVENT = Uint8Array.of(0x48, 0x02, 0x07);

/** The golden chunk: index 2, ticks 300–301 at 30 Hz, schema 0x0a0b0c0d. */
const GOLDEN = unhex(`
  45545243     # magic "ETRC"
  02           # format u8 = 2
  1e           # tickRate u8 = 30
  0d0c0b0a     # schema u32 = 0x0a0b0c0d
  02000000     # index u32 = 2
  2c010000     # firstTick u32 = 300
  0100         # span u16 = 1 (lastTick 301)
  03000000     # records u32 = 3
  01 0000 02 00aa     # KEY, tick 300, 2 bytes: a FULL update
  03 0000 03 480207   # EVENT, tick 300, 3 bytes: an RPC EVENT frame
  02 0100 01 01       # DELTA, tick 301, 1 byte: a DELTA update
`);

function golden(): Uint8Array {
  const w = new ReplayChunkWriter(0x0a0b_0c0d, 30);
  w.begin(2, 300);
  w.key(300, FULL);
  w.event(300, EVENT);
  w.delta(301, DELTA);
  return w.finish();
}

describe("replay chunk golden bytes", () => {
  it("writes a keyframe, an event and a delta as pinned", () => {
    expect(REPLAY_CHUNK_FORMAT).toBe(2);
    expect(REPLAY_RECORD).toEqual({ KEY: 1, DELTA: 2, EVENT: 3 });
    expect(golden()).toEqual(GOLDEN);
  });

  it("decodes the pinned chunk to its header and records", () => {
    expect(decodeReplayChunk(GOLDEN)).toEqual({
      ok: true,
      value: {
        format: 2,
        tickRate: 30,
        schema: 0x0a0b_0c0d,
        index: 2,
        firstTick: 300,
        lastTick: 301,
        records: [
          { kind: "key", tick: 300, bytes: FULL },
          { kind: "event", tick: 300, bytes: EVENT },
          { kind: "delta", tick: 301, bytes: DELTA },
        ],
      },
    });
  });

  it("writes a record length of 128 bytes or more as a two-byte varuint", () => {
    const w = new ReplayChunkWriter(1, 30);
    w.begin(0, 0);
    const big = new Uint8Array(300); // kind bits 00: a FULL
    w.key(0, big);
    const bytes = w.finish();
    // 300 = 0b10_0101100: low 7 bits 0x2c with the continuation bit, then 0x02.
    expect(
      Array.from(bytes.subarray(REPLAY_CHUNK_HEADER_BYTES, REPLAY_CHUNK_HEADER_BYTES + 5)),
    ).toEqual([0x01, 0x00, 0x00, 0xac, 0x02]);
    const decoded = decodeReplayChunk(bytes);
    expect(decoded.ok && decoded.value.records[0]!.bytes.length).toBe(300);
  });

  it("reuses its buffer: a second chunk is independent of the first", () => {
    const w = new ReplayChunkWriter(0x0a0b_0c0d, 30);
    w.begin(2, 300);
    w.key(300, FULL);
    w.event(300, EVENT);
    w.delta(301, DELTA);
    const first = w.finish();
    w.begin(3, 302);
    w.key(302, FULL);
    const second = w.finish();
    expect(first).toEqual(GOLDEN);
    expect(decodeReplayChunk(second)).toMatchObject({
      ok: true,
      value: { index: 3, firstTick: 302, lastTick: 302 },
    });
  });

  it("throws on misuse of the write path (a bug, not a wire error)", () => {
    const w = new ReplayChunkWriter(1, 30);
    expect(() => w.key(0, FULL)).toThrow(/no replay chunk open/);
    w.begin(0, 10);
    expect(() => w.delta(10, DELTA)).toThrow(/starts with a keyframe/);
    expect(() => w.event(10, EVENT)).toThrow(/must follow/);
    w.key(10, FULL);
    expect(() => w.delta(12, DELTA)).toThrow(/after tick 10/);
    expect(() => w.event(11, EVENT)).toThrow(/must follow/);
  });
});

describe("decodeReplayChunk refusals", () => {
  const refusal = (bytes: Uint8Array) => {
    const r = decodeReplayChunk(bytes);
    return r.ok ? "accepted" : r.error;
  };
  const doctor = (at: number, value: number) => {
    const b = GOLDEN.slice();
    b[at] = value;
    return b;
  };

  it("refuses every proper prefix of a chunk and trailing bytes", () => {
    for (let n = 0; n < GOLDEN.length; n++)
      expect(decodeReplayChunk(GOLDEN.subarray(0, n)).ok).toBe(false);
    expect(refusal(Uint8Array.of(...GOLDEN, 0))).toBe("trailing bytes after replay chunk");
  });

  it("refuses a bad magic and another format beside the accepted one", () => {
    expect(refusal(doctor(0, 0x46))).toBe("not a replay chunk (bad magic)");
    // Format 1 chunks hold protocol-8 updates (DELTAs without coded-field orders).
    expect(refusal(doctor(4, 1))).toBe("unsupported replay chunk format 1 (this build reads 2)");
    expect(refusal(doctor(4, 2))).toBe("accepted");
  });

  it("refuses a tick rate of 0 or 121 but accepts 120", () => {
    expect(refusal(doctor(5, 0))).toMatch(/tick rate 0/);
    expect(refusal(doctor(5, 121))).toMatch(/tick rate 121/);
    expect(refusal(doctor(5, 120))).toBe("accepted");
  });

  it("refuses a record count above or below what the records hold", () => {
    // 17 bytes of records hold at most 3 (each takes 5 or more): 4 is a lie, refused up front.
    expect(refusal(doctor(20, 4))).toBe("replay chunk record count exceeds its bytes");
    expect(refusal(doctor(20, 2))).toBe("trailing bytes after replay chunk");
    expect(refusal(doctor(20, 0xff))).toBe("replay chunk record count exceeds its bytes");
  });

  it("refuses a span that the states do not cover", () => {
    expect(refusal(doctor(18, 2))).toBe("replay chunk has 2 states for ticks 300..302");
    expect(refusal(doctor(18, 0))).toBe("replay chunk has 2 states for ticks 300..300");
  });

  it("refuses an unknown record kind, a chunk not starting with a key, and a key whose update is not FULL", () => {
    const first = REPLAY_CHUNK_HEADER_BYTES;
    expect(refusal(doctor(first, 0x04))).toBe("replay record 0 has unknown kind 4");
    expect(refusal(doctor(first, REPLAY_RECORD.DELTA))).toBe(
      "a replay chunk starts with a keyframe",
    );
    expect(refusal(doctor(first, REPLAY_RECORD.EVENT))).toBe(
      "a replay chunk starts with a keyframe",
    );
    expect(refusal(doctor(first + 4, 0x01))).toBe("replay state 0 holds another kind of update");
    expect(refusal(doctor(first + 4, 0x02))).toBe("replay state 0 holds another kind of update");
  });

  it("refuses an event at another tick than its state, or whose frame is not an RPC EVENT", () => {
    const event = REPLAY_CHUNK_HEADER_BYTES + 6;
    expect(refusal(doctor(event + 1, 1))).toMatch(/not at the tick of the state before it/);
    expect(refusal(doctor(event + 4, 0x47))).toMatch(/not an RPC EVENT frame/);
  });

  it("refuses a zero length and a varuint over four bytes", () => {
    const length = REPLAY_CHUNK_HEADER_BYTES + 3;
    expect(refusal(doctor(length, 0))).toMatch(/length 0 out of range/);
    const header = GOLDEN.subarray(0, REPLAY_CHUNK_HEADER_BYTES).slice();
    header[18] = 0;
    header[20] = 1;
    const long = Uint8Array.of(...header, 0x01, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x01, 0);
    expect(refusal(long)).toBe("replay record 0 length over 4 bytes");
  });

  it("refuses a delta tick out of order", () => {
    const delta = REPLAY_CHUNK_HEADER_BYTES + 13;
    expect(refusal(doctor(delta + 1, 0))).toMatch(/replay state 2 at tick offset 0, expected 1/);
  });
});
