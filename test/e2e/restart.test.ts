// Rooms survive a restart of the server: wrangler dev is killed mid-game and started again
// on the same port and persistence directory. Two Node clients reconnect on their own and
// resume their ships from the room's last snapshot; a third that stays away past the grace
// period (its ship hidden from the others meanwhile) is removed and the others are told.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame, listShips } from "../../games/arena/index.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";

let server: DevServer | undefined;
/** Shared by both servers, so the second finds the first one's storage. */
const persistTo = mkdtempSync(join(tmpdir(), "edgetick-restart-"));

afterAll(async () => {
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

function owners(room: RoomConnection<ArenaInput>): number[] {
  return listShips(room.world)
    .map((s) => s.owner)
    .sort((a, b) => a - b);
}

describe("a room across a server restart", () => {
  it("resumes two clients with their ships and removes the one that stays away", async () => {
    const first = await startDevServer({ persistTo });
    server = first;
    const url = roomUrl(first.url, "e2e-restart");
    const join = async (name: string, reconnect: boolean) =>
      connect({
        url,
        game: arenaGame,
        name,
        token: (await signInGuest(first.url)).accessToken,
        reconnect: reconnect && { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 90 },
      });
    const ada = await join("ada", true);
    const bob = await join("bob", true);
    const cat = await join("cat", false);
    await eventually(() => owners(ada).length === 3, "three ships");
    const ids = [ada.playerId, bob.playerId, cat.playerId].sort((a, b) => a - b);
    // cat's link drops for good (no goodbye, no reconnection): its ship waits.
    cat.dropLink();
    expect(cat.state).toBe("disconnected");
    // Past one snapshot interval (5 s), so the stored snapshot holds all three players.
    await new Promise((r) => setTimeout(r, 6_000));

    const port = Number(new URL(first.url).port);
    server = undefined;
    await first.stop(); // killed: no goodbye from the room, its last snapshot is ≤ 5 s old
    // The socket closes at once, or the client's idle timeout (5 s) finds the dead link.
    await eventually(() => ada.state !== "connected", "ada notices the restart", 15_000);
    server = await startDevServer({ persistTo, port });

    await eventually(
      () => ada.state === "resumed" && bob.state === "resumed",
      "both resume",
      60_000,
    );
    expect([ada.playerId, bob.playerId].sort()).toEqual(ids.slice(0, 2));
    await eventually(() => owners(ada).length >= 2, "ada's fresh mirror");
    // cat's ship came back with the room but stays hidden while cat is away (the arena's
    // rule, games/arena/arena-interest.ts).
    expect(owners(ada)).toEqual(ids.slice(0, 2));
    // cat never comes back: removed after the 10 s grace period, and both are told.
    const left: number[] = [];
    bob.on("player-left", ({ playerId }) => left.push(playerId));
    await eventually(() => left.includes(cat.playerId), "cat removed", 20_000);
    await eventually(() => owners(bob).length === 2, "cat's ship gone");
    expect(owners(bob)).toEqual(ids.slice(0, 2));
    ada.close();
    bob.close();
  }, 120_000);
});
