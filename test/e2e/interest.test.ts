// Interest management with the built client package on a real wrangler dev: a client zooms
// its view with the arena's setViewRadius RPC; the other ship leaves its mirror and comes
// back, where it is now, when it zooms out.
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_RPCS,
  ARENA_VIEW_RADIUS,
  type ArenaInput,
  arenaGame,
  listShips,
} from "../../games/arena/index.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

function ship(room: RoomConnection<ArenaInput>, playerId: number) {
  return listShips(room.world).find((s) => s.owner === playerId);
}

describe("interest on wrangler dev", () => {
  it("drops the other ship from a zoomed-in client's mirror and brings it back in full", async () => {
    const url = roomUrl(server.url, "e2e-interest");
    const join = async (name: string) =>
      connect({ url, game: arenaGame, name, token: (await signInGuest(server.url)).accessToken });
    const ada = await join("ada");
    const bob = await join("bob");
    const seen = await eventually(() => ship(ada, bob.playerId), "ada sees bob's ship");
    const mine = ship(ada, ada.playerId)!;
    // Spawn points of a fresh room's players 1 and 2 are 372 units apart.
    expect(Math.hypot(seen.x - mine.x, seen.y - mine.y)).toBeGreaterThan(ARENA_VIEW_RADIUS.MIN);
    const rpc = ada.rpc(ARENA_RPCS);

    expect(await rpc.call("setViewRadius", { radius: ARENA_VIEW_RADIUS.MIN })).toEqual({
      radius: ARENA_VIEW_RADIUS.MIN,
    });
    await eventually(() => !ship(ada, bob.playerId), "bob's ship leaves ada's mirror");
    // ada keeps its own ship, and bob still sees both.
    expect(listShips(ada.world).map((s) => s.owner)).toEqual([ada.playerId]);
    expect(listShips(bob.world)).toHaveLength(2);

    // bob moves while ada cannot see it.
    bob.setInput({ buttons: ARENA_BUTTON.REVERSE });
    await eventually(() => {
      const b = ship(bob, bob.playerId);
      return b && Math.hypot(b.x - seen.x, b.y - seen.y) > 30;
    }, "bob's ship moves");
    bob.setInput({ buttons: 0 });
    expect(ship(ada, bob.playerId)).toBeUndefined();

    expect(await rpc.call("setViewRadius", { radius: ARENA_VIEW_RADIUS.MAX })).toEqual({
      radius: ARENA_VIEW_RADIUS.MAX,
    });
    const back = await eventually(() => ship(ada, bob.playerId), "bob's ship re-enters");
    // Respawned where bob is now, not where ada last saw it.
    expect(Math.hypot(back.x - seen.x, back.y - seen.y)).toBeGreaterThan(30);
    await eventually(() => ada.tick === bob.tick && ada.tick > 0, "both at the same tick");
    expect(listShips(ada.world)).toEqual(listShips(bob.world));
    expect(ada.closed).toBeUndefined();
    ada.close();
    bob.close();
  });
});
