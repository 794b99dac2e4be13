// Parties in workerd: matchmaking queues only accounts that joined the caller's party (issue
// 19: any player could queue any account and lock it out of a mode with 409 already_queued).
import { describe, expect, it } from "vitest";
import { call, signInGuest } from "./sign-in.js";

interface PartyView {
  partyId: string;
  leaderId: string;
  inviteCode: string;
  members: { accountId: string }[];
  invited: string[];
}

interface TicketView {
  ticketId: string;
  status: string;
  members: string[];
}

async function json<T>(res: Promise<Response>, status: number): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

const createParty = (token: string) => json<PartyView>(call("POST", "/v1/parties", token), 201);
const queue = (token: string, body: object) => call("POST", "/v1/matchmaking/tickets", token, body);

describe("parties", () => {
  it("never queues an account that did not join the caller's party, nor locks it out of a mode", async () => {
    const [a, b] = await Promise.all([signInGuest("a"), signInGuest("b")]);
    // The old raw list of account ids is refused, not silently dropped.
    const raw = await queue(a.accessToken, { mode: "duel", rating: 7000, party: [b.accountId] });
    expect(raw.status).toBe(400);
    // A's own party, with B invited but not joined: A's ticket holds A alone.
    await createParty(a.accessToken);
    await json(
      call("POST", "/v1/parties/me/invites", a.accessToken, { accountIds: [b.accountId] }),
      200,
    );
    const t = await json<TicketView>(queue(a.accessToken, { mode: "duel", rating: 7000 }), 201);
    expect(t.members).toEqual([a.accountId]);
    // B is free to queue in the same mode (no 409 already_queued), and B's ticket is B's.
    const tb = await json<TicketView>(queue(b.accessToken, { mode: "duel", rating: 7010 }), 201);
    expect(tb.members).toEqual([b.accountId]);
    // A cannot read B's ticket: it is not on it.
    expect(
      (await call("GET", `/v1/matchmaking/tickets/${tb.ticketId}`, a.accessToken)).status,
    ).toBe(404);
  });

  it("lets an invited account accept, and only the leader queue", async () => {
    const [a, b, c] = await Promise.all([signInGuest("a"), signInGuest("b"), signInGuest("c")]);
    const p = await createParty(a.accessToken);
    const invited = await json<PartyView>(
      call("POST", "/v1/parties/me/invites", a.accessToken, { accountIds: [b.accountId] }),
      200,
    );
    expect(invited.invited).toEqual([b.accountId]);
    const mine = await json<{ invites: { partyId: string; leaderId: string }[] }>(
      call("GET", "/v1/parties/invites", b.accessToken),
      200,
    );
    expect(mine.invites).toMatchObject([{ partyId: p.partyId, leaderId: a.accountId }]);
    // C holds neither the code nor an invitation: the party's id alone does not let it in.
    const c404 = await json<{ error: { code: string } }>(
      call("POST", "/v1/parties/join", c.accessToken, { partyId: p.partyId }),
      404,
    );
    expect(c404.error.code).toBe("not_found");
    const joined = await json<PartyView>(
      call("POST", "/v1/parties/join", b.accessToken, { partyId: p.partyId }),
      200,
    );
    expect(joined.members.map((m) => m.accountId)).toEqual([a.accountId, b.accountId]);
    expect(joined.invited).toEqual([]);
    const notLeader = await json<{ error: { code: string } }>(
      queue(b.accessToken, { mode: "squads", rating: 7100 }),
      403,
    );
    expect(notLeader.error.code).toBe("not_party_leader");
    // One party at a time.
    expect((await call("POST", "/v1/parties", b.accessToken)).status).toBe(409);
    const again = await json<{ error: { code: string } }>(
      call("POST", "/v1/parties/join", b.accessToken, { code: p.inviteCode }),
      409,
    );
    expect(again.error.code).toBe("already_in_party");
  });

  it("cancels the party's waiting ticket when a member leaves, and hands the lead on", async () => {
    const [a, b] = await Promise.all([signInGuest("a"), signInGuest("b")]);
    const p = await createParty(a.accessToken);
    await json(call("POST", "/v1/parties/join", b.accessToken, { code: p.inviteCode }), 200);
    const t = await json<TicketView>(queue(a.accessToken, { mode: "squads", rating: 7200 }), 201);
    expect(t).toMatchObject({ status: "waiting", members: [a.accountId, b.accountId] });
    expect((await call("DELETE", "/v1/parties/me", b.accessToken)).status).toBe(204);
    const after = await json<TicketView>(
      call("GET", `/v1/matchmaking/tickets/${t.ticketId}`, a.accessToken),
      200,
    );
    expect(after.status).toBe("cancelled");
    // B left with its consent: it queues on its own at once.
    await json(queue(b.accessToken, { mode: "squads", rating: 7200 }), 201);
    // B rejoins; the leader leaves; B leads the party now; when B leaves too, it ends.
    await json(call("POST", "/v1/parties/join", b.accessToken, { code: p.inviteCode }), 200);
    expect((await call("DELETE", "/v1/parties/me", a.accessToken)).status).toBe(204);
    const led = await json<PartyView>(call("GET", "/v1/parties/me", b.accessToken), 200);
    expect(led.leaderId).toBe(b.accountId);
    expect((await call("DELETE", "/v1/parties/me", b.accessToken)).status).toBe(204);
    await json(call("POST", "/v1/parties/join", a.accessToken, { code: p.inviteCode }), 404);
    await json(call("GET", "/v1/parties/me", b.accessToken), 404);
  });

  it("limits invitations per minute and members per party", async () => {
    const leader = await signInGuest("lead");
    const p = await createParty(leader.accessToken);
    const ids = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => `acc_${(from + i).toString(16).padStart(32, "0")}`);
    // 10 a minute (PARTY_INVITES_PER_MINUTE): 7 + 3 pass, the 11th is refused.
    await json(
      call("POST", "/v1/parties/me/invites", leader.accessToken, { accountIds: ids(7, 0) }),
      200,
    );
    await json(
      call("POST", "/v1/parties/me/invites", leader.accessToken, { accountIds: ids(3, 7) }),
      200,
    );
    const limited = await json<{ error: { code: string } }>(
      call("POST", "/v1/parties/me/invites", leader.accessToken, { accountIds: ids(1, 10) }),
      429,
    );
    expect(limited.error.code).toBe("invite_rate_limited");
    // 8 members at most (MAX_PARTY_MEMBERS): 7 join by code, the 9th account is refused.
    const guests = await Promise.all(Array.from({ length: 8 }, (_, i) => signInGuest(`g${i}`)));
    for (const g of guests.slice(0, 7))
      await json(call("POST", "/v1/parties/join", g.accessToken, { code: p.inviteCode }), 200);
    const full = await json<{ error: { code: string } }>(
      call("POST", "/v1/parties/join", guests[7]!.accessToken, { code: p.inviteCode }),
      409,
    );
    expect(full.error.code).toBe("party_full");
  });
});
