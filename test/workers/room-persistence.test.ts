// Rooms that survive eviction and deploys: the GameRoom persists its snapshot (world, tick,
// players) to DO storage on an interval and when it empties; a restarted object continues
// from it, and clients resume their players with their resume tokens.
import { evictDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RoomInfo } from "../../durable-objects/game-room/game-room.js";
import { ARENA_BUTTON } from "../../games/arena/index.js";
import { restartObject } from "./restart-object.js";
import { RoomSocket } from "./room-socket.js";
import { signInGuest } from "./sign-in.js";

async function info(roomId: string): Promise<RoomInfo> {
  const res = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}`);
  return (await res.json()) as RoomInfo;
}

/** Two signed-in players in `roomId`, a's ship thrusting, at least 5 ticks in. */
async function twoPlayers(roomId: string) {
  const tokens = [(await signInGuest("ada")).accessToken, (await signInGuest("bob")).accessToken];
  const ada = await RoomSocket.join(roomId, "ada", tokens[0]);
  const bob = await RoomSocket.join(roomId, "bob", tokens[1]);
  ada.sendInputs(0, [ARENA_BUTTON.THRUST, ARENA_BUTTON.THRUST, ARENA_BUTTON.THRUST]);
  await ada.snapshot((s) => s.ships.length === 2 && s.ackSeq !== 0xffff_ffff && s.tick >= 5);
  const resume = [ada.all("welcome")[0]!.resumeToken, bob.all("welcome")[0]!.resumeToken];
  return { ada, bob, tokens, resume };
}

describe("GameRoom persistence", () => {
  it("restores world, tick and players after evictDurableObject; both clients resume", async () => {
    const roomId = "persist-evict";
    const { ada, bob, tokens, resume } = await twoPlayers(roomId);
    // Both links drop: the players wait out their grace period, the tick stops and the room
    // saves its snapshot as it empties (a running tick would keep the object from eviction).
    ada.drop();
    bob.drop();
    await ada.closedWithin();
    await bob.closedWithin();
    let room = await info(roomId);
    for (let i = 0; i < 50 && room.running; i++) room = await info(roomId);
    expect(room.running).toBe(false);
    expect(room.players.map((p) => p.connected)).toEqual([false, false]);
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    const savedTick = await stub.persist();

    await evictDurableObject(stub);

    const ada2 = await RoomSocket.join(roomId, "ada", tokens[0], resume[0]);
    expect(ada2.all("welcome")[0]).toMatchObject({ playerId: 1, resumed: true });
    const bob2 = await RoomSocket.join(roomId, "bob", tokens[1], resume[1]);
    expect(bob2.all("welcome")[0]).toMatchObject({ playerId: 2, resumed: true });
    // The tick continues past the saved one, with both ships and no duplicate.
    const first = await bob2.snapshot(() => true);
    expect(first.tick).toBeGreaterThan(savedTick);
    expect(first.ships.map((s) => s.owner)).toEqual([1, 2]);
    expect(ada2.all("player-left")).toEqual([]);
    ada2.close();
    bob2.close();
  });

  it("survives a restart mid-game (sockets dropped, as a deploy does); clients resume", async () => {
    const roomId = "persist-restart";
    const { ada, bob, tokens, resume } = await twoPlayers(roomId);
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    const savedTick = await stub.persist();
    const seen = bob.snapshots.at(-1)!.ships.find((s) => s.owner === 1)!;
    // ctx.abort() resets the object while it ticks; its sockets close with 1006.
    await restartObject(stub);
    expect((await ada.closedWithin()).code).toBe(1006);
    await bob.closedWithin();

    const ada2 = await RoomSocket.join(roomId, "ada", tokens[0], resume[0]);
    const bob2 = await RoomSocket.join(roomId, "bob", tokens[1], resume[1]);
    expect(ada2.all("welcome")[0]).toMatchObject({ playerId: 1, resumed: true });
    expect(bob2.all("welcome")[0]).toMatchObject({ playerId: 2, resumed: true });
    // bob's ship is hidden from ada until bob is back (the arena's away rule), which may be a
    // snapshot or two after ada's first.
    const first = await ada2.snapshot((s) => s.ships.length === 2);
    expect(first.tick).toBeGreaterThan(savedTick);
    expect(first.ships.map((s) => s.owner)).toEqual([1, 2]);
    // a's ship comes back from the saved state (it had moved from its spawn point), not
    // respawned: within the ticks between the save and what bob saw last.
    const back = first.ships.find((s) => s.owner === 1)!;
    expect(Math.hypot(back.x - seen.x, back.y - seen.y)).toBeLessThan(50);
    ada2.close();
    bob2.close();
  });
});
