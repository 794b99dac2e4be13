import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SERVER_OP } from "../protocol/opcodes.js";
import { decodeServerMessage } from "../protocol/server-messages.js";
import {
  decodeZoneFrame,
  encodeResumeFrame,
  encodeSwitchFrame,
  encodeTicketFrame,
  isZoneFrame,
} from "./zone-frames.js";
import { decodeTicket, encodeTicket } from "./zone-ticket.js";

const NONCE = "0123456789abcdef0123456789abcdef";
const TICKET = encodeTicket({ from: "1.2", to: "2.2", nonce: NONCE });

describe("zone tickets", () => {
  it("round-trip as zt1:<from>:<to>:<nonce>", () => {
    expect(TICKET).toBe(`zt1:1.2:2.2:${NONCE}`);
    expect(decodeTicket(TICKET)).toEqual({
      ok: true,
      value: { from: "1.2", to: "2.2", nonce: NONCE },
    });
  });

  it("refuses a doctored ticket beside its accepted neighbour", () => {
    expect(decodeTicket(`zt1:1.2:2.2:${NONCE.slice(1)}`).ok).toBe(false);
    expect(decodeTicket(`zt1:1.2:2.2:${NONCE.toUpperCase()}`).ok).toBe(false);
    expect(decodeTicket(`zt1:1.2:2.2:${NONCE}:x`).ok).toBe(false);
    expect(decodeTicket(`zt1:1 2:2.2:${NONCE}`).ok).toBe(false);
    expect(decodeTicket(`zt2:1.2:2.2:${NONCE}`).ok).toBe(false);
    expect(decodeTicket("an access token").ok).toBe(false);
  });
});

describe("zone frames", () => {
  it("use the zone opcodes of the protocol table, which the room decoder refuses", () => {
    expect([SERVER_OP.ZONE_TICKET, SERVER_OP.ZONE_SWITCH, SERVER_OP.ZONE_RESUME]).toEqual([
      0x50, 0x51, 0x52,
    ]);
    for (const frame of [
      encodeTicketFrame(TICKET),
      encodeSwitchFrame("2.2", 7),
      encodeResumeFrame(7),
    ])
      expect(decodeServerMessage(frame).ok).toBe(false);
  });

  it("pin their bytes", () => {
    // 0x51 | str8 "2.2" (len 3) | u32 LE 0x01020304
    expect([...encodeSwitchFrame("2.2", 0x01020304)]).toEqual([
      0x51, 3, 0x32, 0x2e, 0x32, 0x04, 0x03, 0x02, 0x01,
    ]);
    const ticket = encodeTicketFrame(TICKET);
    expect(ticket[0]).toBe(0x50);
    expect(ticket[1]).toBe(TICKET.length);
  });

  it("round-trip, and the client can tell them from room frames", () => {
    const t = encodeTicketFrame(TICKET);
    expect(isZoneFrame(t)).toBe(true);
    expect(decodeZoneFrame(t)).toEqual({
      ok: true,
      value: { type: "ticket", ticket: TICKET, to: "2.2" },
    });
    expect(isZoneFrame(Uint8Array.of(SERVER_OP.SNAPSHOT))).toBe(false);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,3}\.[0-9]{1,3}$/), fc.nat(), (to, n) => {
        const seq = n >>> 0;
        const r = decodeZoneFrame(encodeSwitchFrame(to, seq));
        expect(r).toEqual({ ok: true, value: { type: "switch", to, lastSeq: seq } });
      }),
    );
  });

  it("refuses truncated, padded or doctored frames (never throws)", () => {
    const s = encodeSwitchFrame("2.2", 7);
    expect(decodeZoneFrame(s.subarray(0, s.length - 1)).ok).toBe(false);
    expect(decodeZoneFrame(Uint8Array.of(...s, 0)).ok).toBe(false);
    const t = encodeTicketFrame(TICKET);
    const bad = t.slice();
    bad[7] = 0x3a; // "zt1:1.2" becomes "zt1:1:2": four parts
    expect(decodeZoneFrame(bad).ok).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        decodeZoneFrame(bytes);
      }),
    );
  });
});
