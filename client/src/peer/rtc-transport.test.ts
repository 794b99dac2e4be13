import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { TIMER_SLACK_MS } from "../../../test/support/timer-slack.js";
import type { Transport } from "../transport/transport.js";
import type { RtcOptions } from "./rtc-options.js";
import { answerRtcTransport, type RtcTransport, rtcTransport } from "./rtc-transport.js";
import { SignalingClient } from "./signaling-client.js";

const RTC: RtcOptions = { RTCPeerConnection: NodeRTCPeerConnection, connectTimeoutMs: 10_000 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** What a link heard, in order. */
function record(t: Transport): string[] {
  const log: string[] = [];
  t.onopen = () => log.push("open");
  t.onmessage = (bytes, channel) => log.push(`${channel} ${[...bytes].join(",")}`);
  t.onclose = (code, reason) => log.push(`close ${code} ${reason}`);
  return log;
}

/** A session with a host (peer 1) answering every offer, and a peer (2). */
async function session(options: RtcOptions = RTC) {
  const hub = new FakeSignalingHub();
  const join = async (name: string) => {
    const s = await SignalingClient.connect({
      signalUrl: hub.signalUrl,
      ticket: hub.ticket(name),
      WebSocket: hub.WebSocket,
    });
    cleanup.push(() => s.close());
    return s;
  };
  const host = await join("host");
  const peer = await join("peer");
  const answered: RtcTransport[] = [];
  host.on("signal", ({ from, data }) => {
    if (data.kind !== "description" || data.description.type !== "offer") return;
    const link = answerRtcTransport(host, from, data.description, options);
    cleanup.push(() => link.close());
    answered.push(link);
  });
  return { hub, host, peer, answered };
}

describe("rtcTransport over werift", () => {
  it("opens both data channels and carries frames each way on the channel they were sent on", async () => {
    const { host, peer, answered } = await session();
    const link = rtcTransport(peer, host.peerId, RTC);
    cleanup.push(() => link.close());
    const heard = record(link);
    const far = await eventually(() => answered[0], "the host answers the offer");
    const farHeard = record(far);
    await eventually(() => link.state === "open" && far.state === "open", "both ends open", 10_000);
    expect(link.unreliable).toBe(true);
    link.send(new Uint8Array([1, 2, 3]));
    link.send(new Uint8Array([4]), "unreliable");
    far.send(new Uint8Array([5, 6]), "reliable");
    far.send(new Uint8Array([7]), "unreliable");
    await eventually(() => farHeard.length === 3 && heard.length === 3, "four frames");
    expect(farHeard[0]).toBe("open");
    expect(farHeard.slice(1).sort()).toEqual(["reliable 1,2,3", "unreliable 4"]);
    expect(heard[0]).toBe("open");
    expect(heard.slice(1).sort()).toEqual(["reliable 5,6", "unreliable 7"]);
    // Both ends of a link on this machine pair host candidates.
    expect(await link.pathLearnt).toBe("direct");
    expect(link.path).toBe("direct");
  });

  it("delivers what each end sends the moment it opens, though the other end opens later", async () => {
    const { host, peer, answered } = await session();
    const link = rtcTransport(peer, host.peerId, RTC);
    cleanup.push(() => link.close());
    const heard = record(link);
    link.onopen = () => {
      heard.push("open");
      link.send(new Uint8Array([1]));
    };
    const far = await eventually(() => answered[0], "the host answers the offer");
    const farHeard = record(far);
    // The answering end opens first here (werift): its frame reaches a link still connecting.
    far.onopen = () => {
      farHeard.push("open");
      far.send(new Uint8Array([2]));
      far.send(new Uint8Array([3]), "unreliable");
    };
    await eventually(() => heard.length === 3 && farHeard.length === 2, "both frames", 4_000);
    expect(heard[0]).toBe("open");
    expect(heard.slice(1).sort()).toEqual(["reliable 2", "unreliable 3"]);
    expect(farHeard).toEqual(["open", "reliable 1"]);
  });

  it("delivers a frame that begins with the control marker unchanged", async () => {
    const { host, peer, answered } = await session();
    const link = rtcTransport(peer, host.peerId, RTC);
    cleanup.push(() => link.close());
    const far = await eventually(() => answered[0], "the answer");
    const farHeard = record(far);
    await eventually(() => link.state === "open" && far.state === "open", "both ends open");
    link.send(new Uint8Array([0xff, 0x01, 0x0f, 0xa0]));
    link.send(new Uint8Array([0xff]));
    await eventually(() => farHeard.length === 3, "two frames");
    expect(farHeard).toEqual(["open", "reliable 255,1,15,160", "reliable 255"]);
  });

  it("tells the other end the close code and reason, after the frames sent before it", async () => {
    const { host, peer, answered } = await session();
    const link = rtcTransport(peer, host.peerId, RTC);
    const heard = record(link);
    const far = await eventually(() => answered[0], "the answer");
    const farHeard = record(far);
    await eventually(() => link.state === "open" && far.state === "open", "both ends open");
    link.send(new Uint8Array(5000).fill(9).subarray(0, 3));
    link.close(4321, "done here");
    await eventually(() => farHeard.length === 3, "the frame and the close");
    expect(farHeard).toEqual(["open", "reliable 9,9,9", "close 4321 done here"]);
    expect(heard).toEqual(["open", "close 4321 done here"]);
    expect(far.state).toBe("closed");
  });

  it("ends with 4400 when the peer it is linked to hosted and left the session", async () => {
    const { hub, host, peer, answered } = await session();
    const link = rtcTransport(peer, host.peerId, RTC);
    const heard = record(link);
    const far = await eventually(() => answered[0], "the answer");
    await eventually(() => link.state === "open" && far.state === "open", "both ends open");
    hub.drop(host.peerId);
    await eventually(() => heard.length === 2, "the close");
    expect(heard[1]).toBe("close 4400 host left the session");
  });

  it("gives up with 4402 after connectTimeoutMs when the filter leaves no candidate", async () => {
    const options: RtcOptions = { ...RTC, connectTimeoutMs: 600, candidateFilter: "relay-only" };
    const { host, peer, answered } = await session(options);
    const started = performance.now();
    const link = rtcTransport(peer, host.peerId, options);
    const heard = record(link);
    await eventually(() => heard.length === 1, "the link ends", 5_000);
    const elapsed = performance.now() - started;
    expect(heard).toEqual(["close 4402 data channels not open within 600 ms"]);
    expect(elapsed).toBeGreaterThanOrEqual(600 - TIMER_SLACK_MS);
    // The host's side was offered a connection without a single candidate to try.
    expect(answered[0]?.state).not.toBe("open");
  });

  it("signals no host candidate with the no-host filter, in descriptions and trickled", async () => {
    const { hub, host, peer } = await session();
    const options: RtcOptions = { ...RTC, connectTimeoutMs: 400, candidateFilter: "no-host" };
    const link = rtcTransport(peer, host.peerId, options);
    const heard = record(link);
    await eventually(() => heard.length === 1, "the link gives up", 5_000);
    const signals = hub.received.filter((m) => m.type === "signal");
    const offer = signals.find((m) => m.data.kind === "description");
    expect(offer).toBeDefined();
    const text = JSON.stringify(signals);
    expect(text).not.toContain("typ host");
    expect(heard[0]).toMatch(/^close 4402/);
  });
});
