import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeRelayFrame, MAX_RELAY_FRAME_BYTES } from "../../shared/peer/relay-frame.js";
import { SIGNAL_ERROR } from "../../shared/peer/signal-errors.js";
import {
  MAX_SIGNAL_FRAME_BYTES,
  type SignalServerMessage,
} from "../../shared/peer/signal-messages.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import {
  type Joining,
  MAX_BACKLOG_BYTES,
  MAX_SOCKETS_PER_ACCOUNT,
  newSessionState,
  PEER_FRAME_BURST,
  PeerSessionCore,
  type PeerSessionState,
  UNRELIABLE_BACKLOG_BYTES,
} from "./peer-session-core.js";
import { SessionUsage } from "./session-usage.js";

/** A sink that records what the core did. */
class Recorder {
  readonly sent: [number, SignalServerMessage][] = [];
  readonly relayed: [number, Uint8Array][] = [];
  readonly closed: [number, number, string][] = [];
  readonly backlogs = new Map<number, number>();
  persisted = 0;
  counted = 0;
  peersChanged = 0;
  ended = 0;
  readonly sink = {
    send: (peerId: number, m: SignalServerMessage) => this.sent.push([peerId, m]),
    relay: (peerId: number, frame: Uint8Array) => this.relayed.push([peerId, frame.slice()]),
    backlog: (peerId: number) => this.backlogs.get(peerId) ?? 0,
    close: (peerId: number, code: { code: number }, detail: string) =>
      this.closed.push([peerId, code.code, detail]),
    persist: () => void this.persisted++,
    counted: () => void this.counted++,
    peersChanged: () => void this.peersChanged++,
    ended: () => void this.ended++,
  };

  /** Messages sent to `peerId`, and forgets them. */
  to(peerId: number): SignalServerMessage[] {
    const out = this.sent.filter(([p]) => p === peerId).map(([, m]) => m);
    this.sent.splice(0, this.sent.length, ...this.sent.filter(([p]) => p !== peerId));
    return out;
  }
}

function session(kind: "listen" | "p2p", capacity = 8) {
  const state = newSessionState({
    sessionId: "ls_000000000000000000000001",
    kind,
    capacity,
    hostAccount: "acc_host",
    region: "weur",
  });
  const usage = new SessionUsage();
  const rec = new Recorder();
  const core = new PeerSessionCore(state, [], usage, rec.sink);
  return { state, usage, rec, core };
}

const joining = (accountId: string, role: "host" | "peer" = "peer"): Joining => ({
  accountId,
  name: accountId.replace("acc_", ""),
  role,
  iceServers: [{ urls: "stun:stun.example.com" }],
});

function admitted(core: PeerSessionCore, j: Joining) {
  const a = core.admit(j);
  if (!a.ok) throw new Error(`refused: ${a.detail}`);
  return a;
}

describe("PeerSessionCore admission", () => {
  it("gives peer ids in join order and welcomes each with the others, the host and the ICE servers", () => {
    const { core, rec } = session("listen");
    const host = admitted(core, joining("acc_host", "host"));
    expect(host.welcome).toEqual({
      type: "welcome",
      sessionId: "ls_000000000000000000000001",
      kind: "listen",
      peerId: 1,
      hostPeerId: 1,
      epoch: 0,
      peers: [],
      iceServers: [{ urls: "stun:stun.example.com" }],
      maxRelayFrameBytes: MAX_RELAY_FRAME_BYTES,
    });
    const ada = admitted(core, joining("acc_ada"));
    expect(ada.welcome).toMatchObject({
      peerId: 2,
      hostPeerId: 1,
      peers: [{ peerId: 1, name: "host", accountId: "acc_host" }],
    });
    expect(rec.to(1)).toEqual([
      { type: "peer-joined", peer: { peerId: 2, name: "ada", accountId: "acc_ada" } },
    ]);
  });

  it("never reuses a peer id, even after its peer left", () => {
    const { core } = session("p2p");
    admitted(core, joining("acc_a"));
    const b = admitted(core, joining("acc_b"));
    core.leave(b.peer.peerId, 1000);
    expect(admitted(core, joining("acc_c")).peer.peerId).toBe(3);
  });

  it("refuses peers of a listen session before its host connects, with retryable 4400", () => {
    const { core } = session("listen");
    expect(core.admit(joining("acc_ada"))).toMatchObject({ ok: false, code: CLOSE.HOST_LEFT });
    // A second socket of the host's account after the host is a plain peer.
    admitted(core, joining("acc_host", "host"));
    expect(admitted(core, joining("acc_host", "host")).welcome.hostPeerId).toBe(1);
  });

  it("refuses a socket beyond the capacity (4005) and beyond three per account (4007)", () => {
    const { core } = session("p2p", 2);
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    expect(core.admit(joining("acc_c"))).toMatchObject({ ok: false, code: CLOSE.ROOM_FULL });
    const wide = session("p2p", 10).core;
    for (let i = 0; i < MAX_SOCKETS_PER_ACCOUNT; i++) admitted(wide, joining("acc_a"));
    expect(wide.admit(joining("acc_a"))).toMatchObject({ ok: false, code: CLOSE.RATE_LIMITED });
    expect(wide.admit(joining("acc_b")).ok).toBe(true);
  });
});

describe("PeerSessionCore signaling", () => {
  it("forwards a signal as { from, data } to the peer it names", () => {
    const { core, rec, usage } = session("p2p");
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    rec.sent.length = 0;
    const data = { kind: "description", description: { type: "offer", sdp: "v=0" } };
    core.receive(1, JSON.stringify({ type: "signal", to: 2, data, extra: "dropped" }), 0);
    expect(rec.to(2)).toEqual([{ type: "signal", from: 1, data }]);
    expect(usage.counts.signalMessages).toBe(1);
    expect(rec.counted).toBe(1);
  });

  it("answers an error for bad JSON, a bad message, an unknown peer and a roster from a non-host", () => {
    const { core, rec, usage } = session("listen");
    admitted(core, joining("acc_host", "host"));
    admitted(core, joining("acc_b"));
    rec.sent.length = 0;
    const candidate = { kind: "candidate", candidate: null };
    const cases: [number, string, string][] = [
      [2, "{not json", SIGNAL_ERROR.MALFORMED_FRAME],
      [2, JSON.stringify({ type: "signal", to: 0, data: candidate }), SIGNAL_ERROR.INVALID_MESSAGE],
      [2, JSON.stringify({ type: "hello" }), SIGNAL_ERROR.INVALID_MESSAGE],
      [2, JSON.stringify({ type: "signal", to: 9, data: candidate }), SIGNAL_ERROR.UNKNOWN_PEER],
      [2, JSON.stringify({ type: "signal", to: 2, data: candidate }), SIGNAL_ERROR.UNKNOWN_PEER],
      [2, JSON.stringify({ type: "roster", players: [] }), SIGNAL_ERROR.NOT_HOST],
    ];
    for (const [from, text, code] of cases) {
      core.receive(from, text, 0);
      expect([text, rec.to(from).map((m) => m.type === "error" && m.code)]).toEqual([text, [code]]);
    }
    expect(rec.to(1)).toEqual([]);
    expect(usage.counts.signalMessages).toBe(0);
    // The boundary neighbour: the host's roster is accepted and kept.
    core.receive(1, JSON.stringify({ type: "roster", players: [{ peerId: 2, playerId: 7 }] }), 0);
    expect(rec.to(1)).toEqual([]);
    expect(usage.counts.signalMessages).toBe(1);
  });

  it("closes with 4002 a text frame over the limit, and keeps one at the limit", () => {
    const { core, rec } = session("p2p");
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    const at = `"${"x".repeat(MAX_SIGNAL_FRAME_BYTES - 2)}"`;
    core.receive(1, at, 0);
    expect(rec.closed).toEqual([]);
    core.receive(1, `${at} `, 0);
    expect(rec.closed).toEqual([[1, CLOSE.FRAME_TOO_LARGE.code, expect.any(String)]]);
    // Characters count as their UTF-8 bytes: 13,654 euro signs are 40,962 bytes, 2 over.
    core.receive(2, "€".repeat(13_654), 0);
    expect(rec.closed.at(-1)?.slice(0, 2)).toEqual([2, CLOSE.FRAME_TOO_LARGE.code]);
  });

  it("closes with 4007 a socket sending faster than the rate allows", () => {
    const { core, rec } = session("p2p");
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    // The burst is taken at one instant; the next frame is over.
    for (let i = 0; i < PEER_FRAME_BURST; i++) core.receive(1, "{}", 1000);
    expect(rec.closed).toEqual([]);
    core.receive(1, "{}", 1000);
    expect(rec.closed).toEqual([[1, CLOSE.RATE_LIMITED.code, expect.any(String)]]);
    expect(rec.to(2)).toContainEqual({ type: "peer-left", peerId: 1, reason: "closed with 4007" });
  });
});

describe("PeerSessionCore relay", () => {
  it("forwards a frame to the peer in its header, rewritten to name the sender", () => {
    const { core, rec, usage } = session("p2p");
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    core.receive(2, encodeRelayFrame(1, true, new Uint8Array([9, 8, 7])), 0);
    expect(rec.relayed).toEqual([[1, new Uint8Array([0, 2, 1, 9, 8, 7])]]);
    expect(usage.counts).toMatchObject({ relayFrames: 1, relayBytes: 6 });
  });

  it("refuses frames to unknown peers, malformed ones and oversized ones with an error", () => {
    const { core, rec } = session("p2p");
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    rec.sent.length = 0;
    const cases: [Uint8Array, string][] = [
      [encodeRelayFrame(5, false, new Uint8Array(1)), SIGNAL_ERROR.UNKNOWN_PEER],
      [encodeRelayFrame(1, false, new Uint8Array(1)), SIGNAL_ERROR.UNKNOWN_PEER],
      [new Uint8Array([0, 2]), SIGNAL_ERROR.MALFORMED_RELAY_FRAME],
      [new Uint8Array([0, 2, 2]), SIGNAL_ERROR.MALFORMED_RELAY_FRAME],
      [new Uint8Array([0, 0, 0]), SIGNAL_ERROR.MALFORMED_RELAY_FRAME],
      [
        encodeRelayFrame(2, false, new Uint8Array(MAX_RELAY_FRAME_BYTES - 2)),
        SIGNAL_ERROR.FRAME_TOO_LARGE,
      ],
    ];
    for (const [frame, code] of cases) {
      core.receive(1, frame, 0);
      expect(rec.to(1).map((m) => m.type === "error" && m.code)).toEqual([code]);
    }
    expect(rec.relayed).toEqual([]);
    // The boundary neighbour: a frame of exactly the limit goes through.
    core.receive(1, encodeRelayFrame(2, false, new Uint8Array(MAX_RELAY_FRAME_BYTES - 3)), 0);
    expect(rec.relayed).toHaveLength(1);
  });

  it("drops unreliable frames to a slow reader and closes it with 4301 past the reliable limit", () => {
    const { core, rec, usage } = session("p2p");
    admitted(core, joining("acc_a"));
    admitted(core, joining("acc_b"));
    rec.backlogs.set(2, UNRELIABLE_BACKLOG_BYTES + 1);
    core.receive(1, encodeRelayFrame(2, true, new Uint8Array(1)), 0);
    core.receive(1, encodeRelayFrame(2, false, new Uint8Array(1)), 0);
    expect(rec.relayed.map(([to]) => to)).toEqual([2]);
    expect(usage.counts.relayDroppedFrames).toBe(1);
    rec.backlogs.set(2, MAX_BACKLOG_BYTES + 1);
    core.receive(1, encodeRelayFrame(2, false, new Uint8Array(1)), 0);
    expect(rec.closed).toEqual([[2, CLOSE.SLOW_CONSUMER.code, expect.any(String)]]);
  });
});

describe("PeerSessionCore host migration", () => {
  it("elects the connected peer with the lowest id when the host leaves, with the last roster", () => {
    const { core, rec, state } = session("listen");
    admitted(core, joining("acc_host", "host"));
    admitted(core, joining("acc_b"));
    admitted(core, joining("acc_c"));
    admitted(core, joining("acc_d"));
    const roster = [
      { peerId: 1, playerId: 1 },
      { peerId: 3, playerId: 2 },
    ];
    core.receive(1, JSON.stringify({ type: "roster", players: roster }), 0);
    core.leave(2, 1000);
    rec.sent.length = 0;
    core.leave(1, 1006);
    const expected = [
      { type: "peer-left", peerId: 1, reason: "connection lost" },
      { type: "host", hostPeerId: 3, epoch: 1, roster },
    ];
    expect(rec.to(3)).toEqual(expected);
    expect(rec.to(4)).toEqual(expected);
    expect(state).toMatchObject({ hostPeerId: 3, epoch: 1 });
    // The new host's roster is accepted, the old one's role is gone.
    core.receive(4, JSON.stringify({ type: "roster", players: [] }), 0);
    expect(rec.to(4).map((m) => m.type)).toEqual(["error"]);
  });

  it("always elects the lowest connected id, whatever the order of departures", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (n, picks) => {
          const { core, state } = session("listen", 8);
          admitted(core, joining("acc_host", "host"));
          for (let i = 2; i <= n; i++) admitted(core, joining(`acc_${i}`));
          const connected = Array.from({ length: n }, (_, i) => i + 1);
          let epoch = 0;
          for (const pick of picks) {
            if (connected.length <= 1) break;
            const [gone] = connected.splice(pick % connected.length, 1);
            const wasHost = gone === state.hostPeerId;
            core.leave(gone!, 1000);
            if (wasHost) epoch++;
            expect(state.hostPeerId).toBe(Math.min(...connected));
            expect(state.epoch).toBe(epoch);
          }
        },
      ),
    );
  });

  it("ends the session when the last peer leaves, and refuses later sockets with 4401", () => {
    const { core, rec, state } = session("listen");
    admitted(core, joining("acc_host", "host"));
    core.leave(1, 1000);
    expect(state.ended).toBe(true);
    expect(rec.ended).toBe(1);
    expect(core.admit(joining("acc_host", "host"))).toMatchObject({
      ok: false,
      code: CLOSE.SESSION_ENDED,
    });
  });

  it("never elects a host in a P2P session", () => {
    const { core, rec } = session("p2p");
    admitted(core, joining("acc_a"));
    const b = admitted(core, joining("acc_b"));
    expect(b.welcome.hostPeerId).toBeNull();
    rec.sent.length = 0;
    core.leave(1, 1000);
    expect(rec.to(2)).toEqual([{ type: "peer-left", peerId: 1, reason: "left" }]);
  });

  it("restarts from its stored state, electing a host if the host's socket did not come back", () => {
    const { core, state, usage, rec } = session("listen");
    admitted(core, joining("acc_host", "host"));
    const b = admitted(core, joining("acc_b"));
    const stored = structuredClone(state) as PeerSessionState;
    rec.sent.length = 0;
    const again = new PeerSessionCore(stored, [b.peer], usage, rec.sink);
    expect(again.connected).toBe(1);
    expect(rec.to(2)).toEqual([{ type: "host", hostPeerId: 2, epoch: 1, roster: [] }]);
    expect(admitted(again, joining("acc_c")).welcome).toMatchObject({ peerId: 3, hostPeerId: 2 });
  });

  it("keeps the host's place for the next host ticket when a deploy dropped every socket", () => {
    const { core, state, usage, rec } = session("listen");
    admitted(core, joining("acc_host", "host"));
    admitted(core, joining("acc_b"));
    const again = new PeerSessionCore(structuredClone(state), [], usage, rec.sink);
    expect(again.ended).toBe(false);
    expect(again.admit(joining("acc_b"))).toMatchObject({ ok: false, code: CLOSE.HOST_LEFT });
    const host = admitted(again, joining("acc_host", "host"));
    expect(host.welcome).toMatchObject({ peerId: 3, hostPeerId: 3, epoch: 1 });
  });
});
