// Two Node clients, through the built client package, play in a room on a real server:
// wrangler dev, or `npm run selfhost` in the e2e-selfhost project (test/support/server.ts).
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_RPCS,
  type ArenaInput,
  arenaGame,
  listShips,
} from "../../games/arena/index.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";
import { SERVER_KIND, startServer, type TestServer } from "../support/server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

function ship(room: RoomConnection<ArenaInput>, playerId: number) {
  return listShips(room.world).find((s) => s.owner === playerId);
}

describe(`two Node clients on ${SERVER_KIND}`, () => {
  it("each sees the other's inputs applied", async () => {
    const url = roomUrl(server.url, "e2e-two");
    const [adaToken, bobToken] = [await signInGuest(server.url), await signInGuest(server.url)];
    const ada = await connect({ url, game: arenaGame, name: "ada", token: adaToken.accessToken });
    const bob = await connect({ url, game: arenaGame, name: "bob", token: bobToken.accessToken });
    await eventually(
      () => ada.players.size === 2 && bob.players.size === 2,
      "both see two players",
    );
    expect([...bob.players.values()].sort()).toEqual(["ada", "bob"]);

    const adaStart = await eventually(() => ship(bob, ada.playerId), "bob sees ada's ship");
    const bobAngle = (await eventually(() => ship(ada, bob.playerId), "ada sees bob's ship"))
      .heading;
    const from = { x: adaStart.x, y: adaStart.y };

    ada.setInput({ buttons: ARENA_BUTTON.THRUST });
    bob.setInput({ buttons: ARENA_BUTTON.LEFT });
    // Thrust for ~10 ticks moves a ship well over 20 units; turning for as long rotates it by
    // more than 0.5 rad (TURN_RATE 1.5π rad/s × 0.33 s ≈ 1.6 rad).
    await eventually(() => {
      const a = ship(bob, ada.playerId);
      return a && Math.hypot(a.x - from.x, a.y - from.y) > 20;
    }, "bob sees ada's ship move");
    await eventually(() => {
      const b = ship(ada, bob.playerId);
      return b && Math.abs(b.heading - bobAngle) > 0.5;
    }, "ada sees bob's ship turn");

    // Both clients converge on the same authoritative world.
    await eventually(() => ada.tick === bob.tick && ada.tick > 0, "both at the same tick");
    expect(listShips(ada.world)).toEqual(listShips(bob.world));

    const left = new Promise((resolve) => bob.on("player-left", resolve));
    ada.close();
    expect(await left).toEqual({ playerId: ada.playerId });
    expect(ada.closed?.code).toBe(1000);
    bob.close();
  });

  it("sends an emote by typed RPC that both clients receive, and hears a refusal", async () => {
    const url = roomUrl(server.url, "e2e-rpc");
    const [adaToken, bobToken] = [await signInGuest(server.url), await signInGuest(server.url)];
    const ada = await connect({ url, game: arenaGame, name: "ada", token: adaToken.accessToken });
    const bob = await connect({ url, game: arenaGame, name: "bob", token: bobToken.accessToken });
    const seen: string[] = [];
    bob.rpc(ARENA_RPCS).on("emoted", ({ player, kind }) => seen.push(`${player} ${kind}`));
    const rpc = ada.rpc(ARENA_RPCS);
    await rpc.call("emote", { kind: "wave" });
    await eventually(() => seen.length === 1, "bob sees ada's emote");
    expect(seen).toEqual([`${ada.playerId} wave`]);
    // The emote's rate limit is a burst of 3 (the wave above took one): the fourth is refused.
    const calls = [0, 1, 2].map(() => rpc.call("emote", { kind: "gg" }));
    const settled = await Promise.allSettled(calls);
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(ada.closed).toBeUndefined();
    ada.close();
    bob.close();
  });

  it("pings the map by unreliable RPC both ways: the room clamps it, both clients see it", async () => {
    const url = roomUrl(server.url, "e2e-ping");
    const [adaToken, bobToken] = [await signInGuest(server.url), await signInGuest(server.url)];
    const ada = await connect({ url, game: arenaGame, name: "ada", token: adaToken.accessToken });
    const bob = await connect({ url, game: arenaGame, name: "bob", token: bobToken.accessToken });
    const seen: string[] = [];
    for (const room of [ada, bob])
      room.rpc(ARENA_RPCS).on("marked", ({ player, x, y }) => seen.push(`${player} ${x},${y}`));
    // Off the map to the right: the room pulls it to the edge (x = 1600).
    await ada.rpc(ARENA_RPCS).call("mark", { x: 5000, y: 300 });
    await eventually(() => seen.length === 2, "both clients see the ping");
    expect(seen).toEqual([`${ada.playerId} 1600,300`, `${ada.playerId} 1600,300`]);
    ada.close();
    bob.close();
  });

  it("is refused with 4100 when it joins without signing in", async () => {
    const url = roomUrl(server.url, "e2e-anonymous");
    await expect(connect({ url, game: arenaGame, name: "anon" })).rejects.toMatchObject({
      code: 4100,
      retryable: false,
    });
  });

  it("rejects invalid options before opening a socket", async () => {
    const url = roomUrl(server.url, "e2e-refused");
    await expect(connect({ url, game: arenaGame, name: "x".repeat(40) })).rejects.toThrow(
      "connect.name must be 1-32 UTF-8 bytes",
    );
  });
});
