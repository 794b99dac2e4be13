// A zone restarted (reset here as a deploy resets it: every socket drops) holds its players'
// seats and documents for their resume. Nothing but an alarm starts it again if nobody comes
// back: the grace alarm it keeps armed while it ticks wakes it, it restores its snapshot, and
// once the world's grace period (10 s) has run out a player who never returned leaves as a
// dropped one does — the document saved as the zone last held it, its lease released, the
// seat gone from the zone's storage. A player who came back in time keeps seat and documents.
// The grace period is not waited out on the real clock: the test's Date is moved past it
// (vi.setSystemTime; the zone objects run in the test's isolate) while the alarm runs.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GRACE_ALARM } from "../../durable-objects/game-room/room-grace.js";
import { ROOM_SNAPSHOT_KEY } from "../../durable-objects/game-room/room-persistence.js";
import { ZONE_DOCUMENTS_KEY } from "../../durable-objects/game-room/zone-persistence.js";
import { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import { eventually } from "./eventually.js";
import { namedAlarmAt, runNamedAlarmNow } from "./named-alarms.js";
import { restartObject } from "./restart-object.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";
import { savedExplorer } from "./world-explorer.js";
import { ZoneWalker } from "./zone-walker.js";

/** The world game's reconnectGraceMs (games/world/world-game.ts). */
const WORLD_GRACE_MS = 10_000;

/** A fresh stub each time: one used before the reset throws the reset's error. */
function zoneStub(world: string, zoneId: string): DurableObjectStub {
  return env.GAME_ROOM.get(env.GAME_ROOM.idFromName(`${world}/${zoneId}`));
}

/** What the zone's object stores: its snapshot's players and the documents it holds. */
async function stored(stub: DurableObjectStub): Promise<{ seats: number[]; held: string[] }> {
  return runInDurableObject(stub, async (_room, state) => {
    const snapshot = await state.storage.get<RoomSnapshot>(ROOM_SNAPSHOT_KEY);
    const docs = (await state.storage.get<{ accountId: string }[]>(ZONE_DOCUMENTS_KEY)) ?? [];
    return {
      seats: snapshot?.players.map((p) => p.playerId) ?? [],
      held: docs.map((d) => d.accountId),
    };
  });
}

/** Stores the zone's snapshot now, once it holds `accountId`'s loaded documents. */
async function persistHolding(world: string, zoneId: string, accountId: string): Promise<void> {
  const stub = zoneStub(world, zoneId);
  await eventually(async () => {
    await (stub as unknown as { persist(): Promise<number> }).persist();
    return (await stored(stub)).held.includes(accountId);
  }, `${zoneId} stores ${accountId}'s documents`);
}

/** The room holding `accountId`'s documents' lease (expired or not), if any. */
async function leaseOf(accountId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT room_id FROM player_data_owners WHERE account_id = ?")
    .bind(accountId)
    .first<{ room_id: string }>();
  return row?.room_id;
}

async function zonePlayers(world: string, zoneId: string, token: string): Promise<number> {
  const res = await call("GET", `/v1/admin/worlds/${world}/zones/${zoneId}`, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { players: number }).players;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a restarted zone's grace alarm", () => {
  it("saves and lets go the documents of a player who never comes back, once the grace period ends", async () => {
    const world = "grace-gone";
    const admin = await signInWithRoles(["admin"]);
    const login = await signInGuest("ada");
    // ada-75 spawns in zone 0.0 (zone-restore.test.ts).
    const ada = await ZoneWalker.join(world, "ada-75", login.accessToken);
    const seat = ada.link("0.0").welcome!.playerId;
    await persistHolding(world, "0.0", login.accountId);
    // Her join's onLoad counted the zone, held unsaved (a leave or the 30 s save writes it).
    const zone = () => zoneStub(world, "0.0");
    expect(await leaseOf(login.accountId)).toBe(`${world}/0.0`);

    await restartObject(zone());
    await ada.link("0.0").closed;
    // Nobody comes back, so no request starts the object: the alarm armed while it ticked does.
    expect(await namedAlarmAt(zone(), GRACE_ALARM)).toBeDefined();
    const restoredAt = Date.now();
    await runNamedAlarmNow(zone(), GRACE_ALARM);
    // Restored: ada waits for her resume, seat and lease kept, until the grace period's end.
    const deadline = (await namedAlarmAt(zone(), GRACE_ALARM))!;
    expect(deadline).toBeGreaterThanOrEqual(restoredAt + WORLD_GRACE_MS);
    expect(await stored(zone())).toEqual({ seats: [seat], held: [login.accountId] });
    expect(await leaseOf(login.accountId)).toBe(`${world}/0.0`);

    // The grace period ends (the zone's clock moved past it while its alarm runs).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(deadline + 1);
    await runNamedAlarmNow(zone(), GRACE_ALARM);
    vi.useRealTimers();

    expect(await savedExplorer(login.accountId)).toEqual({
      zonesEntered: 1,
      lastZone: `${world}/0.0`,
    });
    expect(await leaseOf(login.accountId)).toBeUndefined();
    // Another room can take her documents at once (not only once the lease expires).
    expect(await new PlayerDataOwners(env.DB).claim(login.accountId, "elsewhere", Date.now())).toBe(
      true,
    );
    expect(await stored(zone())).toEqual({ seats: [], held: [] });
    expect(await zonePlayers(world, "0.0", admin.accessToken)).toBe(0);
    expect(await namedAlarmAt(zone(), GRACE_ALARM)).toBeUndefined();
  }, 30_000);

  it("leaves seat and documents to a player who comes back in time", async () => {
    const world = "grace-back";
    const admin = await signInWithRoles(["admin"]);
    const login = await signInGuest("bob");
    // bob-0 spawns in zone 0.0 (zone-restore.test.ts).
    const bob = await ZoneWalker.join(world, "bob-0", login.accessToken);
    const seat = bob.link("0.0").welcome!.playerId;
    await persistHolding(world, "0.0", login.accountId);
    const zone = () => zoneStub(world, "0.0");

    await restartObject(zone());
    await bob.link("0.0").closed;
    const back = await bob.resume("0.0");
    expect(back.welcome).toMatchObject({ playerId: seat, resumed: true });
    // The watch stays armed while the zone ticks; running it takes nothing from him.
    await runNamedAlarmNow(zone(), GRACE_ALARM);
    expect(await zonePlayers(world, "0.0", admin.accessToken)).toBe(1);
    expect(await leaseOf(login.accountId)).toBe(`${world}/0.0`);
    expect(await namedAlarmAt(zone(), GRACE_ALARM)).toBeDefined();

    // His leave saves the document the zone held: one zone entered (no second onLoad).
    bob.close();
    expect(
      await eventually(
        async () => (await savedExplorer(login.accountId)) as object | undefined,
        "bob's documents saved",
      ),
    ).toEqual({ zonesEntered: 1, lastZone: `${world}/0.0` });
  }, 30_000);
});
