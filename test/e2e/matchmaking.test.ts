// Forty bots sign in, queue for four-player matches, are told of their match by long-poll,
// join their rooms with the join tickets and play a few seconds; then a lobby of four starts
// a game together. All against a real wrangler dev on 127.0.0.1, through the built client.
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput, arenaGame } from "../../games/arena/index.js";
import type { LobbyServerMessage } from "../../shared/lobby/lobby-protocol.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

const BOTS = 40;
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

interface Bot {
  readonly name: string;
  readonly accountId: string;
  readonly token: string;
}

async function api(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

async function signIn(name: string, i: number): Promise<Bot> {
  const res = await fetch(`${server.url}/v1/auth/guest`, {
    method: "POST",
    // Each bot from its own address: sign-ins are limited per client IP.
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": `10.8.${i >> 8}.${i & 255}`,
    },
    body: JSON.stringify({ deviceId: crypto.randomUUID().replaceAll("-", ""), name }),
  });
  if (!res.ok) throw new Error(`sign-in ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accountId: string; accessToken: string };
  return { name, accountId: body.accountId, token: body.accessToken };
}

interface Matched {
  roomId: string;
  ticket: string;
}

async function queueAndWait(bot: Bot, rating: number): Promise<Matched> {
  let view = await api("/v1/matchmaking/tickets", bot.token, {
    method: "POST",
    body: { mode: "ffa", rating },
  });
  const until = Date.now() + 30_000;
  while (view.status === "waiting" && Date.now() < until)
    view = await api(`/v1/matchmaking/tickets/${view.ticketId}?wait=10`, bot.token);
  expect(view.status).toBe("matched");
  const join = view.joinTicket as { roomId: string; ticket: string };
  return { roomId: join.roomId, ticket: join.ticket };
}

/** Every bot thrusts and turns from now on. */
function play(rooms: RoomConnection<ArenaInput>[]): void {
  for (const r of rooms) r.setInput({ buttons: ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT });
}

describe("matchmaking and lobbies on wrangler dev", () => {
  it("matches 40 bots into ten rooms of four that they join and play in", async () => {
    const bots = await Promise.all(Array.from({ length: BOTS }, (_, i) => signIn(`bot${i}`, i)));
    // Ratings within 90 points: every window (100 at first) admits every pairing.
    const matched = await Promise.all(bots.map((b, i) => queueAndWait(b, 1500 + (i % 10) * 10)));
    const byRoom = new Map<string, number>();
    for (const m of matched) byRoom.set(m.roomId, (byRoom.get(m.roomId) ?? 0) + 1);
    expect(byRoom.size).toBe(BOTS / 4);
    expect([...byRoom.values()].every((n) => n === 4)).toBe(true);

    const rooms = await Promise.all(
      matched.map((m, i) =>
        connect({
          url: roomUrl(server.url, m.roomId),
          game: arenaGame,
          name: bots[i]!.name,
          token: m.ticket,
        }),
      ),
    );
    await eventually(
      () => rooms.every((r) => r.players.size === 4),
      "every bot sees its three opponents",
      20_000,
    );
    const startTicks = rooms.map((r) => r.tick);
    play(rooms);
    // Every room advances (30 ticks is a second at 30 Hz) and keeps its four players. Waited
    // for, not slept on: on a busy machine forty clients may take longer to see a second.
    await eventually(
      () => rooms.every((r, i) => r.tick - startTicks[i]! > 30),
      "every room to run 30 more ticks",
      30_000,
    );
    for (const r of rooms) expect(r.players.size).toBe(4);
    for (const r of rooms) r.close();
  });

  it("starts a lobby of four together in one room", async () => {
    const [host, ...guests] = await Promise.all(
      ["host", "ana", "ben", "cat"].map((n, i) => signIn(n, 200 + i)),
    );
    const created = await api("/v1/lobbies", host!.token, {
      method: "POST",
      body: { settings: { maxPlayers: 4, minPlayers: 4, countdownMs: 500 } },
    });
    const code = (created.lobby as { code: string }).code;
    for (const g of guests) await api(`/v1/lobbies/${code}/members`, g.token, { method: "POST" });

    const members = [host!, ...guests];
    const started = members.map(() => undefined as Matched | undefined);
    const sockets = await Promise.all(
      members.map(
        (m, i) =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(`${server.url.replace("http", "ws")}/v1/lobbies/${code}/ws`);
            ws.onopen = () => ws.send(JSON.stringify({ type: "hello", token: m.token }));
            ws.onerror = () => reject(new Error(`lobby socket of ${m.name} failed`));
            ws.onmessage = (e) => {
              const msg = JSON.parse(String(e.data)) as LobbyServerMessage;
              if (msg.type === "state") resolve(ws);
              if (msg.type === "started") started[i] = { roomId: msg.roomId, ticket: msg.ticket };
            };
          }),
      ),
    );
    for (const ws of sockets) ws.send(JSON.stringify({ type: "ready", ready: true }));
    const view = async () =>
      (await api(`/v1/lobbies/${code}`, host!.token)).lobby as { members: { ready: boolean }[] };
    await eventually(async () => (await view()).members.every((m) => m.ready), "all four ready");
    sockets[0]!.send(JSON.stringify({ type: "start" }));
    await eventually(
      () => started.every((s) => s !== undefined),
      "everyone is sent to the game",
      10_000,
    );
    expect(new Set(started.map((s) => s!.roomId)).size).toBe(1);

    const rooms = await Promise.all(
      started.map((s, i) =>
        connect({
          url: roomUrl(server.url, s!.roomId),
          game: arenaGame,
          name: members[i]!.name,
          token: s!.ticket,
        }),
      ),
    );
    await eventually(() => rooms.every((r) => r.players.size === 4), "all four in the room");
    const startTicks = rooms.map((r) => r.tick);
    play(rooms);
    await eventually(() => rooms.every((r, i) => r.tick - startTicks[i]! > 15), "the room to run");
    for (const r of rooms) r.close();
    for (const ws of sockets) ws.close();
  });
});
