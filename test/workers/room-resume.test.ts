// Connection resilience inside workerd: a dropped player waits out its grace period with
// its ship in the world and resumes with its WELCOME's resume token; a goodbye or a kick
// removes it at once.
import { describe, expect, it } from "vitest";
import { RoomSocket } from "./room-socket.js";
import { signInGuest } from "./sign-in.js";

describe("GameRoom resume", () => {
  it("gives a dropped player back its id and ship when it resumes with its token", async () => {
    const adaToken = (await signInGuest("ada")).accessToken;
    const ada = await RoomSocket.join("resume-one", "ada", adaToken);
    const bob = await RoomSocket.join("resume-one", "bob");
    const welcome = ada.all("welcome")[0]!;
    expect(welcome.resumed).toBe(false);
    expect(welcome.resumeToken).toMatch(/^[0-9a-f]{32}$/);
    await bob.snapshot((s) => s.ships.length === 2);

    ada.drop();
    await bob.next("player-status", (m) => m.playerId === 1 && !m.connected);
    // Still in the room while the grace period runs, but the arena hides an away player's
    // ship from the others: it leaves bob's view (not despawned).
    const during = await bob.stateAfter(bob.snapshots.at(-1)!.tick);
    expect(during.ships.map((s) => s.owner)).toEqual([2]);
    expect(during.left).toBe(1);

    const back = await RoomSocket.join("resume-one", "ada", adaToken, welcome.resumeToken);
    expect(back.all("welcome")[0]).toMatchObject({ playerId: 1, resumed: true });
    await bob.next("player-status", (m) => m.playerId === 1 && m.connected);
    // A fresh baseline: the first snapshot is a full state with both ships.
    const first = await back.snapshot(() => true);
    expect(first.ships.map((s) => s.owner)).toEqual([1, 2]);
    expect(bob.all("player-left")).toEqual([]);
    back.close();
    bob.close();
  });

  it("does not give a player to another account presenting its token: it joins anew", async () => {
    const ada = await RoomSocket.join("resume-thief", "ada");
    const token = ada.all("welcome")[0]!.resumeToken;
    ada.drop();
    const eve = await RoomSocket.join("resume-thief", "eve", undefined, token);
    expect(eve.all("welcome")[0]).toMatchObject({ playerId: 2, resumed: false });
    eve.close();
  });

  it("removes at once a player that said goodbye", async () => {
    const ada = await RoomSocket.join("resume-bye", "ada");
    const bob = await RoomSocket.join("resume-bye", "bob");
    ada.close();
    await bob.next("player-left", (m) => m.playerId === 1);
    expect(bob.all("player-status")).toEqual([]);
    bob.close();
  });
});
