// A matched ticket is kept, and may be polled, for minutes after its match; its room closes
// for good when nobody came within ROOM_NO_SHOW_MS (room-no-show.ts). The matchmaker then hands
// out no join ticket for it (the room would refuse it with 410 room_closed): the ticket ends
// timed out, its match named, and its players queue again. A room a player came to stays
// open past the deadline, and its late members still get tickets. The deadline is brought
// forward with named-alarms.ts, and the matchmaker's clock moved past it with
// vi.setSystemTime (its object runs in the test's isolate).
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NO_SHOW_ALARM, ROOM_NO_SHOW_MS } from "../../durable-objects/game-room/room-no-show.js";
import { runNamedAlarmNow } from "./named-alarms.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest } from "./sign-in.js";

const PARIS = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };
const roomStub = (roomId: string) => env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));

interface MatchView {
  ticketId: string;
  status: string;
  match: { roomId: string } | null;
  joinTicket: { ticket: string; roomId: string } | null;
}

/** Two fresh players matched in a duel: each one's ticket and the room. */
async function duel() {
  const ada = await signInGuest("ada");
  const bob = await signInGuest("bob");
  const queue = async (token: string) =>
    (await (
      await call(
        "POST",
        "/v1/matchmaking/tickets",
        token,
        { mode: "duel", rating: 1500 },
        {},
        PARIS,
      )
    ).json()) as MatchView;
  const adaTicket = await queue(ada.accessToken);
  const bobTicket = await queue(bob.accessToken);
  expect(bobTicket.status).toBe("matched");
  return { ada, bob, adaTicket, bobTicket, roomId: bobTicket.match!.roomId };
}

async function poll(ticketId: string, token: string): Promise<MatchView> {
  const res = await call("GET", `/v1/matchmaking/tickets/${ticketId}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as MatchView;
}

/** Moves every clock of the test's isolate (the matchmaker's too) past the room's deadline. */
function pastTheDeadline(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ROOM_NO_SHOW_MS + 1_000);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a matched ticket whose room closed for a no-show", () => {
  it("gets no join ticket for the closed room: it ends timed out, naming its match", async () => {
    const { ada, bob, adaTicket, bobTicket, roomId } = await duel();
    await runNamedAlarmNow(roomStub(roomId), NO_SHOW_ALARM);
    expect((await call("GET", `/v1/rooms/${roomId}`, undefined)).status).toBe(410);

    pastTheDeadline();
    const late = await poll(adaTicket.ticketId, ada.accessToken);
    expect(late).toMatchObject({ status: "timed_out", match: { roomId }, joinTicket: null });
    expect(await poll(bobTicket.ticketId, bob.accessToken)).toMatchObject({
      status: "timed_out",
      joinTicket: null,
    });
    vi.useRealTimers();
    // Both may queue again (neither is held in the queue by the old ticket).
    const again = await call(
      "POST",
      "/v1/matchmaking/tickets",
      ada.accessToken,
      { mode: "duel", rating: 1500 },
      {},
      PARIS,
    );
    expect(again.status).toBe(201);
    const { ticketId } = (await again.json()) as MatchView;
    await call("DELETE", `/v1/matchmaking/tickets/${ticketId}`, ada.accessToken);
  });

  it("still gets tickets for a room a player came to, which stays open past the deadline", async () => {
    const { ada, bob, adaTicket, bobTicket, roomId } = await duel();
    const matched = await poll(adaTicket.ticketId, ada.accessToken);
    const socket = await RoomSocket.join(roomId, "ada", matched.joinTicket!.ticket);
    await runNamedAlarmNow(roomStub(roomId), NO_SHOW_ALARM);

    pastTheDeadline();
    const late = await poll(bobTicket.ticketId, bob.accessToken);
    expect(late).toMatchObject({ status: "matched", joinTicket: { roomId } });
    expect((await poll(adaTicket.ticketId, ada.accessToken)).status).toBe("matched");
    vi.useRealTimers();
    socket.close();
  });
});
