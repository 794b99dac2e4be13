// Idle shutdown inside workerd: an empty room stops ticking and its metered awake time stops
// with it; a placed room nobody joins closes at its no-show deadline and refuses late
// tickets; a lobby nobody uses closes at its idle deadline; expired registrations leave
// session search; the admin room list drops a room that died without ending its session, and
// the hourly sweep ends its row. Deadlines minutes away are brought forward with
// named-alarms.ts (the object runs its real alarm; only the clock is skipped).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { NO_SHOW_ALARM, ROOM_NO_SHOW_MS } from "../../durable-objects/game-room/room-no-show.js";
import { SESSION_TTL_MS } from "../../durable-objects/game-room/session-registry.js";
import { LOBBY_IDLE_MS } from "../../durable-objects/lobby/lobby.js";
import {
  HOSTED_SESSION_TTL_MS,
  SessionRepository,
} from "../../server/sessions/session-repository.js";
import type { LobbyView } from "../../shared/lobby/lobby-protocol.js";
import type { Env } from "../../workers/env.js";
import { runScheduled } from "../../workers/scheduled.js";
import { eventually } from "./eventually.js";
import { LobbySocket } from "./lobby-socket.js";
import { namedAlarmAt, runNamedAlarmNow } from "./named-alarms.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";

const PARIS = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };
const roomStub = (roomId: string) => env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
const lobbyStub = (code: string) => env.LOBBY.get(env.LOBBY.idFromName(code));

interface MatchView {
  status: string;
  match: { roomId: string } | null;
  joinTicket: { ticket: string; roomId: string } | null;
}

/** Two fresh players matched in a duel: the room's id and each one's ticket view. */
async function duel() {
  const ada = await signInGuest("ada");
  const bob = await signInGuest("bob");
  const queue = (token: string) =>
    call("POST", "/v1/matchmaking/tickets", token, { mode: "duel", rating: 1500 }, {}, PARIS);
  const placing = Date.now();
  await queue(ada.accessToken);
  const view = (await (await queue(bob.accessToken)).json()) as MatchView;
  expect(view.status).toBe("matched");
  return { ada, bob, roomId: view.match!.roomId, view, placing, placed: Date.now() };
}

async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  const body = (await res.json()) as { error: { code: string } };
  return { status: res.status, code: body.error.code };
}

/** Session ids search shows `token`'s account for `query`. */
async function searched(token: string, query: string): Promise<string[]> {
  const res = await call("GET", `/v1/sessions?${query}`, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: { sessionId: string }[] }).sessions.map(
    (s) => s.sessionId,
  );
}

async function openSessions(roomId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM room_sessions WHERE room_id = ? AND ended_at IS NULL",
  )
    .bind(roomId)
    .first<{ n: number }>();
  return row!.n;
}

describe("an empty room", () => {
  it("stops ticking and hibernates: its metered awake time is the time it had a player, and stays so while empty", async () => {
    const roomId = "idle-metered";
    const admin = await signInWithRoles(["admin"]);
    const stats = async () => {
      const res = await call("GET", `/v1/admin/rooms/${roomId}/stats`, admin.accessToken);
      return (await res.json()) as { running: boolean; tick: number };
    };
    const awakeMs = async () => {
      const row = await env.DB.prepare(
        "SELECT SUM(active_ms) AS ms FROM usage_minutes WHERE kind = 'room' AND object_id = ?",
      )
        .bind(roomId)
        .first<{ ms: number | null }>();
      return row?.ms ?? 0;
    };
    const opened = Date.now();
    const ada = await RoomSocket.join(roomId, "ada");
    const welcomed = Date.now();
    await new Promise((r) => setTimeout(r, 1000)); // the scenario: a second of play
    const leaving = Date.now();
    ada.close();
    await eventually(async () => !(await stats()).running, "the room stops ticking");
    const stopped = Date.now();
    // The room writes its usage as it empties (not on its minute timer, which stopped too).
    const awake = await eventually(async () => (await awakeMs()) || undefined, "usage written");
    // The room was awake from the socket's open to its close: at least the time between the
    // welcome and the goodbye, at most the time from opening to seeing it stopped.
    expect(awake).toBeGreaterThanOrEqual(leaving - welcomed - 50);
    expect(awake).toBeLessThanOrEqual(stopped - opened + 50);
    const { tick } = await stats();
    await new Promise((r) => setTimeout(r, 1500)); // the scenario: empty for 1.5 s
    // Nothing ran while empty: no tick, no awake time (a room that kept its timer would be
    // ~1.5 s more awake at its next write, and ~45 ticks further).
    expect(await stats()).toMatchObject({ running: false, tick });
    expect(await awakeMs()).toBe(awake);
    // Back for a moment: the awake time adds this stretch only, not the empty one between.
    const reopened = Date.now();
    const again = await RoomSocket.join(roomId, "ada");
    again.close();
    await eventually(async () => !(await stats()).running, "the room stops again");
    const total = await eventually(async () => {
      const ms = await awakeMs();
      return ms > awake && ms;
    }, "the second stretch written");
    expect(total - awake).toBeLessThanOrEqual(Date.now() - reopened + 50);
    expect(total - awake).toBeLessThan(1500);
  }, 20_000);
});

describe("a placed room nobody joins", () => {
  it("closes at its no-show deadline: late tickets get 410 room_closed, search drops it", async () => {
    const { ada, roomId, view, placing, placed } = await duel();
    const stub = roomStub(roomId);
    // The deadline is ROOM_NO_SHOW_MS after the placement.
    const deadline = await namedAlarmAt(stub, NO_SHOW_ALARM);
    expect(deadline).toBeGreaterThanOrEqual(placing + ROOM_NO_SHOW_MS);
    expect(deadline).toBeLessThanOrEqual(placed + ROOM_NO_SHOW_MS);
    expect(await searched(ada.accessToken, "kind=room&mode=duel")).toContain(roomId);
    // The object's alarm running early changes nothing: the deadline has not come.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await call("GET", `/v1/rooms/${roomId}`, undefined)).status).toBe(200);

    await runNamedAlarmNow(stub, NO_SHOW_ALARM);
    const closed = { status: 410, code: "room_closed" };
    expect(await errorOf(await call("GET", `/v1/rooms/${roomId}`, undefined))).toEqual(closed);
    // A member asking for a ticket, and a ticket minted before the close, are refused clearly.
    const ticket = await call("POST", `/v1/rooms/${roomId}/tickets`, ada.accessToken);
    expect(await errorOf(ticket)).toEqual(closed);
    const socket = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}/ws`, {
      headers: { Upgrade: "websocket" },
    });
    expect(await errorOf(socket)).toEqual(closed);
    expect(view.joinTicket?.roomId).toBe(roomId);
    expect(await searched(ada.accessToken, "kind=room&mode=duel")).not.toContain(roomId);
    expect(await openSessions(roomId)).toBe(0);
    expect(await namedAlarmAt(stub, NO_SHOW_ALARM)).toBeUndefined();
  });

  it("stays open when a player joined before the deadline, and plays on past it", async () => {
    const { ada, roomId } = await duel();
    const ticket = (await (
      await call("POST", `/v1/rooms/${roomId}/tickets`, ada.accessToken)
    ).json()) as { ticket: string };
    const socket = await RoomSocket.join(roomId, "ada", ticket.ticket);
    const before = await socket.stateAfter(0);
    await runNamedAlarmNow(roomStub(roomId), NO_SHOW_ALARM);
    expect(await socket.stateAfter(before.tick + 3)).toBeDefined();
    const info = await call("GET", `/v1/rooms/${roomId}`, undefined);
    expect(((await info.json()) as { running: boolean }).running).toBe(true);
    socket.close();
  });
});

describe("a lobby nobody uses", () => {
  it("stays while a member is connected and closes LOBBY_IDLE_MS after the last one left", async () => {
    const ada = await signInGuest("ada");
    const created = Date.now();
    const res = await call("POST", "/v1/lobbies", ada.accessToken, { settings: {} });
    const { lobby } = (await res.json()) as { lobby: LobbyView };
    const stub = lobbyStub(lobby.code);
    const read = async () => {
      const got = await call("GET", `/v1/lobbies/${lobby.code}`, ada.accessToken);
      return ((await got.json()) as { lobby: LobbyView }).lobby;
    };
    expect(await namedAlarmAt(stub, "idle")).toBeGreaterThanOrEqual(created + LOBBY_IDLE_MS);

    const ws = await LobbySocket.open(lobby.code, ada.accessToken);
    await ws.next("state", (m) => m.lobby.members[0]?.connected === true);
    await runNamedAlarmNow(stub, "idle");
    expect((await read()).phase).toBe("open");
    // Looked at again a whole timeout later.
    expect(await namedAlarmAt(stub, "idle")).toBeGreaterThan(Date.now() + LOBBY_IDLE_MS / 2);

    ws.close();
    await eventually(async () => !(await read()).members[0]?.connected, "ada's socket is gone");
    await runNamedAlarmNow(stub, "idle");
    expect(await read()).toMatchObject({ phase: "closed", members: [] });
    const bob = await signInGuest("bob");
    const join = await call("POST", `/v1/lobbies/${lobby.code}/members`, bob.accessToken);
    expect(await errorOf(join)).toEqual({ status: 409, code: "lobby_closed" });
    const back = await call("POST", `/v1/lobbies/${lobby.code}/members`, ada.accessToken);
    expect(await errorOf(back)).toEqual({ status: 409, code: "lobby_closed" });
  });
});

describe("session search", () => {
  it("does not list a registration whose heartbeats stopped for longer than its TTL", async () => {
    const player = await signInGuest("ada");
    const repo = new SessionRepository(env.DB);
    const now = Date.now();
    const beat = {
      game: "arena",
      mode: "idle-ttl",
      access: "public" as const,
      members: [],
      players: 1,
      capacity: 8,
      spectators: 0,
    };
    // Rooms beat every 15 s with a 45 s TTL: one silent just past it is gone, one just inside
    // it is listed.
    await repo.heartbeatRoom("idle-ttl-dead", beat, now - SESSION_TTL_MS - 1, SESSION_TTL_MS);
    await repo.heartbeatRoom("idle-ttl-live", beat, now - SESSION_TTL_MS + 5_000, SESSION_TTL_MS);
    // A hosted session whose host stopped beating, likewise (60 s).
    await repo.register(
      {
        sessionId: "idle-ttl-hosted",
        kind: "listen",
        mode: "idle-ttl",
        region: null,
        players: 1,
        capacity: 4,
      },
      now - HOSTED_SESSION_TTL_MS - 1,
      HOSTED_SESSION_TTL_MS,
    );
    expect(await searched(player.accessToken, "mode=idle-ttl")).toEqual(["idle-ttl-live"]);
  });
});

describe("the admin room list", () => {
  it("never shows a room that died without ending its session, and the hourly sweep ends its row", async () => {
    const admin = await signInWithRoles(["admin"]);
    const listed = async () => {
      const res = await call("GET", "/v1/admin/rooms", admin.accessToken);
      expect(res.status).toBe(200);
      return ((await res.json()) as { rooms: { roomId: string }[] }).rooms.map((r) => r.roomId);
    };
    // A live room: its session is open and its heartbeat registers it.
    const live = await RoomSocket.join("idle-live", "ada");
    await eventually(async () => (await openSessions("idle-live")) === 1, "the live session row");
    // A room whose object died two minutes ago, mid-session: its row was never ended, and its
    // registration expired (its last heartbeat a minute before the death was noticed).
    const now = Date.now();
    const lastBeat = now - 60_000;
    await env.DB.prepare("INSERT INTO room_sessions (room_id, game, started_at) VALUES (?, ?, ?)")
      .bind("idle-dead", "arena", now - 120_000)
      .run();
    await new SessionRepository(env.DB).heartbeatRoom(
      "idle-dead",
      {
        game: "arena",
        mode: "arena",
        access: "public",
        members: [],
        players: 2,
        capacity: 8,
        spectators: 0,
      },
      lastBeat,
      SESSION_TTL_MS,
    );
    // One started a moment ago, before its first heartbeat landed, still counts as running.
    await env.DB.prepare("INSERT INTO room_sessions (room_id, game, started_at) VALUES (?, ?, ?)")
      .bind("idle-starting", "arena", now)
      .run();

    const rooms = await eventually(async () => {
      const ids = await listed();
      return ids.includes("idle-live") && ids;
    }, "the live room registered");
    expect(rooms).toContain("idle-starting");
    expect(rooms).not.toContain("idle-dead");

    await runScheduled(env as unknown as Env, Date.now());
    const dead = await env.DB.prepare("SELECT ended_at FROM room_sessions WHERE room_id = ?")
      .bind("idle-dead")
      .first<{ ended_at: number | null }>();
    // Ended when it was last heard of.
    expect(dead?.ended_at).toBe(lastBeat);
    expect(await openSessions("idle-live")).toBe(1);
    expect(await openSessions("idle-starting")).toBe(1);
    live.close();
  });
});
