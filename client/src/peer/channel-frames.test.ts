import { describe, expect, it } from "vitest";
import {
  CHANNEL_FRAME,
  decodeChannelFrame,
  encodeChannelClose,
  encodeChannelData,
} from "./channel-frames.js";
import { MAX_CLOSE_REASON_BYTES } from "./link-close.js";

describe("channel frames", () => {
  it("sends a room frame as it is, and the same array", () => {
    const frame = new Uint8Array([0x05, 1, 2]);
    expect(encodeChannelData(frame)).toBe(frame);
    expect(decodeChannelFrame(frame)).toEqual({ ok: true, value: { kind: "data", bytes: frame } });
  });

  it("escapes a frame that begins with the marker, and reads it back unchanged", () => {
    const frame = new Uint8Array([0xff, 0x01, 0x0f]);
    const sent = encodeChannelData(frame);
    expect([...sent]).toEqual([0xff, 0x00, 0xff, 0x01, 0x0f]);
    const read = decodeChannelFrame(sent);
    expect(read.ok && read.value.kind === "data" && [...read.value.bytes]).toEqual([0xff, 1, 15]);
  });

  it("writes a close as the marker, its kind, the code big-endian and the UTF-8 reason", () => {
    expect([...encodeChannelClose(4400, "hé")]).toEqual([0xff, 0x01, 0x11, 0x30, 0x68, 0xc3, 0xa9]);
    expect(decodeChannelFrame(encodeChannelClose(4400, "hé"))).toEqual({
      ok: true,
      value: { kind: "close", code: 4400, reason: "hé" },
    });
  });

  it("cuts a long reason at a character boundary within the limit", () => {
    const bytes = encodeChannelClose(1000, "é".repeat(100));
    // 61 two-byte characters fit in 123 bytes; the 62nd would split.
    expect(bytes.length).toBe(4 + 122);
    const read = decodeChannelFrame(bytes);
    expect(read.ok && read.value.kind === "close" && read.value.reason).toBe("é".repeat(61));
    expect(MAX_CLOSE_REASON_BYTES).toBe(123);
  });

  it.each([
    ["a marker alone", [0xff], "control marker without a kind"],
    ["an unknown control kind", [0xff, 0x02], "control kind 2"],
    ["a close without its code", [0xff, 0x01, 0x03], "close frame without a code"],
    ["a close code below 1000", [0xff, 0x01, 0x03, 0xe7], "close code 999 outside 1000-4999"],
    ["a close code above 4999", [0xff, 0x01, 0x13, 0x88], "close code 5000 outside 1000-4999"],
    ["a reason that is not UTF-8", [0xff, 0x01, 0x03, 0xe8, 0xc3], "close reason is not UTF-8"],
    [
      "a reason over 123 bytes",
      [0xff, 0x01, 0x03, 0xe8, ...new Array(124).fill(0x61)],
      "close reason over 123 bytes",
    ],
  ])("refuses %s", (_what, bytes, error) => {
    expect(decodeChannelFrame(new Uint8Array(bytes))).toEqual({ ok: false, error });
  });

  it("accepts the boundary neighbours of the refused closes", () => {
    for (const bytes of [
      [0xff, 0x01, 0x03, 0xe8],
      [0xff, 0x01, 0x13, 0x87],
      [0xff, 0x01, 0x03, 0xe8, ...new Array(123).fill(0x61)],
    ])
      expect(decodeChannelFrame(new Uint8Array(bytes)).ok).toBe(true);
    expect(CHANNEL_FRAME.MARKER).toBe(0xff);
  });
});
