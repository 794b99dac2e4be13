// One account in two rooms at once (issue 19): the rooms used to overwrite each other's
// saves ("version conflict persists", joins counted once for two rooms) and the account was
// never let go. Now one room owns the account's documents at a time; the other takes them
// over once the first let them go, building on what it saved.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { GameRoom } from "../../durable-objects/game-room/game-room.js";
import { ARENA_STATS_KEY } from "../../games/arena/index.js";
import { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest } from "./sign-in.js";

interface Stats {
  version: number;
  value: { joins: number; lastRoom: string };
}

const room = (name: string) => env.GAME_ROOM.get(env.GAME_ROOM.idFromName(name));

async function flush(name: string): Promise<void> {
  await runInDurableObject(room(name), async (instance: GameRoom) => {
    await instance.playerData!.settled();
    await instance.playerData!.flush();
    await instance.playerData!.settled();
  });
}

describe("one owner of an account's player data", () => {
  it("lets the second room take the documents over after the first lets them go, counting both joins", async () => {
    const owners = new PlayerDataOwners(env.DB);
    const s = await signInGuest("twin");
    const a = await RoomSocket.join("owner-a", "twin", s.accessToken);
    await flush("owner-a");
    expect(await owners.owner(s.accountId, Date.now())).toBe("owner-a");
    const b = await RoomSocket.join("owner-b", "twin", s.accessToken);
    await flush("owner-b");
    // Room B waits: the documents stay room A's.
    expect(await owners.owner(s.accountId, Date.now())).toBe("owner-a");
    a.close();
    await eventually(
      async () => ((await owners.owner(s.accountId, Date.now())) === undefined ? true : undefined),
      "room A let the documents go after its final save",
    );
    await flush("owner-b");
    expect(await owners.owner(s.accountId, Date.now())).toBe("owner-b");
    b.close();
    const stats = await eventually(async () => {
      const res = await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken);
      const doc = (await res.json()) as Stats;
      return res.status === 200 && doc.value.lastRoom === "owner-b" ? doc : undefined;
    }, "room B saved");
    // Both rooms' joins counted, one after the other: nothing overwritten.
    expect(stats.value.joins).toBe(2);
    await eventually(
      async () => ((await owners.owner(s.accountId, Date.now())) === undefined ? true : undefined),
      "room B let the documents go",
    );
  });

  it("takes over a lease whose room died, once it expired", async () => {
    const owners = new PlayerDataOwners(env.DB);
    const now = Date.now();
    expect(await owners.claim("acct-dead", "dead-room", now - 200_000)).toBe(true);
    expect(await owners.claim("acct-dead", "live-room", now)).toBe(true);
    expect(await owners.claim("acct-dead", "dead-room", now)).toBe(false);
    await owners.release("acct-dead", "dead-room"); // not its lease: nothing happens
    expect(await owners.owner("acct-dead", now)).toBe("live-room");
  });
});
