// One deployment, two games, rooms closed to strangers: through the built client package
// and its typed HTTP client against a real wrangler dev. Two players are matched into a
// Connect Four duel and play it to a win by RPC while a signed-in stranger is refused; a
// full arena room refuses the next player; a client of one game cannot join the other's room.
import {
  ConnectError,
  connect,
  createHttpClient,
  type HttpClient,
  type RoomConnection,
  roomUrl,
} from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arenaGame } from "../../games/arena/index.js";
import {
  CONNECT_FOUR_RPCS,
  type ConnectFourInput,
  connectFourGame,
  readBoard,
} from "../../games/connect-four/index.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A signed-in guest's HTTP client. */
async function guest(name: string): Promise<HttpClient> {
  const http = createHttpClient({ baseUrl: server.url });
  await http.signInGuest({ deviceId: crypto.randomUUID().replaceAll("-", ""), name });
  return http;
}

/** Queues `players` for a duel of `game` and waits for every one's join ticket. */
async function duel(game: string, players: HttpClient[]) {
  const queued: Awaited<ReturnType<HttpClient["createMatchTicket"]>>[] = [];
  for (const p of players)
    queued.push(await p.createMatchTicket({ game, mode: "duel", rating: 1500 }));
  return Promise.all(
    players.map(async (p, i) => {
      let view = queued[i]!;
      while (view.status === "waiting") view = await p.getMatchTicket(view.ticketId, { waitS: 10 });
      expect(view).toMatchObject({ status: "matched", game, mode: "duel" });
      return view.joinTicket!;
    }),
  );
}

/** What connecting with `token` ends in: the room, or the ConnectError's code and message. */
async function tryConnect(
  url: string,
  game: typeof arenaGame | typeof connectFourGame,
  token: string,
) {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: either game's definition, as a game picker would hold it.
    const room = await connect({ url, game: game as any, name: "x", token, reconnect: false });
    return { room, code: 0, message: "" };
  } catch (e) {
    if (!(e instanceof ConnectError)) throw e;
    return { room: undefined, code: e.code, message: e.message };
  }
}

describe("games and closed rooms on wrangler dev", () => {
  it("plays a matched Connect Four duel to a win, and refuses a stranger", async () => {
    const [ada, bob, eve] = [await guest("ada"), await guest("bob"), await guest("eve")];
    const [adaTicket, bobTicket] = await duel("connect-four", [ada, bob]);
    expect(adaTicket.roomId).toBe(bobTicket.roomId);
    const url = roomUrl(server.url, adaTicket.roomId);

    // A signed-in stranger: her access token needs a ticket (4108), and none is issued to her.
    const stranger = await tryConnect(url, connectFourGame, eve.session!.accessToken);
    expect(stranger.code).toBe(4108);
    expect(stranger.message).toContain("join ticket required");
    await expect(eve.createJoinTicket(adaTicket.roomId)).rejects.toMatchObject({
      status: 403,
      code: "not_invited",
    });

    const join = (http: HttpClient, ticket: string, name: string) =>
      connect({
        url,
        game: connectFourGame,
        name,
        token: ticket,
        reconnectToken: () => http.session!.accessToken,
      });
    const rooms = [
      await join(ada, adaTicket.ticket, "ada"),
      await join(bob, bobTicket.ticket, "bob"),
    ];
    await eventually(
      () => rooms.every((r) => readBoard(r.world).turn !== 0),
      "the first round starts for both",
    );
    // Whoever's turn it is drops in column 0 four times; the other in column 1 three times.
    const byId = new Map(rooms.map((r) => [r.playerId, r] as const));
    const first = byId.get(readBoard(rooms[0]!.world).turn)!;
    const second = rooms.find((r) => r !== first)!;
    const drop = (room: RoomConnection<ConnectFourInput>, column: number) =>
      room.rpc(CONNECT_FOUR_RPCS).call("drop", { column });
    for (let i = 0; i < 3; i++) {
      expect(await drop(first, 0)).toEqual({ result: "ok" });
      // Out of turn: refused (once: drops are limited to five a second per player).
      if (i === 0) expect(await drop(first, 0)).toEqual({ result: "not-your-turn" });
      expect(await drop(second, 1)).toEqual({ result: "ok" });
    }
    expect(await drop(first, 0)).toEqual({ result: "ok" });
    for (const room of rooms) {
      const board = await eventually(() => {
        const b = readBoard(room.world);
        return b.winningLine ? b : undefined;
      }, "both see the win");
      expect(board.winningLine!.map((c) => [c.column, c.row])).toEqual([
        [0, 0],
        [0, 1],
        [0, 2],
        [0, 3],
      ]);
    }
    for (const room of rooms) room.close();
  });

  it("refuses the player after the last seat of a room, with a message the client shows", async () => {
    const [ada, bob, cy] = [await guest("ada"), await guest("bob"), await guest("cy")];
    const made = await ada.joinOrCreateSession({ game: "arena", mode: "pair", capacity: 2 });
    const url = roomUrl(server.url, made.joinTicket.roomId);
    const a = await tryConnect(url, arenaGame, ada.session!.accessToken);
    const b = await tryConnect(url, arenaGame, bob.session!.accessToken);
    expect([a.code, b.code]).toEqual([0, 0]);
    const c = await tryConnect(url, arenaGame, cy.session!.accessToken);
    expect(c.code).toBe(4005);
    expect(c.message).toContain("room full: 2 of 2 seats taken");
    a.room!.close();
    b.room!.close();
  });

  it("refuses a client of one game in a room of the other (4010)", async () => {
    const ada = await guest("ada");
    const url = roomUrl(server.url, "e2e-arena-only", "arena");
    const wrong = await tryConnect(url, connectFourGame, ada.session!.accessToken);
    expect(wrong.code).toBe(4010);
    expect(wrong.message).toContain("client plays connect-four, room runs arena");
  });
});
