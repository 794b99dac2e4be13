// A room (no zone) restarted as a deploy restarts it (every socket drops) holds its players'
// seats and the documents it held at its snapshot for their resume. Nothing but an alarm
// starts it again if nobody comes back: the grace alarm it keeps armed while it ticks wakes
// it, it restores its snapshot, and once the arena's grace period (10 s) has run out a player
// who never returned leaves as a dropped one does — the document saved as the room last held
// it (a change after the room's periodic save included), the lease released, the history row
// ended. A player who comes back in time keeps seat and documents, with no second onLoad.
// The grace period is not waited out on the real clock: the test's Date is moved past it
// (vi.setSystemTime; the room objects run in the test's isolate) while the alarm runs.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HeldData } from "../../durable-objects/game-room/account-data.js";
import type { GameRoom } from "../../durable-objects/game-room/game-room.js";
import { GRACE_ALARM } from "../../durable-objects/game-room/room-grace.js";
import {
  ROOM_DOCUMENTS_KEY,
  ROOM_SNAPSHOT_KEY,
} from "../../durable-objects/game-room/room-persistence.js";
import { ARENA_STATS_KEY } from "../../games/arena/index.js";
import { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import { eventually } from "./eventually.js";
import { namedAlarmAt, runNamedAlarmNow } from "./named-alarms.js";
import { restartObject } from "./restart-object.js";
import { RoomSocket } from "./room-socket.js";
import { signInGuest } from "./sign-in.js";

/** The arena's reconnectGraceMs (games/arena/arena-game.ts). */
const ARENA_GRACE_MS = 10_000;

/** A fresh stub each time: one used before the reset throws the reset's error. */
function roomStub(roomId: string): DurableObjectStub<GameRoom> {
  return env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId)) as DurableObjectStub<GameRoom>;
}

/** What the room's object stores: its snapshot's seats, and each held account's joins. */
async function stored(roomId: string): Promise<{ seats: number[]; joins: number[] }> {
  return runInDurableObject(roomStub(roomId), async (_room, state) => {
    const snapshot = await state.storage.get<RoomSnapshot>(ROOM_SNAPSHOT_KEY);
    const held = (await state.storage.get<HeldData[]>(ROOM_DOCUMENTS_KEY)) ?? [];
    const joins = held.flatMap((h) =>
      h.docs.filter(([key]) => key === ARENA_STATS_KEY).map(([, d]) => joinsOf(d.value)),
    );
    return { seats: snapshot?.players.map((p) => p.playerId) ?? [], joins };
  });
}

function joinsOf(value: unknown): number {
  return (value as { joins: number }).joins;
}

/** The room's periodic player-data save, run now (it runs every 30 s). */
async function periodicSave(roomId: string): Promise<void> {
  await runInDurableObject(roomStub(roomId), async (room: GameRoom) => {
    await room.playerData!.settled();
    await room.playerData!.flush();
  });
}

/** Stores the room's snapshot now, once it holds a document counting `joins` joins. */
async function persistHolding(roomId: string, joins: number): Promise<void> {
  await eventually(async () => {
    await roomStub(roomId).persist();
    return (await stored(roomId)).joins.includes(joins);
  }, `${roomId} stores a document of ${joins} joins`);
}

/** Resets the room's object as a deploy does. */
async function restart(roomId: string): Promise<void> {
  await restartObject(roomStub(roomId));
}

/** `accountId`'s arena stats in D1, with their version. */
async function saved(accountId: string): Promise<{ version: number; joins: number } | undefined> {
  const row = await env.DB.prepare(
    "SELECT version, value FROM player_data WHERE player_id = ? AND key = ?",
  )
    .bind(accountId, ARENA_STATS_KEY)
    .first<{ version: number; value: string }>();
  return row ? { version: row.version, joins: joinsOf(JSON.parse(row.value)) } : undefined;
}

/** The room holding `accountId`'s documents' lease (expired or not), if any. */
async function leaseOf(accountId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT room_id FROM player_data_owners WHERE account_id = ?")
    .bind(accountId)
    .first<{ room_id: string }>();
  return row?.room_id;
}

/** The room's history rows still open. */
async function openSessions(roomId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM room_sessions WHERE room_id = ? AND ended_at IS NULL",
  )
    .bind(roomId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * ada played a room before (its leave saved her first join: version 1), then joins `roomId`,
 * whose onLoad counts a second join — saved by the room's periodic save if `save`, else held
 * by the room only — and the room's snapshot stores her document with it.
 */
async function adaThenSnapshot(roomId: string, save: boolean) {
  const login = await signInGuest("ada");
  const before = await RoomSocket.join(`${roomId}-before`, "ada", login.accessToken);
  await before.stateAfter(0);
  before.close();
  await eventually(async () => (await saved(login.accountId))?.joins === 1, "the first save");
  await eventually(async () => (await leaseOf(login.accountId)) === undefined, "the first leave");
  const socket = await RoomSocket.join(roomId, "ada", login.accessToken);
  await persistHolding(roomId, 2);
  if (save) await periodicSave(roomId);
  expect(await saved(login.accountId)).toEqual(
    save ? { version: 2, joins: 2 } : { version: 1, joins: 1 },
  );
  if (save) await persistHolding(roomId, 2);
  return { login, socket, welcome: socket.all("welcome")[0]! };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a restarted room's grace alarm", () => {
  it("saves a player who never comes back with the document the room last held, and lets it go at the grace period's end", async () => {
    const roomId = "restart-gone";
    const { login, socket, welcome } = await adaThenSnapshot(roomId, false);
    expect(await leaseOf(login.accountId)).toBe(roomId);

    await restart(roomId);
    await socket.closedWithin();
    // Nobody comes back, so no request starts the object: the alarm armed while it ticked does.
    expect(await namedAlarmAt(roomStub(roomId), GRACE_ALARM)).toBeDefined();
    const restoredAt = Date.now();
    await runNamedAlarmNow(roomStub(roomId), GRACE_ALARM);
    // Restored: her seat waits for its resume, document and lease kept, until the deadline.
    const deadline = (await namedAlarmAt(roomStub(roomId), GRACE_ALARM))!;
    expect(deadline).toBeGreaterThanOrEqual(restoredAt + ARENA_GRACE_MS);
    expect(await stored(roomId)).toEqual({ seats: [welcome.playerId], joins: [2] });
    expect(await leaseOf(login.accountId)).toBe(roomId);

    // The grace period ends (the room's clock moved past it while its alarm runs).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(deadline + 1);
    await runNamedAlarmNow(roomStub(roomId), GRACE_ALARM);
    vi.useRealTimers();

    // The join counted after the last save is saved, over the version that save wrote.
    expect(await saved(login.accountId)).toEqual({ version: 2, joins: 2 });
    expect(await leaseOf(login.accountId)).toBeUndefined();
    // Another room can take her documents at once (not only once the lease expires).
    expect(await new PlayerDataOwners(env.DB).claim(login.accountId, "elsewhere", Date.now())).toBe(
      true,
    );
    expect(await stored(roomId)).toEqual({ seats: [], joins: [] });
    expect(await openSessions(roomId)).toBe(0);
    expect(await namedAlarmAt(roomStub(roomId), GRACE_ALARM)).toBeUndefined();
  }, 30_000);

  it("leaves seat and documents to a player who comes back in time, with no second onLoad", async () => {
    const roomId = "restart-back";
    const { login, socket, welcome } = await adaThenSnapshot(roomId, true);

    await restart(roomId);
    await socket.closedWithin();
    const back = await RoomSocket.join(roomId, "ada", login.accessToken, welcome.resumeToken);
    expect(back.all("welcome")[0]).toMatchObject({ playerId: welcome.playerId, resumed: true });
    // The watch stays armed while the room ticks; running it takes nothing from her.
    await runNamedAlarmNow(roomStub(roomId), GRACE_ALARM);
    expect(await leaseOf(login.accountId)).toBe(roomId);
    expect(await namedAlarmAt(roomStub(roomId), GRACE_ALARM)).toBeDefined();
    expect(await stored(roomId)).toEqual({ seats: [welcome.playerId], joins: [2] });

    // Her leave lets go of the document the room held: two joins, as saved (a reload from D1
    // would have counted her resume as a third).
    back.close();
    await eventually(
      async () => (await leaseOf(login.accountId)) === undefined,
      "ada's lease released",
    );
    expect(await saved(login.accountId)).toEqual({ version: 2, joins: 2 });
  }, 30_000);
});
