import { describe, expect, it } from "vitest";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { type RtcOptions, resolveRtcOptions } from "./rtc-options.js";

const base: RtcOptions = { RTCPeerConnection: NodeRTCPeerConnection };

describe("resolveRtcOptions", () => {
  it("fills the defaults: the welcome's servers, 5 s, an unordered channel without retransmissions", () => {
    const o = resolveRtcOptions(base);
    expect(o.iceServers).toBeUndefined();
    expect(o.connectTimeoutMs).toBe(5000);
    expect(o.unreliable).toEqual({ ordered: false, maxRetransmits: 0 });
    expect(o.iceTransportPolicy).toBe("all");
    expect(o.RTCPeerConnection).toBe(NodeRTCPeerConnection);
  });

  it("takes a packet lifetime instead of retransmissions, and relay-only sets the relay policy", () => {
    const o = resolveRtcOptions({
      ...base,
      unreliable: { ordered: true, maxPacketLifeTime: 100 },
      candidateFilter: "relay-only",
      iceServers: [
        { urls: ["stun:stun.test:3478"] },
        { urls: "turns:turn.test:5349", username: "1700000000:acct", credential: "c2VjcmV0" },
      ],
    });
    expect(o.unreliable).toEqual({ ordered: true, maxPacketLifeTime: 100 });
    expect(o.iceTransportPolicy).toBe("relay");
    expect(o.iceServers).toHaveLength(2);
  });

  it.each<[RtcOptions, string]>([
    [{ connectTimeoutMs: 0 }, "rtc.connectTimeoutMs must be an integer in [1, 120000], got 0"],
    [{ connectTimeoutMs: 1.5 }, "rtc.connectTimeoutMs must be an integer in [1, 120000], got 1.5"],
    [
      { unreliable: { maxRetransmits: 1, maxPacketLifeTime: 1 } },
      "rtc.unreliable: set maxRetransmits or maxPacketLifeTime, not both",
    ],
    [
      { unreliable: { maxRetransmits: -1 } },
      "rtc.unreliable.maxRetransmits must be an integer in [0, 65535], got -1",
    ],
    [
      { unreliable: { maxPacketLifeTime: 70_000 } },
      "rtc.unreliable.maxPacketLifeTime must be an integer in [0, 65535], got 70000",
    ],
    [
      { unreliable: { ordered: "no" as unknown as boolean } },
      "rtc.unreliable.ordered must be a boolean, got no",
    ],
    [
      { iceServers: [{ urls: "http://stun.test" }] },
      'rtc.iceServers[0].urls: "http://stun.test" is not a stun:, stuns:, turn: or turns: URL',
    ],
    [
      { iceServers: [{ urls: [] }] },
      "rtc.iceServers[0].urls must be a URL or a non-empty list of them",
    ],
    [
      { iceServers: [{ urls: "stun:a" }, { urls: "turn:turn.test:3478", username: "u" }] },
      "rtc.iceServers[1] (turn:turn.test:3478) needs a username and a credential",
    ],
  ])("refuses %j", (options, message) => {
    expect(() => resolveRtcOptions({ ...base, ...options })).toThrow(new RangeError(message));
  });

  it("says so when there is no RTCPeerConnection to use", () => {
    expect(globalThis.RTCPeerConnection).toBeUndefined();
    expect(() => resolveRtcOptions({})).toThrow(
      new TypeError("rtc.RTCPeerConnection: no global RTCPeerConnection here; pass one"),
    );
  });
});
