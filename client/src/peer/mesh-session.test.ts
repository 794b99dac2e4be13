import { afterEach, describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  arenaGame,
  listShips,
  Ship,
  spawnPoint,
  stepArena,
} from "../../../games/arena/index.js";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { TIMER_SLACK_MS } from "../../../test/support/timer-slack.js";
import {
  type JoinMeshOptions,
  joinMesh,
  type MeshLinkReport,
  type MeshSession,
} from "./mesh-session.js";
import type { RtcOptions } from "./rtc-options.js";
import { SignalingClient } from "./signaling-client.js";

const DT = arenaGame.schema.tickSeconds;
const RTC: RtcOptions = { RTCPeerConnection: NodeRTCPeerConnection, connectTimeoutMs: 10_000 };
/** Blocks every candidate, gathered or signaled: data channels can never open. */
const BLOCKED: RtcOptions = { ...RTC, connectTimeoutMs: 800, candidateFilter: () => false };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

interface Peer {
  readonly session: MeshSession;
  readonly reports: MeshLinkReport[];
}

/** Joins `hub`'s P2P session as `name`, with one ship of its own at its spawn point. */
async function join(
  hub: FakeSignalingHub,
  name: string,
  options: Omit<JoinMeshOptions, "game" | "signaling"> = {},
): Promise<Peer> {
  const session = await joinMesh({
    game: arenaGame,
    signaling: { signalUrl: hub.signalUrl, ticket: hub.ticket(name), WebSocket: hub.WebSocket },
    ...options,
  });
  cleanup.push(() => session.leave());
  const reports: MeshLinkReport[] = [];
  session.on("link", (r) => reports.push(r));
  const at = spawnPoint(session.peerId);
  const ship = session.mesh.local.spawn();
  session.mesh.local.add(ship, Ship, {
    owner: session.peerId,
    pos: { x: at.x, y: at.y },
    heading: at.heading,
  });
  return { session, reports };
}

/** Each peer flies its own ship `ticks` steps: thrust, turning by its id. */
function fly(peers: readonly Peer[], ticks: number): void {
  for (const { session } of peers) {
    const buttons =
      ARENA_BUTTON.THRUST | (session.peerId % 2 ? ARENA_BUTTON.LEFT : ARENA_BUTTON.RIGHT);
    const inputs = new Map([[session.peerId, { buttons }]]);
    for (let i = 0; i < ticks; i++) stepArena(session.mesh.local, inputs, DT);
  }
}

/** True when every peer mirrors every other peer's ships exactly as their owner holds them. */
function converged(peers: readonly Peer[]): boolean {
  return peers.every(({ session: viewer }) =>
    peers.every(({ session: owner }) => {
      if (owner === viewer) return true;
      const mirror = viewer.mesh.remote(owner.peerId);
      return (
        mirror !== undefined &&
        JSON.stringify(listShips(mirror)) === JSON.stringify(listShips(owner.mesh.local))
      );
    }),
  );
}

/** Every ship `viewer` sees: its own and its mirrors', as owner ids. */
function owners(viewer: MeshSession): number[] {
  const seen = listShips(viewer.mesh.local).map((s) => s.owner);
  for (const p of viewer.mesh.peers())
    seen.push(...listShips(viewer.mesh.remote(p.peerId)!).map((s) => s.owner));
  return seen.sort((a, b) => a - b);
}

/** How many offers were signaled. */
function offers(hub: FakeSignalingHub): number {
  return hub.received.filter(
    (m) =>
      m.type === "signal" && m.data.kind === "description" && m.data.description.type === "offer",
  ).length;
}

// werift is WebRTC in TypeScript: links open within a second on an idle machine, several on a
// busy one (six connections in one process); every wait is bounded below the test's timeout.
describe("joinMesh over WebRTC data channels (werift)", { timeout: 40_000 }, () => {
  it("links three peers once per pair, the later peer offering, and their ships converge", async () => {
    const hub = new FakeSignalingHub({ kind: "p2p" });
    const peers: Peer[] = [];
    for (const name of ["ada", "bob", "cyd"])
      peers.push(await join(hub, name, { link: { rtc: RTC } }));
    for (const p of peers) {
      p.session.mesh.start();
      cleanup.push(() => p.session.mesh.stop());
    }
    await eventually(
      () =>
        peers.every((p) => p.reports.length === 2 && p.session.mesh.peers().every((m) => m.ready)),
      "every link opens and both ends accept the other's HELLO",
      20_000,
    );
    expect(offers(hub)).toBe(3);
    const [ada, bob, cyd] = peers.map((p) => p.session);
    expect(ada!.links().map((l) => [l.peerId, l.role, l.state])).toEqual([
      [2, "accepted", "open"],
      [3, "accepted", "open"],
    ]);
    expect(bob!.links().map((l) => [l.peerId, l.role])).toEqual([
      [1, "offered"],
      [3, "accepted"],
    ]);
    expect(cyd!.links().map((l) => [l.peerId, l.role])).toEqual([
      [1, "offered"],
      [2, "offered"],
    ]);
    for (const p of peers) {
      for (const r of p.reports) expect([r.path, r.fallbackMs]).toEqual(["direct", undefined]);
      expect(p.session.mesh.peers().map((m) => m.path)).toEqual(["direct", "direct"]);
    }
    expect(hub.relayFrames).toBe(0);

    fly(peers, 30);
    await eventually(() => converged(peers), "every peer mirrors the others' ships");
    for (const p of peers) expect(owners(p.session)).toEqual([1, 2, 3]);
    // 30 ticks (1 s) of thrust while turning take a ship some 90 units from its spawn point.
    for (const p of peers) {
      const [own] = listShips(p.session.mesh.local);
      const at = spawnPoint(p.session.peerId);
      expect(Math.hypot(own!.x - at.x, own!.y - at.y)).toBeGreaterThan(50);
    }
    fly(peers, 15);
    await eventually(() => converged(peers), "the mirrors follow the ships' next moves");
  });

  it("falls back to the relay for every link of a peer whose candidates are blocked, and still converges", async () => {
    const hub = new FakeSignalingHub({ kind: "p2p" });
    const fast: RtcOptions = { ...RTC, connectTimeoutMs: 800 };
    const peers: Peer[] = [];
    // Peer 3 blocks direct paths: it offers to 1 and 2, and accepts 4's offer.
    for (const [name, rtc] of [
      ["ada", fast],
      ["bob", fast],
      ["cyd", BLOCKED],
      ["dan", fast],
    ] as const)
      peers.push(await join(hub, name, { link: { rtc } }));
    for (const p of peers) {
      p.session.mesh.start();
      cleanup.push(() => p.session.mesh.stop());
    }
    await eventually(
      () =>
        peers.every((p) => p.reports.length === 3 && p.session.mesh.peers().every((m) => m.ready)),
      "every link opens, direct or relayed",
      20_000,
    );
    const pathTo = (p: Peer, peerId: number) => p.reports.find((r) => r.peerId === peerId)!;
    for (const p of peers)
      for (const r of p.reports) {
        const involvesCyd = p.session.peerId === 3 || r.peerId === 3;
        expect(r.path, `${p.session.peerId}→${r.peerId}`).toBe(involvesCyd ? "relay" : "direct");
      }
    // The offerer gives up on data channels at its timeout, then the relay takes one round trip.
    for (const [offerer, to] of [
      [2, 0],
      [2, 1],
      [3, 2],
    ] as const) {
      const r = pathTo(peers[offerer]!, to + 1);
      expect(r.role).toBe("offered");
      expect(r.fallbackMs).toBeGreaterThanOrEqual(800 - TIMER_SLACK_MS);
      expect(r.directFailure).toBe("data channels not open within 800 ms");
      expect(r.openMs).toBeGreaterThanOrEqual(r.fallbackMs!);
    }
    // The accepting ends saw the direct attempt end when its relayed link came.
    for (const [acceptor, from] of [
      [0, 3],
      [1, 3],
      [2, 4],
    ] as const) {
      const r = pathTo(peers[acceptor]!, from);
      expect(r.role).toBe("accepted");
      expect(r.fallbackMs).toBeGreaterThan(0);
      expect(r.directFailure).toEqual(expect.any(String));
    }
    fly(peers, 30);
    await eventually(() => converged(peers), "every peer mirrors the others' ships");
    for (const p of peers) expect(owners(p.session)).toEqual([1, 2, 3, 4]);
    expect(hub.relayFrames).toBeGreaterThan(0);
  });
});

/** Relayed links only (no data channels): the hub delivers everything in a bounded number of turns. */
const RELAY: Omit<JoinMeshOptions, "game" | "signaling"> = { link: { direct: false } };

/** Ticks every mesh once and lets the hub deliver everything, `times` times. */
async function exchange(
  hub: FakeSignalingHub,
  peers: readonly Peer[],
  times: number,
): Promise<void> {
  for (let i = 0; i < times; i++) {
    for (const p of peers) if (!p.session.closed) p.session.mesh.tick(i * 1000 * DT);
    await hub.settle();
  }
}

describe("joinMesh: the session around the mesh", () => {
  it("links a newcomer to everyone already there, and removes a peer whose socket drops", async () => {
    const hub = new FakeSignalingHub({ kind: "p2p" });
    const peers = [await join(hub, "ada", RELAY), await join(hub, "bob", RELAY)];
    await exchange(hub, peers, 3);
    expect(converged(peers)).toBe(true);
    peers.push(await join(hub, "cyd", RELAY));
    await exchange(hub, peers, 3);
    expect(converged(peers)).toBe(true);
    expect(peers.map((p) => p.reports.map((r) => [r.peerId, r.role, r.path]))).toEqual([
      [
        [2, "accepted", "relay"],
        [3, "accepted", "relay"],
      ],
      [
        [1, "offered", "relay"],
        [3, "accepted", "relay"],
      ],
      [
        [1, "offered", "relay"],
        [2, "offered", "relay"],
      ],
    ]);
    hub.drop(2);
    await exchange(hub, peers, 2);
    for (const p of [peers[0]!, peers[2]!]) {
      expect(p.session.mesh.remote(2)).toBeUndefined();
      expect(p.session.links().map((l) => l.peerId)).toEqual(p.session.peerId === 1 ? [3] : [1]);
      expect(owners(p.session)).toEqual([1, 3]);
    }
    expect(peers[1]!.session.closed).toBe(true);
  });

  it("hands a vanished peer's ships to the lowest remaining id when asked", async () => {
    const hub = new FakeSignalingHub({ kind: "p2p" });
    const withHandover = { ...RELAY, handover: true };
    const peers: Peer[] = [];
    for (const name of ["ada", "bob", "cyd"]) peers.push(await join(hub, name, withHandover));
    fly(peers, 10);
    await exchange(hub, peers, 3);
    const adasShip = listShips(peers[0]!.session.mesh.local)[0]!;
    hub.drop(1);
    await exchange(hub, peers, 3);
    const [, bob, cyd] = peers.map((p) => p.session);
    // Bob (2) adopted Ada's ship as it last saw it; Cyd sees it once, as Bob's now.
    expect(listShips(bob!.mesh.local)).toContainEqual(adasShip);
    expect(listShips(cyd!.mesh.remote(2)!)).toContainEqual(adasShip);
    expect(owners(cyd!)).toEqual([1, 2, 3]);
    expect(cyd!.mesh.remote(1)).toBeUndefined();
  });

  it("leaves: the others see it go, and its session reports the close", async () => {
    const hub = new FakeSignalingHub({ kind: "p2p" });
    const peers = [await join(hub, "ada", RELAY), await join(hub, "bob", RELAY)];
    await exchange(hub, peers, 2);
    const closes: { code: number; reason: string }[] = [];
    peers[1]!.session.on("close", (c) => closes.push(c));
    peers[1]!.session.leave();
    await exchange(hub, peers, 2);
    expect(closes).toEqual([{ code: 1000, reason: "left the mesh" }]);
    expect(peers[1]!.session.closed).toBe(true);
    expect(peers[0]!.session.links()).toEqual([]);
    expect(peers[0]!.session.mesh.remote(2)).toBeUndefined();
    expect(hub.peerIds()).toEqual([1]);
  });

  it("refuses a listen session, and a bad option before it opens a socket", async () => {
    const listen = new FakeSignalingHub({ kind: "listen" });
    const signaling = {
      signalUrl: listen.signalUrl,
      ticket: listen.ticket("ada"),
      WebSocket: listen.WebSocket,
    };
    await expect(joinMesh({ game: arenaGame, signaling, ...RELAY })).rejects.toThrow(
      "session s_test is a listen session, not p2p",
    );
    await listen.settle();
    expect(listen.peerIds()).toEqual([]);

    const hub = new FakeSignalingHub({ kind: "p2p" });
    const bad = { signalUrl: hub.signalUrl, ticket: hub.ticket("bob"), WebSocket: hub.WebSocket };
    await expect(
      joinMesh({ game: arenaGame, signaling: bad, link: { rtc: { ...RTC, connectTimeoutMs: 0 } } }),
    ).rejects.toThrow("rtc.connectTimeoutMs must be an integer in [1, 120000], got 0");
    await hub.settle();
    expect(hub.peerIds()).toEqual([]);
  });

  it("keeps a socket the caller gave it when it refuses the session", async () => {
    const listen = new FakeSignalingHub({ kind: "listen" });
    const signaling = await SignalingClient.connect({
      signalUrl: listen.signalUrl,
      ticket: listen.ticket("ada"),
      WebSocket: listen.WebSocket,
    });
    await expect(joinMesh({ game: arenaGame, signaling, ...RELAY })).rejects.toThrow("not p2p");
    expect(signaling.closed).toBeUndefined();
    signaling.close();
  });
});
