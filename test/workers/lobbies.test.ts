import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LobbyView } from "../../shared/lobby/lobby-protocol.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { LobbySocket } from "./lobby-socket.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";

const PARIS = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };

interface LobbyBody {
  lobby: LobbyView;
  ticket?: { ticket: string; roomId: string; expiresAt: number };
}

async function createLobby(token: string, settings: object = {}): Promise<LobbyBody> {
  const res = await call("POST", "/v1/lobbies", token, { settings });
  expect(res.status).toBe(201);
  return (await res.json()) as LobbyBody;
}

describe("lobbies", () => {
  it("creates a lobby with a code, lets others join by it, and lists names, roles and the host", async () => {
    const ada = await signInGuest("ada");
    const bob = await signInGuest("bob");
    const { lobby } = await createLobby(ada.accessToken, { maxPlayers: 2 });
    expect(lobby.code).toMatch(/^[A-HJ-KM-NP-Z2-9]{6}$/);
    expect(lobby.members).toMatchObject([{ name: "ada", host: true, roles: ["player"] }]);
    const joined = await call("POST", `/v1/lobbies/${lobby.code}/members`, bob.accessToken);
    expect(joined.status).toBe(200);
    expect(((await joined.json()) as LobbyBody).lobby.members.map((m) => m.name)).toEqual([
      "ada",
      "bob",
    ]);
    const eve = await signInGuest("eve");
    const full = await call("POST", `/v1/lobbies/${lobby.code}/members`, eve.accessToken);
    expect(full.status).toBe(409);
    expect(await full.json()).toEqual({
      error: { code: "lobby_full", message: "the lobby is full" },
    });
    expect((await call("GET", "/v1/lobbies/ZZZZZZ", ada.accessToken)).status).toBe(404);
    expect((await call("GET", "/v1/lobbies/nope", ada.accessToken)).status).toBe(400);
    const left = await call("DELETE", `/v1/lobbies/${lobby.code}/members/me`, ada.accessToken);
    expect(((await left.json()) as LobbyBody).lobby.hostId).toBe(bob.accountId);
  });

  it("applies a message sent right behind the hello, after the hello", async () => {
    const ada = await signInGuest("ada");
    const { lobby } = await createLobby(ada.accessToken);
    // open() says hello; "ready" follows at once, before the lobby can have checked the token
    // (a click the moment the socket opened): the lobby handles a socket's messages in order,
    // so it is applied after the hello instead of closing the socket as "hello first".
    const ws = await LobbySocket.open(lobby.code, ada.accessToken);
    ws.send({ type: "ready", ready: true });
    ws.send({ type: "chat", text: "hi" });
    const state = await ws.next("state", (m) => m.lobby.members[0]?.ready === true);
    expect(state.lobby.members[0]?.ready).toBe(true);
    expect(await ws.next("chat")).toMatchObject({ text: "hi" });
    ws.close();
  });

  it("starts atomically: every member gets a ticket for one new room, and a member who dropped gets one on return", async () => {
    const [ada, bob, cyd] = await Promise.all(["ada", "bob", "cyd"].map((n) => signInGuest(n)));
    const { lobby } = await createLobby(ada!.accessToken, {
      minPlayers: 3,
      countdownMs: 0,
      mode: "ffa",
    });
    for (const s of [bob!, cyd!])
      await call("POST", `/v1/lobbies/${lobby.code}/members`, s.accessToken);
    const adaWs = await LobbySocket.open(lobby.code, ada!.accessToken);
    const bobWs = await LobbySocket.open(lobby.code, bob!.accessToken);
    await adaWs.next("state");
    await bobWs.next("state");
    adaWs.send({ type: "ready", ready: true });
    bobWs.send({ type: "ready", ready: true });
    // Not everyone is ready yet: the host's start is refused.
    await adaWs.next("state", (m) => m.lobby.members.filter((x) => x.ready).length === 2);
    adaWs.send({ type: "start" });
    expect(await adaWs.next("error")).toMatchObject({
      code: "not_ready",
      message: "waiting for cyd",
    });
    // cyd readies over HTTP-less socket, then drops before the start.
    const cydWs = await LobbySocket.open(lobby.code, cyd!.accessToken);
    await cydWs.next("state");
    cydWs.send({ type: "ready", ready: true });
    await adaWs.next("state", (m) => m.lobby.members.every((x) => x.ready));
    cydWs.close();
    await adaWs.next("state", (m) => m.lobby.members.some((x) => !x.connected));
    adaWs.send({ type: "start" });
    const [a, b] = await Promise.all([adaWs.next("started"), bobWs.next("started")]);
    expect(a.roomId).toBe(`lobby-${lobby.code}-1`);
    expect(b.roomId).toBe(a.roomId);
    expect(a.ticket).not.toBe(b.ticket);
    expect(a.warnings).toEqual([]);
    // The room is registered for search with the lobby's mode.
    const found = await call(
      "GET",
      `/v1/sessions?mode=ffa&prop.lobby=${lobby.code}`,
      ada!.accessToken,
    );
    expect(
      ((await found.json()) as { sessions: { sessionId: string }[] }).sessions.map(
        (s) => s.sessionId,
      ),
    ).toEqual([a.roomId]);
    // cyd comes back: a ticket for the same room, over HTTP and over the socket.
    const back = (await (
      await call("GET", `/v1/lobbies/${lobby.code}`, cyd!.accessToken)
    ).json()) as LobbyBody;
    expect(back.lobby.phase).toBe("started");
    expect(back.ticket?.roomId).toBe(a.roomId);
    const cydAgain = await LobbySocket.open(lobby.code, cyd!.accessToken);
    const started = await cydAgain.next("started");
    const room = await RoomSocket.join(started.roomId, "cyd", started.ticket);
    room.close();
    // The room is the lobby's: a stranger neither joins it nor sees it in search.
    const eve = await signInGuest("eve");
    const stranger = await RoomSocket.open(a.roomId);
    stranger.hello("eve", eve.accessToken);
    expect((await stranger.closedWithin()).code).toBe(CLOSE.TICKET_REQUIRED.code);
    const unseen = await call("GET", `/v1/sessions?prop.lobby=${lobby.code}`, eve.accessToken);
    expect(((await unseen.json()) as { sessions: unknown[] }).sessions).toEqual([]);
    for (const ws of [adaWs, bobWs, cydAgain]) ws.close();
  });

  it("lets the host change settings and kick, moderators mute, and limits chat", async () => {
    const host = await signInGuest("host");
    const bob = await signInGuest("bob");
    const mod = await signInWithRoles(["player", "moderator"]);
    const { lobby } = await createLobby(host.accessToken);
    for (const s of [bob, mod])
      await call("POST", `/v1/lobbies/${lobby.code}/members`, s.accessToken);
    const hostWs = await LobbySocket.open(lobby.code, host.accessToken);
    const bobWs = await LobbySocket.open(lobby.code, bob.accessToken);
    const modWs = await LobbySocket.open(lobby.code, mod.accessToken);
    await Promise.all([hostWs.next("state"), bobWs.next("state"), modWs.next("state")]);
    bobWs.send({ type: "settings", settings: { maxPlayers: 3 } });
    expect(await bobWs.next("error")).toMatchObject({ code: "not_host" });
    hostWs.send({ type: "settings", settings: { maxPlayers: 3, properties: { map: "dust" } } });
    await bobWs.next("state", (m) => m.lobby.settings.maxPlayers === 3);
    bobWs.send({ type: "chat", text: "hello all" });
    expect(await hostWs.next("chat")).toMatchObject({
      from: bob.accountId,
      name: "bob",
      text: "hello all",
    });
    modWs.send({ type: "mute", accountId: bob.accountId, muted: true });
    await bobWs.next("state", (m) => m.lobby.members.some((x) => x.muted));
    bobWs.send({ type: "chat", text: "again" });
    expect(await bobWs.next("error", (m) => m.code === "muted")).toMatchObject({ code: "muted" });
    hostWs.send({ type: "kick", accountId: bob.accountId });
    expect(await bobWs.closed).toMatchObject({ code: 4200 });
    const rejoin = await call("POST", `/v1/lobbies/${lobby.code}/members`, bob.accessToken);
    expect(rejoin.status).toBe(403);
    hostWs.close();
    modWs.close();
  });

  it("refuses a socket of a non-member and a malformed frame", async () => {
    const ada = await signInGuest("ada");
    const eve = await signInGuest("eve");
    const { lobby } = await createLobby(ada.accessToken);
    const stranger = await LobbySocket.open(lobby.code, eve.accessToken);
    expect(await stranger.closed).toMatchObject({ code: 4400 });
    const ws = await LobbySocket.open(lobby.code, ada.accessToken);
    await ws.next("state");
    ws.send({ type: "ready" } as never);
    expect(await ws.closed).toMatchObject({ code: 4000 });
  });

  it("places the game in the region nearest the members and records their detected region", async () => {
    const ada = await signInGuest("ada");
    const res = await call(
      "POST",
      "/v1/lobbies",
      ada.accessToken,
      { settings: { minPlayers: 1, countdownMs: 0 } },
      {},
      PARIS,
    );
    const { lobby } = (await res.json()) as LobbyBody;
    expect(lobby.members[0]?.regionId).toBe("weur");
    const ws = await LobbySocket.open(lobby.code, ada.accessToken);
    await ws.next("state");
    ws.send({ type: "ready", ready: true });
    await ws.next("state", (m) => m.lobby.members[0]!.ready);
    ws.send({ type: "start" });
    expect(await ws.next("started")).toMatchObject({ regionId: "weur", warnings: [] });
    const rows = await env.DB.prepare("SELECT region, mode FROM sessions WHERE id = ?")
      .bind(`lobby-${lobby.code}-1`)
      .first();
    expect(rows).toEqual({ region: "weur", mode: "ffa" });
    ws.close();
  });
});
