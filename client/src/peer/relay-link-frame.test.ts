import { describe, expect, it } from "vitest";
import {
  decodeRelayLink,
  encodeRelayLink,
  encodeRelayLinkClose,
  RELAY_LINK,
} from "./relay-link-frame.js";

describe("relayed link frames", () => {
  it("writes the side bit and kind, the link, then the body", () => {
    expect([...encodeRelayLink(RELAY_LINK.OPEN, 3, false)]).toEqual([0b0000_0000, 3]);
    expect([...encodeRelayLink(RELAY_LINK.ACCEPT, 3, true)]).toEqual([0b1000_0001, 3]);
    expect([...encodeRelayLink(RELAY_LINK.DATA, 256 + 4, false, new Uint8Array([9]))]).toEqual([
      0b0000_0010, 4, 9,
    ]);
    expect([...encodeRelayLinkClose(5, true, 4400, "x")]).toEqual([
      0b1000_0011, 5, 0x11, 0x30, 0x78,
    ]);
  });

  it("reads back what it writes", () => {
    expect(decodeRelayLink(encodeRelayLink(RELAY_LINK.ACCEPT, 200, true))).toEqual({
      ok: true,
      value: { kind: "accept", link: 200, fromAcceptor: true },
    });
    const data = decodeRelayLink(
      encodeRelayLink(RELAY_LINK.DATA, 1, false, new Uint8Array([1, 2])),
    );
    expect(data.ok && data.value.kind === "data" && [...data.value.bytes]).toEqual([1, 2]);
    expect(decodeRelayLink(encodeRelayLinkClose(1, false, 1000, "bye"))).toEqual({
      ok: true,
      value: { kind: "close", link: 1, fromAcceptor: false, code: 1000, reason: "bye" },
    });
  });

  it.each([
    ["a payload shorter than its header", [0x02], "relayed payload shorter than 2 bytes"],
    ["an OPEN with a body", [0x00, 1, 0], "relayed OPEN/ACCEPT with a body"],
    ["an unknown kind", [0x04, 1], "relayed payload kind 4"],
    ["a close without a code", [0x03, 1, 0x03], "close frame without a code"],
  ])("refuses %s", (_what, bytes, error) => {
    expect(decodeRelayLink(new Uint8Array(bytes))).toEqual({ ok: false, error });
  });

  it("accepts the neighbours of the refused frames", () => {
    for (const bytes of [
      [0x02, 1],
      [0x00, 1],
      [0x03, 1, 0x03, 0xe8],
    ])
      expect(decodeRelayLink(new Uint8Array(bytes)).ok).toBe(true);
  });
});
