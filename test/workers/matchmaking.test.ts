import { describe, expect, it } from "vitest";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest } from "./sign-in.js";

interface View {
  ticketId: string;
  status: string;
  match: {
    roomId: string;
    regionId: string;
    teams: string[][];
    team: number;
    warnings: unknown[];
  } | null;
  joinTicket: { ticket: string; roomId: string } | null;
}

const PARIS = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };

async function queue(token: string, body: object, cf: object = PARIS): Promise<Response> {
  return call("POST", "/v1/matchmaking/tickets", token, body, {}, cf as Record<string, unknown>);
}

describe("matchmaking", () => {
  it("matches two duel tickets into one room near them, each with its own join ticket", async () => {
    const ada = await signInGuest("ada");
    const bob = await signInGuest("bob");
    const first = (await (
      await queue(ada.accessToken, { mode: "duel", rating: 1500 })
    ).json()) as View;
    expect(first).toMatchObject({ status: "waiting", match: null, joinTicket: null });
    const res = await queue(bob.accessToken, {
      mode: "duel",
      rating: 1540,
      latencies: { weur: 25 },
    });
    expect(res.status).toBe(201);
    const second = (await res.json()) as View;
    expect(second.status).toBe("matched");
    expect(second.match).toMatchObject({ regionId: "weur", warnings: [] });
    const adaView = (await (
      await call("GET", `/v1/matchmaking/tickets/${first.ticketId}`, ada.accessToken)
    ).json()) as View;
    expect(adaView.match?.roomId).toBe(second.match?.roomId);
    expect(adaView.match?.team).not.toBe(second.match?.team);
    const room = await RoomSocket.join(
      adaView.joinTicket!.roomId,
      "ada",
      adaView.joinTicket!.ticket,
    );
    room.close();
    // Someone else cannot read the ticket.
    expect(
      (await call("GET", `/v1/matchmaking/tickets/${first.ticketId}`, bob.accessToken)).status,
    ).toBe(404);
  });

  it("long-polls until the match, refuses queueing twice, and cancels", async () => {
    const ada = await signInGuest("ada");
    const bob = await signInGuest("bob");
    const t = (await (await queue(ada.accessToken, { mode: "duel", rating: 2900 })).json()) as View;
    const again = await queue(ada.accessToken, { mode: "duel", rating: 2900 });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "already_queued" } });
    const poll = call("GET", `/v1/matchmaking/tickets/${t.ticketId}?wait=5`, ada.accessToken);
    await queue(bob.accessToken, { mode: "duel", rating: 2920 });
    expect(((await (await poll).json()) as View).status).toBe("matched");
    const eve = await signInGuest("eve");
    const lone = (await (
      await queue(eve.accessToken, { mode: "squads", rating: 100 })
    ).json()) as View;
    const cancelled = await call(
      "DELETE",
      `/v1/matchmaking/tickets/${lone.ticketId}`,
      eve.accessToken,
    );
    expect(((await cancelled.json()) as View).status).toBe("cancelled");
  });

  it("keeps a party together and refuses unknown modes and parties too large", async () => {
    const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => signInGuest(n)));
    // b joins a's party itself, with the code a shares: that is b's consent to be queued.
    const formed = (await (await call("POST", "/v1/parties", a!.accessToken)).json()) as {
      inviteCode: string;
    };
    const joined = await call("POST", "/v1/parties/join", b!.accessToken, {
      code: formed.inviteCode,
    });
    expect(joined.status).toBe(200);
    const party = (await (
      await queue(a!.accessToken, { mode: "squads", rating: 5000 })
    ).json()) as View & { members: string[] };
    expect(party.members).toEqual([a!.accountId, b!.accountId]);
    await queue(c!.accessToken, { mode: "squads", rating: 5010 });
    const last = (await (
      await queue(d!.accessToken, { mode: "squads", rating: 5020 })
    ).json()) as View;
    expect(last.status).toBe("matched");
    const teams = last.match!.teams;
    expect(teams.some((t) => t.includes(a!.accountId) && t.includes(b!.accountId))).toBe(true);
    // b reads the party's ticket and gets its own join ticket.
    const bView = (await (
      await call("GET", `/v1/matchmaking/tickets/${party.ticketId}`, b!.accessToken)
    ).json()) as View;
    expect(bView.joinTicket?.roomId).toBe(last.match!.roomId);
    expect((await queue(a!.accessToken, { mode: "nope", rating: 1 })).status).toBe(400);
    const big = await queue(a!.accessToken, { mode: "duel", rating: 1 });
    expect(await big.json()).toMatchObject({ error: { code: "party_too_large" } });
  });

  it("refuses a player with no region within the latency limit", async () => {
    const ada = await signInGuest("ada");
    const latencies = { wnam: 400, enam: 400, sam: 400, weur: 400, apac: 400, oc: 400 };
    const res = await queue(ada.accessToken, { mode: "duel", rating: 1500, latencies });
    expect(res.status).toBe(422);
  });
});
