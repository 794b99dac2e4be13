// The HTTP client's party calls against a fake Worker: methods, paths and bodies sent,
// answers validated, a refusal surfaced as an HttpError with the server's code.
import { describe, expect, it } from "vitest";
import type { Session } from "../../../shared/http/auth-schemas.js";
import { createHttpClient } from "./http-client.js";
import { HttpError } from "./http-error.js";
import type { HttpAnswer, HttpRequestInit } from "./http-options.js";

const SESSION: Session = {
  accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
  roles: ["player"],
  tokenType: "Bearer",
  accessToken: "at-1",
  accessTokenExpiresAt: 1767225900000,
  refreshToken: "rt-1",
  refreshTokenExpiresAt: 1769817000000,
};

const PARTY = {
  partyId: "pty_3f2a9c1e5b7d4f60a8e2c4b6",
  leaderId: SESSION.accountId,
  inviteCode: "K7QX2MZP",
  members: [{ accountId: SESSION.accountId, joinedAt: 1 }],
  invited: [],
  createdAt: 1,
};

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A client whose fetch answers `route(req)` and records each request. */
function client(route: (req: Sent) => Response) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: HttpRequestInit): Promise<HttpAnswer> => {
    const body = init.body === undefined ? undefined : JSON.parse(init.body);
    const req = { method: init.method, path: new URL(url).pathname, body };
    sent.push(req);
    return route(req);
  };
  return {
    http: createHttpClient({ baseUrl: "http://edgetick.test", fetch, session: SESSION }),
    sent,
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe("HttpClient parties", () => {
  it("sends each party call to its route and validates the party answered", async () => {
    const { http, sent } = client((req) =>
      req.method === "DELETE"
        ? new Response(null, { status: 204 })
        : req.path === "/v1/parties/invites"
          ? json({ invites: [] })
          : json(PARTY, req.path === "/v1/parties" ? 201 : 200),
    );
    expect(await http.createParty()).toEqual(PARTY);
    expect(await http.getParty()).toEqual(PARTY);
    await http.inviteToParty({ accountIds: ["acc_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"] });
    expect(await http.listPartyInvites()).toEqual({ invites: [] });
    await http.joinParty({ code: "K7QX2MZP" });
    await http.leaveParty();
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/parties",
      "GET /v1/parties/me",
      "POST /v1/parties/me/invites",
      "GET /v1/parties/invites",
      "POST /v1/parties/join",
      "DELETE /v1/parties/me",
    ]);
    expect(sent[2]!.body).toEqual({ accountIds: ["acc_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"] });
    expect(sent[4]!.body).toEqual({ code: "K7QX2MZP" });
  });

  it("surfaces a refusal with the server's code", async () => {
    const { http } = client(() =>
      json({ error: { code: "not_party_leader", message: "leader only" } }, 403),
    );
    const e = await http.createMatchTicket({ mode: "duel", rating: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ status: 403, code: "not_party_leader" });
  });
});
