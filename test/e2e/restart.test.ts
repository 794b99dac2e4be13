// What a deploy does to live rooms, measured: the server is killed mid-game and started again
// on the same port and storage with new code — another bundle (build "e2e-before", then
// "e2e-after", which GET /v1/health reports), as `wrangler deploy` or a new container image
// brings. Bots keep playing through it: two Node clients reconnect on their own and resume
// their ships from the room's last snapshot; a third that stays away past the grace period
// (its ship hidden from the others meanwhile) is removed and the others are told. Accounts
// and player data written before the restart are there after it. The same test runs on
// wrangler dev (e2e) and on `npm run selfhost` (e2e-selfhost).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_TICK_RATE,
  type ArenaInput,
  arenaGame,
  listShips,
  spawnPoint,
} from "../../games/arena/index.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";
import { prepareBuild, SERVER_KIND, startServer, type TestServer } from "../support/server.js";

let server: TestServer | undefined;
/** Shared by both servers, so the second finds the first one's storage. */
const persistTo = mkdtempSync(join(tmpdir(), "edgetick-restart-"));
/** GameRoom's snapshotIntervalMs (durable-objects/game-room/room-persistence.ts). */
const SNAPSHOT_INTERVAL_MS = 5_000;

afterAll(async () => {
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

function owners(room: RoomConnection<ArenaInput>): number[] {
  return listShips(room.world)
    .map((s) => s.owner)
    .sort((a, b) => a - b);
}

function shipOf(room: RoomConnection<ArenaInput>, owner: number) {
  return listShips(room.world).find((s) => s.owner === owner);
}

/** The first tick `room` sees once it resumed (-1 until then). */
function firstTickOnResume(room: RoomConnection<ArenaInput>): { tick: number } {
  const first = { tick: -1 };
  let resumed = false;
  room.on("state", ({ state }) => {
    if (state === "resumed") resumed = true;
  });
  // A resumed link starts with a full snapshot: the event of the room's first tick back.
  room.on("snapshot", ({ tick }) => {
    if (resumed && first.tick < 0) first.tick = tick;
  });
  return first;
}

async function health(url: string): Promise<{ ok: boolean; build: string }> {
  return (await (await fetch(`${url}/v1/health`)).json()) as { ok: boolean; build: string };
}

async function readStats(url: string, accessToken: string): Promise<unknown> {
  const res = await fetch(`${url}/v1/players/me/data/arena.stats`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return res.status === 200 ? ((await res.json()) as { value: unknown }).value : undefined;
}

describe(`a room across a restart with new code (${SERVER_KIND})`, () => {
  it("resumes the players into their room with their ships and keeps accounts and player data", async () => {
    const first = await startServer({ persistTo, build: "e2e-before" });
    server = first;
    expect((await health(first.url)).build).toBe("e2e-before");

    // Dan plays elsewhere and leaves before the restart: the room saves his stats to D1.
    const danDevice = crypto.randomUUID().replaceAll("-", "");
    const dan = await signInGuest(first.url, danDevice, "dan");
    const danRoom = await connect({
      url: roomUrl(first.url, "e2e-restart-data"),
      game: arenaGame,
      name: "dan",
      token: dan.accessToken,
    });
    await eventually(() => danRoom.tick > 20, "dan plays twenty ticks");
    danRoom.close();
    const danStats = await eventually(() => readStats(first.url, dan.accessToken), "dan's stats");

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
    const left: number[] = [];
    bob.on("player-left", ({ playerId }) => left.push(playerId));

    // The bots play: ada circles, thrusting and turning, through the restart; bob thrusts
    // for a second and coasts to a stop (drag leaves 25 % of the speed per second and snaps
    // below 1 u/s to zero: at rest within ~5 s), away from where he spawned.
    ada.setInput({ buttons: ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT });
    bob.setInput({ buttons: ARENA_BUTTON.THRUST });
    await new Promise((r) => setTimeout(r, 1_000));
    bob.setInput({ buttons: 0 });
    const spawn = spawnPoint(bob.playerId);
    const bobAtRest = await eventually(() => {
      const b = shipOf(ada, bob.playerId);
      const away = b && Math.hypot(b.x - spawn.x, b.y - spawn.y) > 50;
      return away && b.vx === 0 && b.vy === 0 && b;
    }, "bob coasts to a stop, away from his spawn point");
    // cat's link drops for good (no goodbye, no reconnection): its ship waits out the grace
    // period (10 s), which is still running when the server stops.
    cat.dropLink();
    expect(cat.state).toBe("disconnected");
    // Past one snapshot interval, so the stored snapshot holds all three players, bob at rest.
    await new Promise((r) => setTimeout(r, SNAPSHOT_INTERVAL_MS + 1_000));
    expect(left).toEqual([]);

    // The new code is built before the old server stops, as a deploy uploads it first.
    await prepareBuild("e2e-after");
    const resumedTicks = [firstTickOnResume(ada), firstTickOnResume(bob)];

    const port = Number(new URL(first.url).port);
    server = undefined;
    const lastTickBefore = Math.max(ada.tick, bob.tick);
    const stoppedAt = Date.now();
    await first.stop(); // killed: no goodbye from the room, its last snapshot is ≤ 5 s old
    // The socket closes at once, or the client's idle timeout (5 s) finds the dead link.
    await eventually(() => ada.state !== "connected", "ada notices the restart", 15_000);
    server = await startServer({ persistTo, port, build: "e2e-after" });
    const upAt = Date.now();
    expect((await health(server.url)).build).toBe("e2e-after");

    await eventually(
      () => ada.state === "resumed" && bob.state === "resumed",
      "both resume",
      60_000,
    );
    const resumedAt = Date.now();
    expect([ada.playerId, bob.playerId].sort()).toEqual(ids.slice(0, 2));
    await eventually(
      () => resumedTicks.every((t) => t.tick >= 0) && owners(ada).length >= 2,
      "fresh mirrors",
    );
    // The room continued from its last snapshot, so at most one snapshot interval of play is
    // lost: 5 s × 30 ticks/s = 150 ticks between the last tick a client saw and the first one
    // after the restart (the first client back restarts the room's clock, so its first tick is
    // the snapshot's), plus up to 1 s (30 ticks) for a snapshot timer late on a busy machine.
    // A room started afresh would be back near tick 0, more than (1 + 5 + 6) s × 30 = 360
    // ticks behind.
    const firstTickAfter = Math.min(...resumedTicks.map((t) => t.tick));
    const lostTicks = lastTickBefore - firstTickAfter;
    expect(lostTicks).toBeLessThanOrEqual((SNAPSHOT_INTERVAL_MS / 1000 + 1) * ARENA_TICK_RATE);
    // Bob's ship is where it came to rest, not where a new ship would spawn.
    const bobAfter = await eventually(() => shipOf(ada, bob.playerId), "bob's ship");
    expect([bobAfter.x, bobAfter.y]).toEqual([bobAtRest.x, bobAtRest.y]);
    // cat's ship came back with the room but stays hidden while cat is away (the arena's
    // rule, games/arena/arena-interest.ts).
    expect(owners(ada)).toEqual(ids.slice(0, 2));
    process.stdout.write(
      `restart (${SERVER_KIND}): stopped → healthy ${upAt - stoppedAt} ms, healthy → both resumed ${resumedAt - upAt} ms; room resumed at tick ${firstTickAfter}, ${lostTicks} ticks (${((lostTicks / ARENA_TICK_RATE) * 1000).toFixed(0)} ms) before the last tick seen\n`,
    );

    // Dan's account and stats outlived the restart: the same device signs in as the same
    // account and finds what the room saved.
    const danAgain = await signInGuest(server.url, danDevice);
    expect(danAgain.accountId).toBe(dan.accountId);
    expect(await readStats(server.url, danAgain.accessToken)).toEqual(danStats);

    // cat never comes back: removed after the 10 s grace period, and both are told.
    await eventually(() => left.includes(cat.playerId), "cat removed", 20_000);
    await eventually(() => owners(bob).length === 2, "cat's ship gone");
    expect(owners(bob)).toEqual(ids.slice(0, 2));
    ada.close();
    bob.close();
  }, 150_000);
});
