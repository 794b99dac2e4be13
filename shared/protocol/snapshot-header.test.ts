import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SERVER_OP } from "./opcodes.js";
import { decodeServerMessage } from "./server-messages.js";
import {
  readSnapshotHeader,
  SNAPSHOT_HEADER_BYTES,
  type SnapshotHeader,
  writeSnapshotHeader,
} from "./snapshot-header.js";

const header = (): SnapshotHeader => ({ ackSeq: -1, inputBuffer: -1 });

describe("readSnapshotHeader", () => {
  it("reads back what writeSnapshotHeader wrote, as decodeServerMessage does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: -128, max: 127 }),
        fc.uint8Array({ maxLength: 16 }),
        (ackSeq, inputBuffer, update) => {
          const frame = new Uint8Array(SNAPSHOT_HEADER_BYTES + update.length);
          frame.set(update, SNAPSHOT_HEADER_BYTES);
          // The int32 of the same bits writes the same bytes (what the room passes).
          const asInt32 = frame.slice();
          writeSnapshotHeader(asInt32, ackSeq | 0, inputBuffer);
          writeSnapshotHeader(frame, ackSeq, inputBuffer);
          expect(asInt32).toEqual(frame);
          const out = header();
          expect(readSnapshotHeader(frame, out)).toBe(true);
          expect(out).toEqual({ ackSeq, inputBuffer });
          expect(decodeServerMessage(frame)).toEqual({
            ok: true,
            value: { type: "snapshot", ackSeq, inputBuffer, update },
          });
        },
      ),
    );
  });

  it("refuses a frame one byte short of the header and accepts the header alone", () => {
    const frame = new Uint8Array(SNAPSHOT_HEADER_BYTES);
    writeSnapshotHeader(frame, 7, -3);
    const short = header();
    expect(readSnapshotHeader(frame.subarray(0, SNAPSHOT_HEADER_BYTES - 1), short)).toBe(false);
    expect(short).toEqual(header());
    expect(decodeServerMessage(frame.subarray(0, SNAPSHOT_HEADER_BYTES - 1)).ok).toBe(false);
    const whole = header();
    expect(readSnapshotHeader(frame, whole)).toBe(true);
    expect(whole).toEqual({ ackSeq: 7, inputBuffer: -3 });
  });

  it("refuses any other message type, leaving the output untouched", () => {
    const frame = new Uint8Array(SNAPSHOT_HEADER_BYTES + 4);
    writeSnapshotHeader(frame, 1);
    frame[0] = SERVER_OP.PONG;
    const out = header();
    expect(readSnapshotHeader(frame, out)).toBe(false);
    expect(readSnapshotHeader(new Uint8Array(0), out)).toBe(false);
    expect(out).toEqual(header());
  });
});
