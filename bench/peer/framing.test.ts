// The framing model's arithmetic, at the boundaries where a header or a record changes.
import { describe, expect, it } from "vitest";
import {
  dataChannelWireBytes,
  FRAMING,
  webSocketHeaderBytes,
  webSocketWireBytes,
  wireBytes,
} from "./framing.js";

const frame = (n: number, first = 0x0a) => new Uint8Array(n).fill(first, 0, 1);

describe("WebSocket framing", () => {
  it("takes a 2-byte header under 126 payload bytes, 4 under 65,536 and 10 beyond", () => {
    expect([125, 126, 65_535, 65_536].map(webSocketHeaderBytes)).toEqual([2, 4, 4, 10]);
  });

  it("adds the header and a 22-byte TLS 1.3 record to each frame", () => {
    // 100 + 2 + (5 + 1 + 16) = 124; 126 + 4 + 22 = 152.
    expect(webSocketWireBytes(100)).toBe(124);
    expect(webSocketWireBytes(126)).toBe(152);
    expect(FRAMING.webSocket.tlsRecord).toBe(22);
  });

  it("refuses a frame that would span two TLS records, and accepts its neighbour", () => {
    // 16,380 + 4 = 16,384 fills one record; one byte more does not fit.
    expect(webSocketWireBytes(16_380)).toBe(16_380 + 4 + 22);
    expect(() => webSocketWireBytes(16_381)).toThrow(RangeError);
  });
});

describe("data channel framing", () => {
  it("adds SCTP (12 + 16), padding to 4 bytes and a 37-byte DTLS 1.2 GCM record", () => {
    // 100 (a multiple of 4) + 16 + 12 + 37 = 165; 101 pads to 104: 169.
    expect(dataChannelWireBytes(frame(100), "unreliable")).toBe(165);
    expect(dataChannelWireBytes(frame(101), "unreliable")).toBe(169);
    expect(dataChannelWireBytes(frame(100), "reliable")).toBe(165);
  });

  it("counts the 2-byte escape of a reliable frame that begins with the control marker", () => {
    // 100 + 2 = 102, padded to 104: 169. The unreliable channel sends it as it is: 165.
    expect(dataChannelWireBytes(frame(100, 0xff), "reliable")).toBe(169);
    expect(dataChannelWireBytes(frame(100, 0xff), "unreliable")).toBe(165);
  });

  it("refuses a message larger than one SCTP packet's chunk, and accepts its neighbour", () => {
    // 1191 − 12 − 16 = 1163 bytes fit one DATA chunk (padded to 1164).
    expect(dataChannelWireBytes(frame(1163), "unreliable")).toBe(1164 + 65);
    expect(() => dataChannelWireBytes(frame(1164), "unreliable")).toThrow(RangeError);
  });

  it("is chosen by carrier", () => {
    expect(wireBytes("websocket", frame(100), "reliable")).toBe(124);
    expect(wireBytes("dataChannel", frame(100), "reliable")).toBe(165);
  });
});
