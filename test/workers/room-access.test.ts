// Rooms closed to strangers, capacity and one deployment serving several games, through the
// real Worker and GameRoom: a matched duel admits only its two players (tickets, plus
// resume), a full room refuses the next player, a client of another game is refused, and an
// unknown game is a 400 wherever a game is named.
import { evictDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONNECT_FOUR_SCHEMA } from "../../games/connect-four/index.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { RoomSocket } from "./room-socket.js";
import { call, mintJoinTicket, signInGuest } from "./sign-in.js";

interface MatchView {
  ticketId: string;
  status: string;
  match: { roomId: string } | null;
  joinTicket: { ticket: string; roomId: string } | null;
}

const PARIS = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };

/** Two fresh guests matched into a duel of `game`; their join tickets and the room. */
async function matchedDuel(game: string) {
  const ada = await signInGuest("ada");
  const bob = await signInGuest("bob");
  const body = { game, mode: "duel", rating: 1500 };
  const cf = PARIS as Record<string, unknown>;
  const first = (await (
    await call("POST", "/v1/matchmaking/tickets", ada.accessToken, body, {}, cf)
  ).json()) as MatchView;
  const second = (await (
    await call("POST", "/v1/matchmaking/tickets", bob.accessToken, body, {}, cf)
  ).json()) as MatchView;
  expect(second.status).toBe("matched");
  const adaView = (await (
    await call("GET", `/v1/matchmaking/tickets/${first.ticketId}`, ada.accessToken)
  ).json()) as MatchView;
  return {
    ada,
    bob,
    roomId: second.match!.roomId,
    adaTicket: adaView.joinTicket!.ticket,
    bobTicket: second.joinTicket!.ticket,
  };
}

/** Says hello on a fresh socket and answers the close (or "welcomed"). */
async function attempt(
  roomId: string,
  token: string,
  resume = "",
  game?: { name: string; fingerprint: number },
): Promise<{ code: number; reason: string; socket: RoomSocket }> {
  const socket = await RoomSocket.open(roomId);
  socket.hello("someone", token, resume, game);
  const outcome = await Promise.race([
    socket.closedWithin(),
    socket.next("welcome").then(() => ({ code: 0, reason: "welcomed" })),
  ]);
  return { ...outcome, socket };
}

async function roomInfo(roomId: string) {
  const res = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}`);
  return (await res.json()) as { game: string; mode?: string; access: string; capacity: number };
}

describe("a room the matchmaker made", () => {
  it("admits its two players with their tickets and refuses a signed-in stranger", async () => {
    const { roomId, adaTicket, bobTicket } = await matchedDuel("arena");
    expect(await roomInfo(roomId)).toMatchObject({
      game: "arena",
      mode: "duel",
      access: "ticket",
      capacity: 2,
    });
    const eve = await signInGuest("eve");
    // A plain access token is refused with 4108.
    const plain = await attempt(roomId, eve.accessToken);
    expect(plain.code).toBe(CLOSE.TICKET_REQUIRED.code);
    expect(plain.reason).toContain("join ticket required");
    // The ticket route refuses to mint one for her.
    const asked = await call("POST", `/v1/rooms/${roomId}/tickets`, eve.accessToken);
    expect(asked.status).toBe(403);
    expect(await asked.json()).toMatchObject({ error: { code: "not_invited" } });
    // A genuine ticket for this room, minted outside the API, still does not make her a member.
    const forged = await attempt(roomId, await mintJoinTicket(eve.accountId, roomId));
    expect(forged.code).toBe(CLOSE.NOT_INVITED.code);

    const a = await attempt(roomId, adaTicket);
    const b = await attempt(roomId, bobTicket);
    expect([a.code, b.code]).toEqual([0, 0]);
    a.socket.close();
    b.socket.close();
  });

  it("lets a member resume with a plain access token, but not join fresh with one", async () => {
    const { ada, roomId, adaTicket } = await matchedDuel("arena");
    // Without a player to resume, Ada's access token is not enough.
    expect((await attempt(roomId, ada.accessToken)).code).toBe(CLOSE.TICKET_REQUIRED.code);
    const first = await attempt(roomId, adaTicket);
    const welcome = await first.socket.next("welcome");
    first.socket.drop();
    await first.socket.closedWithin();
    // The ticket may have expired by now in a real game: a resume needs only her account.
    const back = await attempt(roomId, ada.accessToken, welcome.resumeToken);
    expect(back.code).toBe(0);
    expect(await back.socket.next("welcome")).toMatchObject({
      playerId: welcome.playerId,
      resumed: true,
    });
    back.socket.close();
  });

  it("shows up in session search for its members only", async () => {
    const { ada, roomId } = await matchedDuel("arena");
    const eve = await signInGuest("eve");
    const search = async (token: string) =>
      (
        (await (
          await call("GET", "/v1/sessions?game=arena&mode=duel&limit=100", token)
        ).json()) as {
          sessions: { sessionId: string; access: string; game: string }[];
        }
      ).sessions;
    expect((await search(ada.accessToken)).find((s) => s.sessionId === roomId)).toMatchObject({
      access: "ticket",
      game: "arena",
    });
    expect((await search(eve.accessToken)).some((s) => s.sessionId === roomId)).toBe(false);
  });

  it("keeps its game, seats and guest list across a restart of the object", async () => {
    const { roomId, bobTicket } = await matchedDuel("connect-four");
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    await evictDurableObject(stub);
    expect(await roomInfo(roomId)).toMatchObject({
      game: "connect-four",
      access: "ticket",
      capacity: 2,
    });
    const eve = await signInGuest("eve");
    const forged = await attempt(roomId, await mintJoinTicket(eve.accountId, roomId), "", {
      name: "connect-four",
      fingerprint: CONNECT_FOUR_SCHEMA.fingerprint,
    });
    expect(forged.code).toBe(CLOSE.NOT_INVITED.code);
    const bob = await attempt(roomId, bobTicket, "", {
      name: "connect-four",
      fingerprint: CONNECT_FOUR_SCHEMA.fingerprint,
    });
    expect(bob.code).toBe(0);
    bob.socket.close();
  });
});

describe("a room's configuration", () => {
  const configure = (roomId: string, config: object) =>
    env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId)).fetch("https://room.internal/configure", {
      method: "POST",
      headers: { "X-Edgetick-Room": roomId, "Content-Type": "application/json" },
      body: JSON.stringify(config),
    });

  it("may be replaced until the room runs, then stays as it ran; a bad one is a 400", async () => {
    const ada = await signInGuest("ada");
    const base = { game: "arena", access: "ticket", capacity: 2, origin: "lobby" };
    expect((await configure("lobby-RETRY-1", { ...base, members: ["x"] })).status).toBe(200);
    // A failed start tried again with other members: the unused room takes the new list.
    const again = { ...base, members: [ada.accountId] };
    expect((await configure("lobby-RETRY-1", again)).status).toBe(200);
    expect((await configure("lobby-RETRY-1", again)).status).toBe(200);
    const joined = await attempt(
      "lobby-RETRY-1",
      await mintJoinTicket(ada.accountId, "lobby-RETRY-1"),
    );
    expect(joined.code).toBe(0);
    const late = await configure("lobby-RETRY-1", { ...base, members: ["y"] });
    expect(late.status).toBe(409);
    joined.socket.close();
    for (const bad of [{ ...base, game: "chess" }, { ...base, capacity: 0 }, { nonsense: true }]) {
      const res = await configure("lobby-BAD-1", bad);
      expect(res.status).toBe(400);
      await res.body?.cancel();
    }
  });
});

describe("join-or-create for a ticket game", () => {
  it("brings two callers into one room, each admitted by the ticket it was given", async () => {
    const [ada, bob] = [await signInGuest("ada"), await signInGuest("bob")];
    const ask = async (token: string) =>
      (await (
        await call("POST", "/v1/sessions/join-or-create", token, {
          game: "connect-four",
          mode: "duel",
        })
      ).json()) as { created: boolean; joinTicket: { roomId: string; ticket: string } };
    const first = await ask(ada.accessToken);
    const second = await ask(bob.accessToken);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.joinTicket.roomId).toBe(first.joinTicket.roomId);
    const roomId = first.joinTicket.roomId;
    expect(await roomInfo(roomId)).toMatchObject({
      game: "connect-four",
      access: "ticket",
      capacity: 2,
    });
    const game = { name: "connect-four", fingerprint: CONNECT_FOUR_SCHEMA.fingerprint };
    const a = await attempt(roomId, first.joinTicket.ticket, "", game);
    const b = await attempt(roomId, second.joinTicket.ticket, "", game);
    expect([a.code, b.code]).toEqual([0, 0]);
    // A third caller finds no space and gets a room of its own.
    const cy = await signInGuest("cy");
    const third = await ask(cy.accessToken);
    expect(third.created).toBe(true);
    expect(third.joinTicket.roomId).not.toBe(roomId);
    a.socket.close();
    b.socket.close();
  });
});

describe("capacity", () => {
  it("refuses the player after the last seat with 4005 and a message saying so", async () => {
    const ada = await signInGuest("ada");
    const made = await call("POST", "/v1/sessions/join-or-create", ada.accessToken, {
      game: "arena",
      mode: "pair",
      capacity: 2,
    });
    expect(made.status).toBe(200);
    const { joinTicket } = (await made.json()) as { joinTicket: { roomId: string } };
    const roomId = joinTicket.roomId;
    // The arena's rooms are public: anyone signed in may join by id, up to the seats.
    const a = await attempt(roomId, ada.accessToken);
    const b = await attempt(roomId, (await signInGuest("bob")).accessToken);
    expect([a.code, b.code]).toEqual([0, 0]);
    const c = await attempt(roomId, (await signInGuest("cy")).accessToken);
    expect(c.code).toBe(CLOSE.ROOM_FULL.code);
    expect(c.reason).toBe("room full: 2 of 2 seats taken");
    a.socket.close();
    b.socket.close();
  });
});

describe("one deployment, several games", () => {
  it("lists its games with their modes, the default first", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/games");
    const { games } = (await res.json()) as {
      games: { name: string; access: string; modes: { name: string }[] }[];
    };
    expect(games.map((g) => [g.name, g.access])).toEqual([
      ["arena", "public"],
      ["connect-four", "ticket"],
      ["world", "ticket"],
    ]);
    expect(games[1]!.modes.map((m) => m.name)).toEqual(["duel"]);
  });

  it("refuses a client of another game with 4010", async () => {
    const s = await signInGuest("ada");
    const other = await attempt("arena-only", s.accessToken, "", {
      name: "connect-four",
      fingerprint: CONNECT_FOUR_SCHEMA.fingerprint,
    });
    expect(other.code).toBe(CLOSE.WRONG_GAME.code);
    expect(other.reason).toContain("client plays connect-four, room runs arena");
  });

  it("answers 400 unknown_game wherever a game is named that is not registered", async () => {
    const s = await signInGuest("ada");
    const socket = await exports.default.fetch(
      "http://edgetick.test/v1/rooms/chess-1/ws?game=chess",
      {
        headers: { Upgrade: "websocket" },
      },
    );
    const answers = [
      socket,
      await call("POST", "/v1/matchmaking/tickets", s.accessToken, {
        game: "chess",
        mode: "duel",
        rating: 1500,
      }),
      await call("POST", "/v1/lobbies", s.accessToken, { settings: { game: "chess" } }),
      await call("POST", "/v1/sessions/join-or-create", s.accessToken, {
        game: "chess",
        mode: "duel",
      }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "unknown_game" } });
    }
    // An unknown mode of a known game is its own 400.
    const mode = await call("POST", "/v1/matchmaking/tickets", s.accessToken, {
      game: "connect-four",
      mode: "ffa",
      rating: 1500,
    });
    expect(await mode.json()).toMatchObject({ error: { code: "unknown_mode" } });
  });

  it("never makes a room under an id the matchmaker or a lobby would use", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/rooms/mm-arena_duel-x/ws", {
      headers: { Upgrade: "websocket" },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "room_not_found" } });
  });
});
