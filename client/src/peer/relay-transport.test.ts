import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { describeTransportContract } from "../../../test/support/transport-contract.js";
import type { Transport } from "../transport/transport.js";
import { ForwardingTransport } from "./forwarding-transport.js";
import { PeerAcceptor } from "./peer-acceptor.js";
import { decodeRelayLink, encodeRelayLink, RELAY_LINK } from "./relay-link-frame.js";
import { relayTransport } from "./relay-transport.js";
import { SignalingClient } from "./signaling-client.js";

/** What a link heard, in order. */
function record(t: Transport): string[] {
  const log: string[] = [];
  t.onopen = () => log.push("open");
  t.onmessage = (bytes, channel) => log.push(`${channel} ${[...bytes].join(",")}`);
  t.onclose = (code, reason) => log.push(`close ${code} ${reason}`);
  return log;
}

async function session(options: ConstructorParameters<typeof FakeSignalingHub>[0] = {}) {
  const hub = new FakeSignalingHub(options);
  const join = (name: string) =>
    SignalingClient.connect({
      signalUrl: hub.signalUrl,
      ticket: hub.ticket(name),
      WebSocket: hub.WebSocket,
    });
  const host = await join("host");
  const peer = await join("peer");
  /** Links the host accepted, in order. */
  const accepted: Transport[] = [];
  const acceptor = new PeerAcceptor(host, undefined, (_from, link) => accepted.push(link));
  return { hub, host, peer, accepted, acceptor };
}

describe("relayTransport", () => {
  let s: Awaited<ReturnType<typeof session>>;
  /** The accepted end of the next link, handed out before the host has accepted it. */
  let next: ForwardingTransport | undefined;
  beforeAll(async () => {
    s = await session();
    s.acceptor.close();
    new PeerAcceptor(s.host, undefined, (_from, link) => next?.attach(link));
  });
  afterAll(() => {
    s.host.close();
    s.peer.close();
  });

  describeTransportContract("relayed links", () => {
    next = new ForwardingTransport("relay");
    return { a: relayTransport(s.peer, s.host.peerId), b: next, settle: () => s.hub.settle() };
  });
});

describe("relayed links", () => {
  it("keeps each frame's channel, delivers both in order and says it is not unreliable", async () => {
    const { hub, host, peer, accepted } = await session();
    const link = relayTransport(peer, host.peerId);
    const heard = record(link);
    await hub.settle();
    const far = accepted[0]!;
    const farHeard = record(far);
    expect([link.state, far.state, link.path, link.unreliable]).toEqual([
      "open",
      "open",
      "relay",
      false,
    ]);
    link.send(new Uint8Array([1]), "unreliable");
    link.send(new Uint8Array([2]), "reliable");
    link.send(new Uint8Array([3]), "unreliable");
    far.send(new Uint8Array([4]), "unreliable");
    await hub.settle();
    expect(farHeard).toEqual(["unreliable 1", "reliable 2", "unreliable 3"]);
    expect(heard).toEqual(["open", "unreliable 4"]);
    // OPEN and ACCEPT: 3 + 2 header bytes; 4 frames of 3 + 2 header bytes and 1 byte each.
    expect([hub.relayFrames, hub.relayBytes]).toEqual([6, 2 * 5 + 4 * 6]);
  });

  it("numbers successive links so frames of an old one never reach a new one", async () => {
    const { hub, host, peer, accepted } = await session();
    const first = relayTransport(peer, host.peerId);
    await hub.settle();
    const firstFar = accepted[0]!;
    const firstHeard = record(firstFar);
    first.close(4999, "dropped");
    const second = relayTransport(peer, host.peerId);
    await hub.settle();
    const secondFar = accepted[1]!;
    const secondHeard = record(secondFar);
    second.send(new Uint8Array([9]));
    firstFar.send(new Uint8Array([8])); // closed: dropped
    await hub.settle();
    expect(firstHeard).toEqual(["close 4999 dropped"]);
    expect(secondHeard).toEqual(["reliable 9"]);
    expect(accepted).toHaveLength(2);
  });

  it("gives up with 4402 when nobody accepts the link in time", async () => {
    const { host, peer, acceptor } = await session();
    acceptor.close();
    const link = relayTransport(peer, host.peerId, { acceptTimeoutMs: 50 });
    const heard = record(link);
    await eventually(() => heard.length === 1, "the timeout");
    expect(heard).toEqual(["close 4402 relay link not accepted within 50 ms"]);
  });

  it("answers data of a link it does not hold with a 4402 close of that link", async () => {
    const { hub, host, peer } = await session();
    const heard: unknown[] = [];
    peer.on("relay", ({ payload }) => heard.push(decodeRelayLink(payload)));
    // As to a new host, which never saw the link's OPEN.
    peer.relay(host.peerId, false, encodeRelayLink(RELAY_LINK.DATA, 7, false, new Uint8Array([1])));
    await hub.settle();
    expect(heard).toEqual([
      {
        ok: true,
        value: {
          kind: "close",
          link: 7,
          fromAcceptor: true,
          code: 4402,
          reason: "relay link unknown here",
        },
      },
    ]);
  });

  it("closes with 4002 rather than drop a frame larger than the object forwards", async () => {
    const { hub, host, peer, accepted } = await session({ maxRelayFrameBytes: 64 });
    const link = relayTransport(peer, host.peerId);
    const heard = record(link);
    await hub.settle();
    const farHeard = record(accepted[0]!);
    link.send(new Uint8Array(59)); // 3 + 2 + 59 = 64: fits
    link.send(new Uint8Array(60));
    await hub.settle();
    expect(farHeard).toEqual([
      `reliable ${new Array(59).fill(0).join(",")}`,
      "close 4002 65 bytes over 64",
    ]);
    expect(heard).toEqual(["open", "close 4002 65 bytes over 64"]);
  });

  it("ends with 4400 when the host it is linked to leaves the session", async () => {
    const { hub, host, peer } = await session();
    const link = relayTransport(peer, host.peerId);
    const heard = record(link);
    await hub.settle();
    hub.drop(host.peerId);
    await hub.settle();
    expect(heard).toEqual(["open", "close 4400 host left the session"]);
  });
});
