import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { TIMER_SLACK_MS } from "../../../test/support/timer-slack.js";
import type { Transport } from "../transport/transport.js";
import { PeerAcceptor } from "./peer-acceptor.js";
import { type PeerLinkReport, peerTransport } from "./peer-transport.js";
import { type RtcOptions, resolveRtcOptions } from "./rtc-options.js";
import { SignalingClient } from "./signaling-client.js";

const RTC: RtcOptions = { RTCPeerConnection: NodeRTCPeerConnection, connectTimeoutMs: 10_000 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function record(t: Transport): string[] {
  const log: string[] = [];
  t.onopen = () => log.push("open");
  t.onmessage = (bytes, channel) => log.push(`${channel} ${[...bytes].join(",")}`);
  t.onclose = (code, reason) => log.push(`close ${code} ${reason}`);
  return log;
}

/** A host (peer 1) accepting direct and relayed links, and a peer (2). */
async function session() {
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
  const accepted: Transport[] = [];
  const acceptor = new PeerAcceptor(host, resolveRtcOptions(RTC), (_from, link) => {
    accepted.push(link);
    cleanup.push(() => link.close());
  });
  cleanup.push(() => acceptor.close());
  /** The host's end that opened (the direct one, or the relayed one after a fallback). */
  const openEnd = () => accepted.find((l) => l.state === "open");
  return { hub, host, peer, openEnd };
}

describe("peerTransport", () => {
  it("links over data channels when it can, and reports the direct path", async () => {
    const { host, peer, openEnd } = await session();
    const reports: PeerLinkReport[] = [];
    const link = peerTransport(peer, host.peerId, { rtc: RTC, onreport: (r) => reports.push(r) });
    cleanup.push(() => link.close());
    const heard = record(link);
    await eventually(() => reports.length === 1, "the link opens and is reported");
    expect(heard).toEqual(["open"]);
    expect(link.path).toBe("direct");
    expect(link.unreliable).toBe(true);
    expect(reports[0]).toEqual({ path: "direct", openMs: expect.any(Number) });
    expect(link.report).toBe(reports[0]);
    const far = await eventually(openEnd, "the host's end");
    const farHeard = record(far);
    link.send(new Uint8Array([1]), "unreliable");
    await eventually(() => farHeard.length === 1, "a frame");
    expect(farHeard).toEqual(["unreliable 1"]);
  });

  it("falls back to the relay when direct paths are blocked, within the timeout, and frames flow", async () => {
    const { hub, host, peer, openEnd } = await session();
    const blocked: RtcOptions = { ...RTC, connectTimeoutMs: 800, candidateFilter: "relay-only" };
    const reports: PeerLinkReport[] = [];
    const link = peerTransport(peer, host.peerId, {
      rtc: blocked,
      onreport: (r) => reports.push(r),
    });
    cleanup.push(() => link.close());
    const heard = record(link);
    await eventually(() => reports.length === 1, "the relayed link opens", 5_000);
    const report = reports[0]!;
    expect(report.path).toBe("relay");
    expect(report.directFailure).toBe("data channels not open within 800 ms");
    // The direct attempt gives up at its timeout (the failure names it); the relay then
    // needs one round trip.
    expect(report.fallbackMs).toBeGreaterThanOrEqual(800 - TIMER_SLACK_MS);
    expect(report.openMs).toBeGreaterThanOrEqual(report.fallbackMs!);
    expect([link.path, link.unreliable]).toEqual(["relay", false]);
    const far = await eventually(openEnd, "the host's relayed end");
    expect(far.path).toBe("relay");
    const farHeard = record(far);
    link.send(new Uint8Array([1, 2]));
    link.send(new Uint8Array([3]), "unreliable");
    far.send(new Uint8Array([4]), "unreliable");
    await eventually(() => farHeard.length === 2 && heard.length === 2, "frames both ways");
    expect(farHeard).toEqual(["reliable 1,2", "unreliable 3"]);
    expect(heard).toEqual(["open", "unreliable 4"]);
    expect(hub.relayBytes).toBeGreaterThan(0);
  });

  it("ends with 4402 when direct paths are blocked and the relay is off", async () => {
    const { host, peer } = await session();
    const blocked: RtcOptions = { ...RTC, connectTimeoutMs: 300, candidateFilter: "relay-only" };
    const link = peerTransport(peer, host.peerId, { rtc: blocked, relay: false });
    const heard = record(link);
    await eventually(() => heard.length === 1, "the link gives up", 5_000);
    expect(heard).toEqual(["close 4402 data channels not open within 300 ms"]);
  });

  it("goes to the relay at once with direct: false", async () => {
    const { hub, host, peer } = await session();
    const reports: PeerLinkReport[] = [];
    const link = peerTransport(peer, host.peerId, {
      direct: false,
      onreport: (r) => reports.push(r),
    });
    cleanup.push(() => link.close());
    expect(link.path).toBe("relay");
    await hub.settle();
    expect(reports).toEqual([{ path: "relay", openMs: expect.any(Number) }]);
  });

  it("closes quietly while the direct attempt is still being made", async () => {
    const { hub, host, peer } = await session();
    const link = peerTransport(peer, host.peerId, { rtc: RTC });
    const heard = record(link);
    link.close(1000, "changed my mind");
    await hub.settle();
    expect(heard).toEqual(["close 1000 changed my mind"]);
    expect(link.state).toBe("closed");
  });
});
