// Connection resilience on a real wrangler dev: a Node client whose link drops reconnects
// with backoff and resumes its player; the room keeps its ship meanwhile.
import { type ConnectionState, connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame, listShips } from "../../games/arena/index.js";
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

function owners(room: RoomConnection<ArenaInput>): number[] {
  return listShips(room.world).map((s) => s.owner);
}

describe("reconnection on wrangler dev", () => {
  it("resumes a dropped client as the same player, its ship kept", async () => {
    const url = roomUrl(server.url, "e2e-resume");
    const join = async (name: string) =>
      connect({
        url,
        game: arenaGame,
        name,
        token: (await signInGuest(server.url)).accessToken,
        reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      });
    const ada = await join("ada");
    const bob = await join("bob");
    await eventually(() => owners(ada).length === 2 && owners(bob).length === 2, "two ships");
    const states: ConnectionState[] = [];
    ada.on("state", ({ state }) => states.push(state));
    const status: boolean[] = [];
    bob.on("player-status", (m) => m.playerId === ada.playerId && status.push(m.connected));
    let left = false;
    bob.on("player-left", () => {
      left = true;
    });
    const id = ada.playerId;

    ada.dropLink();
    await eventually(() => ada.state === "resumed", "ada resumes");
    expect(states).toEqual(["reconnecting", "resumed"]);
    expect(ada.playerId).toBe(id);
    await eventually(() => owners(ada).length === 2, "ada's fresh mirror holds both ships");
    expect(owners(ada).sort()).toEqual([id, bob.playerId].sort());
    await eventually(() => status.length === 2, "bob hears the drop and the return");
    expect(status).toEqual([false, true]);
    expect(left).toBe(false);
    ada.close();
    bob.close();
  });
});
