// The client's listen sessions against the signaling object's own core (not the test hub):
// its admission, election, roster and relay rules, over relayed links (fast, no WebRTC).

import { afterEach, describe, expect, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput, arenaGame, listShips } from "../../../games/arena/index.js";
import { eventually } from "../../../test/support/eventually.js";
import { CoreSignalingHub } from "../../../test/support/peer/core-signaling-hub.js";
import { ConnectError } from "../connect.js";
import { hostSession } from "./host-session.js";
import { joinSession } from "./join-session.js";
import type { MigrationEvent, PeerSession } from "./peer-session.js";

const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

function signaling(hub: CoreSignalingHub, name: string, role: "host" | "peer" = "peer") {
  return { signalUrl: hub.signalUrl, ticket: hub.ticket(name, role), WebSocket: hub.WebSocket };
}

async function join(hub: CoreSignalingHub, name: string): Promise<PeerSession<ArenaInput>> {
  const peer = await joinSession({
    game: arenaGame,
    name,
    signaling: signaling(hub, name),
    link: { direct: false },
  });
  cleanup.push(() => peer.close());
  return peer;
}

describe("listen sessions on the PeerSession object's core", () => {
  it("refuses peers until the host is there, with a retryable 4400", async () => {
    const hub = new CoreSignalingHub();
    const attempt = join(hub, "early");
    await expect(attempt).rejects.toBeInstanceOf(ConnectError);
    await expect(attempt).rejects.toMatchObject({ code: 4400, retryable: true });
  });

  it("plays through the relay, migrates to the earliest peer, and the object counts the relay", async () => {
    const hub = new CoreSignalingHub();
    const host = await hostSession({ game: arenaGame, signaling: signaling(hub, "host", "host") });
    cleanup.push(() => host.close());
    const own = await host.connect({ name: "host" });
    cleanup.push(() => own.close());
    const bob = await join(hub, "bob");
    const cyd = await join(hub, "cyd");
    expect([bob.signaling.peerId, cyd.signaling.peerId]).toEqual([2, 3]);
    cyd.room.setInput({ buttons: ARENA_BUTTON.THRUST });
    await eventually(
      () => listShips(cyd.room.world).find((s) => s.owner === cyd.room.playerId)?.vx,
      "cyd's ship moves, as cyd's mirror shows",
    );
    const migrated: MigrationEvent[] = [];
    bob.on("migrated", (m) => migrated.push(m));
    cyd.on("migrated", (m) => migrated.push(m));
    const players = [bob.room.playerId, cyd.room.playerId];
    host.close();
    await eventually(() => migrated.length === 2, "both resume on bob");
    expect(hub.core.hostPeerId).toBe(2);
    const hosted = bob.host?.core.players().map((p) => p.playerId);
    expect(hosted?.sort((a, b) => a - b)).toEqual(players);
    expect([bob.room.playerId, cyd.room.playerId]).toEqual(players);
    expect(cyd.room.transportPath).toBe("relay");
    // The object took the new host's roster (it accepts only the host's).
    await eventually(() => hub.state.roster.length === 2, "bob's roster");
    expect(hub.state.roster).toEqual([
      { peerId: 2, playerId: players[0] },
      { peerId: 3, playerId: players[1] },
    ]);
    expect(hub.state.epoch).toBe(1);
    expect(hub.usage.counts.relayFrames).toBeGreaterThan(0);
    expect(hub.usage.counts.relayBytes).toBeGreaterThan(hub.usage.counts.relayFrames * 3);
    expect(hub.usage.counts.signalMessages).toBeGreaterThanOrEqual(3); // three rosters at least
  });
});
