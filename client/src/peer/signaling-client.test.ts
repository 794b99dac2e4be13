import { afterEach, describe, expect, it } from "vitest";
import { encodeRelayFrame } from "../../../shared/peer/relay-frame.js";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { ConnectError } from "../connect.js";
import { SignalingClient, type SignalingEvents } from "./signaling-client.js";
import { resolveSignalingOptions } from "./signaling-options.js";

const open: SignalingClient[] = [];

async function join(hub: FakeSignalingHub, name: string): Promise<SignalingClient> {
  const client = await SignalingClient.connect({
    signalUrl: hub.signalUrl,
    ticket: hub.ticket(name),
    WebSocket: hub.WebSocket,
  });
  open.push(client);
  return client;
}

/** Collects one event's payloads. */
function record<K extends keyof SignalingEvents>(
  c: SignalingClient,
  event: K,
): SignalingEvents[K][] {
  const out: SignalingEvents[K][] = [];
  c.on(event, (p) => out.push(p));
  return out;
}

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe("SignalingClient", () => {
  it("resolves with the welcome: its peer id, the host, the epoch and the peers already there", async () => {
    const hub = new FakeSignalingHub({ iceServers: [{ urls: "stun:stun.test:3478" }] });
    const a = await join(hub, "ada");
    const b = await join(hub, "bob");
    expect(a.peerId).toBe(1);
    expect(b.peerId).toBe(2);
    expect(b.hostPeerId).toBe(1);
    expect(b.epoch).toBe(0);
    expect([...b.peers.keys()]).toEqual([1]);
    expect(b.peers.get(1)).toEqual({ peerId: 1, name: "ada", accountId: "acct-ada" });
    expect(b.welcome.iceServers).toEqual([{ urls: "stun:stun.test:3478" }]);
    await eventually(() => a.peers.has(2), "ada hears of bob");
  });

  it("delivers signals and relayed frames to the listeners of their peer only", async () => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const b = await join(hub, "bob");
    const c = await join(hub, "cyd");
    const fromB: unknown[] = [];
    const fromC: unknown[] = [];
    a.onSignal(b.peerId, (d) => fromB.push(d));
    a.onSignal(c.peerId, (d) => fromC.push(d));
    const relayed: { from: number; unreliable: boolean; payload: number[] }[] = [];
    a.onRelay(c.peerId, (f) => relayed.push({ ...f, payload: [...f.payload] }));
    expect(b.signal(a.peerId, { kind: "candidate", candidate: null })).toBe(true);
    expect(c.relay(a.peerId, true, new Uint8Array([7, 8, 9]))).toBe(true);
    await eventually(() => fromB.length === 1 && relayed.length === 1, "both arrive");
    expect(fromB).toEqual([{ kind: "candidate", candidate: null }]);
    expect(fromC).toEqual([]);
    expect(relayed).toEqual([{ from: 3, unreliable: true, payload: [7, 8, 9] }]);
  });

  it("announces a new host with its epoch and roster, and marks the old host's leaving", async () => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const b = await join(hub, "bob");
    const c = await join(hub, "cyd");
    a.sendRoster([
      { peerId: 1, playerId: 1 },
      { peerId: 2, playerId: 2 },
      { peerId: 3, playerId: 3 },
    ]);
    await eventually(() => hub.roster.length === 3, "the hub holds the roster");
    const hosts = record(c, "host");
    const left = record(c, "peer-left");
    hub.drop(a.peerId);
    await eventually(() => hosts.length === 1 && left.length === 1, "election");
    expect(hosts[0]).toEqual({
      hostPeerId: 2,
      previousHostPeerId: 1,
      epoch: 1,
      roster: hub.roster,
    });
    expect(left[0]).toMatchObject({ peerId: 1, wasHost: true });
    expect(c.hostPeerId).toBe(2);
    expect(c.epoch).toBe(1);
    expect(c.peerInfo(1)?.name).toBe("ada");
    expect(c.peers.has(1)).toBe(false);
    const leftAgain = record(c, "peer-left");
    b.close();
    await eventually(() => leftAgain.length === 1, "bob leaves");
    // Bob hosted (epoch 1) when he left: still a host's leaving.
    expect(leftAgain[0]).toMatchObject({ peerId: 2, wasHost: true });
  });

  it("ignores a host announcement of an epoch it already knows", async () => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const hosts = record(a, "host");
    hub.injectText(a.peerId, JSON.stringify({ type: "host", hostPeerId: 9, epoch: 1, roster: [] }));
    hub.injectText(a.peerId, JSON.stringify({ type: "host", hostPeerId: 8, epoch: 1, roster: [] }));
    await eventually(() => hosts.length === 1, "the first announcement");
    // A second frame to be sure the stale one was read (and dropped) before it.
    hub.injectText(a.peerId, JSON.stringify({ type: "error", code: "x", message: "flush" }));
    const errors = record(a, "error");
    await eventually(() => errors.length === 1, "the flush frame");
    expect(a.hostPeerId).toBe(9);
    expect(hosts).toHaveLength(1);
  });

  it("hears the object's refusals as errors and stays open", async () => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const errors = record(a, "error");
    a.signal(42, { kind: "candidate", candidate: null });
    await eventually(() => errors.length === 1, "the refusal");
    expect(errors[0]!.code).toBe("unknown_peer");
    expect(a.closed).toBeUndefined();
  });

  it.each([
    ["not JSON", "{oops", "text frame is not JSON"],
    ["an unknown type", JSON.stringify({ type: "gossip" }), "invalid signaling message at type"],
    [
      "a peer id out of range",
      JSON.stringify({ type: "peer-left", peerId: 0, reason: "x" }),
      "invalid signaling message at peerId",
    ],
    [
      "a second welcome",
      JSON.stringify({
        type: "welcome",
        sessionId: "s",
        kind: "listen",
        peerId: 1,
        hostPeerId: 1,
        epoch: 0,
        peers: [],
        iceServers: [],
        maxRelayFrameBytes: 10,
      }),
      "a second welcome",
    ],
    ["an oversized frame", "x".repeat(40_961), "text frame over 40960 bytes"],
  ])("closes with 4000 on %s", async (_what, text, detail) => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const closes = record(a, "close");
    hub.injectText(a.peerId, text);
    await eventually(() => closes.length === 1, "the close");
    expect(closes[0]!.code).toBe(4000);
    expect(closes[0]!.reason).toContain(detail);
  });

  it("accepts a well-formed neighbour of each refused frame", async () => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const left = record(a, "peer-left");
    const relayed = record(a, "relay");
    hub.injectText(a.peerId, JSON.stringify({ type: "peer-left", peerId: 1, reason: "x" }));
    hub.injectBinary(a.peerId, encodeRelayFrame(65_535, false, new Uint8Array(0)));
    await eventually(() => left.length === 1 && relayed.length === 1, "both frames");
    expect(a.closed).toBeUndefined();
  });

  it("closes with 4000 on a malformed relayed frame", async () => {
    const hub = new FakeSignalingHub();
    const a = await join(hub, "ada");
    const closes = record(a, "close");
    hub.injectBinary(a.peerId, new Uint8Array([0, 2, 2, 1]));
    await eventually(() => closes.length === 1, "the close");
    expect(closes[0]).toEqual({
      code: 4000,
      reason: "malformed frame: relay frame channel 2 is neither 0 nor 1",
    });
  });

  it("refuses to relay a frame larger than the object forwards", async () => {
    const hub = new FakeSignalingHub({ maxRelayFrameBytes: 100 });
    const a = await join(hub, "ada");
    const b = await join(hub, "bob");
    expect(a.relay(b.peerId, false, new Uint8Array(97))).toBe(true);
    expect(a.relay(b.peerId, false, new Uint8Array(98))).toBe(false);
  });

  it("rejects with a ConnectError when the Worker refuses the ticket", async () => {
    const hub = new FakeSignalingHub();
    const attempt = SignalingClient.connect({
      signalUrl: hub.signalUrl,
      ticket: "forged",
      WebSocket: hub.WebSocket,
    });
    await expect(attempt).rejects.toBeInstanceOf(ConnectError);
    await expect(attempt).rejects.toThrow(/closed before welcome: 1006/);
  });
});

describe("resolveSignalingOptions", () => {
  const WebSocket = new FakeSignalingHub().WebSocket;

  it("resolves a path against the base URL, as a WebSocket URL with the ticket", () => {
    const o = resolveSignalingOptions({
      signalUrl: "/v1/sessions/s_1/signal",
      ticket: "t k",
      baseUrl: "https://game.example.com",
      WebSocket,
    });
    expect(o.url).toBe("wss://game.example.com/v1/sessions/s_1/signal?ticket=t+k");
    expect(o.connectTimeoutMs).toBe(10_000);
  });

  it.each([
    [
      { signalUrl: "/v1/x", ticket: "t" },
      'signaling.signalUrl "/v1/x" is not a URL (a path needs signaling.baseUrl)',
    ],
    [
      { signalUrl: "ftp://x/y", ticket: "t" },
      'signaling.signalUrl must be http(s) or ws(s), got "ftp:"',
    ],
    [{ signalUrl: "ws://x/y", ticket: "" }, "signaling.ticket must be a non-empty string"],
    [
      { signalUrl: "ws://x/y", ticket: "t", connectTimeoutMs: 0 },
      "signaling.connectTimeoutMs must be > 0, got 0",
    ],
  ])("refuses %j", (options, message) => {
    expect(() => resolveSignalingOptions({ ...options, WebSocket })).toThrow(
      new RangeError(message),
    );
  });
});
