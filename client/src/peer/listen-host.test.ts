import { afterEach, describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame } from "../../../games/arena/index.js";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { ConnectError } from "../connect.js";
import { hostSession } from "./host-session.js";
import { joinSession } from "./join-session.js";
import { ListenHost } from "./listen-host.js";
import { SignalingClient } from "./signaling-client.js";

// Peers reach the host through the relay here (no RTCPeerConnection in Node without werift):
// the host's side does not depend on the carrier, and these tests stay fast.
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

async function hosted() {
  const hub = new FakeSignalingHub();
  const signaling = (name: string) => ({
    signalUrl: hub.signalUrl,
    ticket: hub.ticket(name),
    WebSocket: hub.WebSocket,
  });
  const host = await hostSession({ game: arenaGame, signaling: signaling("host") });
  cleanup.push(() => host.close());
  const join = async (name: string, game = arenaGame) => {
    const peer = await joinSession({
      game,
      name,
      token: "whatever the peer says",
      signaling: signaling(name),
      link: { direct: false },
    });
    cleanup.push(() => peer.close());
    return peer;
  };
  return { hub, host, join, signaling };
}

describe("ListenHost", () => {
  it("admits a peer as the account the session verified, whatever its HELLO's token", async () => {
    const { host, join } = await hosted();
    const bob = await join("bob");
    expect(bob.room.transportPath).toBe("relay");
    expect(host.core.players()).toEqual([
      expect.objectContaining({ playerId: bob.room.playerId, name: "bob", accountId: "acct-bob" }),
    ]);
    expect(host.roster).toEqual([{ peerId: 2, playerId: bob.room.playerId }]);
  });

  it("refuses what a room refuses, with the room's close code: a HELLO of another game is 4010", async () => {
    const { join } = await hosted();
    const other = { ...arenaGame, name: "not-arena" };
    const attempt = join("eve", other);
    await expect(attempt).rejects.toBeInstanceOf(ConnectError);
    await expect(attempt).rejects.toMatchObject({ code: 4010, retryable: false });
  });

  it("removes at once the player of a peer that left the session", async () => {
    const { hub, host, join } = await hosted();
    const bob = await join("bob");
    await eventually(() => host.core.playerCount === 1, "bob joined");
    hub.drop(bob.signaling.peerId);
    await eventually(() => host.core.playerCount === 0, "bob's player is gone");
    await eventually(() => hub.roster.length === 0, "the roster follows");
  });

  it("holds the player of a dropped link for the grace period, and resumes it", async () => {
    const { host, join } = await hosted();
    const bob = await join("bob");
    const playerId = bob.room.playerId;
    bob.room.dropLink();
    await eventually(() => bob.room.state === "resumed", "bob resumes over a new relayed link");
    expect(bob.room.playerId).toBe(playerId);
    expect(host.core.players().map((p) => p.playerId)).toEqual([playerId]);
  });

  it("gives the host's own player a local link, which ends with 4401 when the host leaves", async () => {
    const { host } = await hosted();
    const own = await host.connect({ name: "host" });
    expect(own.transportPath).toBe("local");
    host.close();
    await eventually(() => own.closed, "the own player's connection ends");
    expect(own.closed).toMatchObject({ code: 4401, retryable: false });
    expect(host.closed).toBe(true);
  });

  it("refuses to host a session another peer hosts", async () => {
    const { signaling } = await hosted();
    const bob = await SignalingClient.connect(signaling("bob"));
    cleanup.push(() => bob.close());
    expect(() => new ListenHost<ArenaInput>({ game: arenaGame, signaling: bob })).toThrow(
      "peer 2 does not host session s_test (listen, host 1)",
    );
    // The same socket joins the session as a peer instead.
    const joined = await joinSession({
      game: arenaGame,
      name: "bob",
      signaling: bob,
      link: { direct: false },
    });
    cleanup.push(() => joined.close());
    expect(joined.room.transportPath).toBe("relay");
  });

  it("refuses a peer's bad link options before it connects", async () => {
    const { signaling } = await hosted();
    const noRtc = joinSession({ game: arenaGame, name: "bob", signaling: signaling("bob") });
    await expect(noRtc).rejects.toThrow(
      new TypeError("rtc.RTCPeerConnection: no global RTCPeerConnection here; pass one"),
    );
    const RTCPeerConnection = NodeRTCPeerConnection;
    const badTimeout = joinSession({
      game: arenaGame,
      name: "cyd",
      signaling: signaling("cyd"),
      link: { rtc: { RTCPeerConnection, connectTimeoutMs: 0 } },
    });
    await expect(badTimeout).rejects.toThrow(
      new RangeError("rtc.connectTimeoutMs must be an integer in [1, 120000], got 0"),
    );
  });
});
