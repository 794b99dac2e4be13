import { afterEach, describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  type ArenaInput,
  arenaGame,
  listShips,
  shipOf,
} from "../../../games/arena/index.js";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { TIMER_SLACK_MS } from "../../../test/support/timer-slack.js";
import type { ReconnectOptions } from "../reconnect-options.js";
import type { RoomConnection } from "../room-connection.js";
import { hostSession } from "./host-session.js";
import { joinSession } from "./join-session.js";
import type { ListenHost } from "./listen-host.js";
import type { MigrationEvent, PeerSession } from "./peer-session.js";
import type { RtcOptions } from "./rtc-options.js";

const RTC: RtcOptions = { RTCPeerConnection: NodeRTCPeerConnection, connectTimeoutMs: 10_000 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

/** A listen session: its host (peer 1) with its own player, and `peers` joined after it. */
async function listenSession(
  names: string[],
  rtc: RtcOptions = RTC,
  hub = new FakeSignalingHub(),
  reconnect?: ReconnectOptions,
) {
  const signaling = (name: string) => ({
    signalUrl: hub.signalUrl,
    ticket: hub.ticket(name),
    WebSocket: hub.WebSocket,
  });
  const host = await hostSession({ game: arenaGame, signaling: signaling("host"), rtc: RTC });
  cleanup.push(() => host.close());
  const hostRoom = await host.connect({ name: "host" });
  cleanup.push(() => hostRoom.close());
  const peers: PeerSession<ArenaInput>[] = [];
  for (const name of names) {
    const peer = await joinSession({
      ...(reconnect && { reconnect }),
      game: arenaGame,
      name,
      signaling: signaling(name),
      link: { rtc },
    });
    cleanup.push(() => peer.close());
    peers.push(peer);
  }
  return { hub, host, hostRoom, peers };
}

/** The authoritative ships and the tick they are at. */
function authority(host: ListenHost<ArenaInput>) {
  return { tick: host.core.tick, ships: JSON.stringify(listShips(host.core.world)) };
}

/** True when `room`'s mirror is at the host's tick and holds exactly the host's ships. */
function mirrors(room: RoomConnection<ArenaInput>, host: ListenHost<ArenaInput>): boolean {
  const truth = authority(host);
  return room.tick === truth.tick && JSON.stringify(listShips(room.world)) === truth.ships;
}

/** The position of `playerId`'s ship in the host's world. */
function shipAt(host: ListenHost<ArenaInput>, playerId: number) {
  const ship = listShips(host.core.world).find((s) => s.owner === playerId);
  return ship && { x: ship.x, y: ship.y, heading: ship.heading };
}

describe("a listen session over werift data channels", () => {
  it("lets a host and two peers play the arena: inputs move their ships and every mirror converges", async () => {
    const { hub, host, hostRoom, peers } = await listenSession(["bob", "cyd"]);
    const [bob, cyd] = peers as [PeerSession<ArenaInput>, PeerSession<ArenaInput>];
    expect([hostRoom.transportPath, bob.room.transportPath, cyd.room.transportPath]).toEqual([
      "local",
      "direct",
      "direct",
    ]);
    expect(bob.link).toMatchObject({ path: "direct" });
    expect(new Set([hostRoom.playerId, bob.room.playerId, cyd.room.playerId]).size).toBe(3);
    await eventually(() => hub.roster.length === 3, "the host tells the session its roster");
    expect(hub.roster).toEqual([
      { peerId: 1, playerId: hostRoom.playerId },
      { peerId: 2, playerId: bob.room.playerId },
      { peerId: 3, playerId: cyd.room.playerId },
    ]);
    const bobFrom = shipAt(host, bob.room.playerId)!;
    const cydFrom = shipAt(host, cyd.room.playerId)!;
    bob.room.setInput({ buttons: ARENA_BUTTON.THRUST });
    cyd.room.setInput({ buttons: ARENA_BUTTON.LEFT });
    await eventually(() => {
      const b = shipAt(host, bob.room.playerId)!;
      const c = shipAt(host, cyd.room.playerId)!;
      return Math.hypot(b.x - bobFrom.x, b.y - bobFrom.y) > 20 && c.heading !== cydFrom.heading;
    }, "bob's ship thrusts and cyd's turns on the host");
    for (const room of [hostRoom, bob.room, cyd.room])
      await eventually(() => mirrors(room, host), "a mirror holds the host's ships at its tick");
    // The snapshots came over the unreliable channel, and none was stale on a quiet link.
    expect(bob.room.stats?.path ?? bob.room.transportPath).toBe("direct");
  });

  it("keeps playing through the relay when direct paths are blocked", async () => {
    const blocked: RtcOptions = { ...RTC, connectTimeoutMs: 700, candidateFilter: "relay-only" };
    const { hub, host, peers } = await listenSession(["bob"], blocked);
    const bob = peers[0]!;
    expect(bob.room.transportPath).toBe("relay");
    expect(bob.link?.path).toBe("relay");
    expect(bob.link?.fallbackMs).toBeGreaterThanOrEqual(700 - TIMER_SLACK_MS);
    const from = shipAt(host, bob.room.playerId)!;
    bob.room.setInput({ buttons: ARENA_BUTTON.THRUST });
    await eventually(() => {
      const at = shipAt(host, bob.room.playerId)!;
      return Math.hypot(at.x - from.x, at.y - from.y) > 20;
    }, "bob's ship moves on the host");
    await eventually(() => mirrors(bob.room, host), "bob's mirror converges");
    expect(hub.relayBytes).toBeGreaterThan(0);
  });
});

/** A peer's player and the NetworkId of its ship in its mirror (-1 while it sees none). */
function owned(room: RoomConnection<ArenaInput>) {
  return { playerId: room.playerId, ship: room.networkIdOf(shipOf(room.world, room.playerId)) };
}

type Session = Awaited<ReturnType<typeof listenSession>>;

describe("host migration", () => {
  it.each<[string, boolean, (s: Session) => void]>([
    ["the host leaves", false, (s) => s.host.close()],
    ["the host's link drops (announced before its departure)", true, (s) => s.hub.drop(1)],
  ])(
    "elects the lowest peer when %s: players keep their ids and entities",
    async (_what, hostFirst, end) => {
      const hub = new FakeSignalingHub({ hostBeforePeerLeft: hostFirst });
      const session = await listenSession(["bob", "cyd"], RTC, hub);
      const [bob, cyd] = session.peers as [PeerSession<ArenaInput>, PeerSession<ArenaInput>];
      await eventually(() => hub.roster.length === 3, "the roster");
      await eventually(() => owned(bob.room).ship >= 0 && owned(cyd.room).ship >= 0, "own ships");
      const before = [owned(bob.room), owned(cyd.room)];
      const migrated: MigrationEvent[] = [];
      bob.on("migrated", (m) => migrated.push(m));
      cyd.on("migrated", (m) => migrated.push(m));
      end(session);
      await eventually(() => migrated.length === 2, "both peers resume on the new host", 15_000);
      const byRole = migrated.map(({ ms: _, ...m }) => m).sort((a) => (a.becameHost ? -1 : 1));
      expect(byRole).toEqual([
        { hostPeerId: 2, epoch: 1, becameHost: true },
        { hostPeerId: 2, epoch: 1, becameHost: false },
      ]);
      const newHost = bob.host!;
      expect(newHost).toBeDefined();
      // The old host's player left with it: gone from the new room and everyone's view.
      const oldHostPlayer = session.hostRoom.playerId;
      expect(
        newHost.core
          .players()
          .map((p) => p.playerId)
          .sort(),
      ).toEqual(before.map((b) => b.playerId));
      expect(listShips(newHost.core.world).map((s) => s.owner)).not.toContain(oldHostPlayer);
      expect([bob.room.players.has(oldHostPlayer), cyd.room.players.has(oldHostPlayer)]).toEqual([
        false,
        false,
      ]);
      expect([bob.room.transportPath, cyd.room.transportPath]).toEqual(["local", "direct"]);
      await eventually(
        () => owned(bob.room).ship >= 0 && owned(cyd.room).ship >= 0,
        "each peer sees its own ship again",
      );
      expect([owned(bob.room), owned(cyd.room)]).toEqual(before);
      // The new host's room goes on: its roster names the peers, inputs move ships there.
      await eventually(
        () =>
          hub.roster.some((r) => r.peerId === 2 && r.playerId === bob.room.playerId) &&
          hub.roster.some((r) => r.peerId === 3 && r.playerId === cyd.room.playerId),
        "the new host's roster",
      );
      const from = shipAt(newHost, cyd.room.playerId)!;
      cyd.room.setInput({ buttons: ARENA_BUTTON.THRUST });
      await eventually(() => {
        const at = shipAt(newHost, cyd.room.playerId)!;
        return Math.hypot(at.x - from.x, at.y - from.y) > 20;
      }, "cyd's ship moves on the new host");
      await eventually(() => mirrors(cyd.room, newHost), "cyd's mirror converges on the new host");
      expect(session.hostRoom.state).toBe("disconnected");
    },
    30_000,
  );
});

describe("host migration announced late", () => {
  it("holds the reconnecting links until the new host is known, then resumes there", async () => {
    const hub = new FakeSignalingHub({ manualElection: true });
    // Reconnection right after the drop: the attempts come before any election.
    const session = await listenSession(["bob", "cyd"], RTC, hub, { initialDelayMs: 1, jitter: 0 });
    const [bob, cyd] = session.peers as [PeerSession<ArenaInput>, PeerSession<ArenaInput>];
    await eventually(() => owned(bob.room).ship >= 0 && owned(cyd.room).ship >= 0, "own ships");
    const before = [owned(bob.room), owned(cyd.room)];
    const migrated: MigrationEvent[] = [];
    bob.on("migrated", (m) => migrated.push(m));
    cyd.on("migrated", (m) => migrated.push(m));
    session.host.close();
    // Both connections lose the host and retry; with no host known, their links wait.
    await eventually(() => bob.waitingForHost && cyd.waitingForHost, "both wait for a host");
    const offers = hub.received.length;
    expect([bob.room.state, cyd.room.state]).toEqual(["reconnecting", "reconnecting"]);
    hub.elect();
    await eventually(() => migrated.length === 2, "both resume on the new host", 15_000);
    expect([bob.waitingForHost, cyd.waitingForHost]).toEqual([false, false]);
    // Nothing was signaled to the old host while they waited: cyd offered to bob.
    const to = hub.received.slice(offers).map((m) => (m.type === "signal" ? m.to : 0));
    expect(to).not.toContain(1);
    expect(to).toContain(2);
    expect([owned(bob.room).playerId, owned(cyd.room).playerId]).toEqual(
      before.map((b) => b.playerId),
    );
    await eventually(
      () => owned(bob.room).ship === before[0]!.ship && owned(cyd.room).ship === before[1]!.ship,
      "their ships, at the same NetworkIds",
    );
  }, 30_000);
});
