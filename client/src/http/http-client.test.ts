import { describe, expect, it } from "vitest";
import type { Session } from "../../../shared/http/auth-schemas.js";
import { createHttpClient } from "./http-client.js";
import { HTTP_CLIENT_CODE, HttpError } from "./http-error.js";
import type { HttpRequestInit } from "./http-options.js";

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly authorization: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

type Reply = { status: number; body?: unknown; text?: string };

/** A fake Worker: `route` answers each request; every request is recorded in `sent`. */
function fakeServer(route: (req: Sent, n: number) => Reply | Promise<Reply>) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: HttpRequestInit) => {
    const u = new URL(url);
    const req: Sent = {
      method: init.method,
      path: u.pathname,
      query: u.search,
      authorization: init.headers.Authorization,
      headers: init.headers,
      body: init.body === undefined ? undefined : JSON.parse(init.body),
    };
    sent.push(req);
    const reply = await route(req, sent.length);
    const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
    return new Response(reply.status === 204 ? null : text, { status: reply.status });
  };
  return { fetch, sent };
}

const session = (n: number): Session => ({
  accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
  roles: ["player"],
  tokenType: "Bearer",
  accessToken: `at-${n}`,
  accessTokenExpiresAt: 1767225900000,
  refreshToken: `rt-${n}`,
  refreshTokenExpiresAt: 1769817000000,
});

const error = (status: number, code: string, message = code): Reply => ({
  status,
  body: { error: { code, message } },
});

const ROOM = {
  roomId: "lobby",
  game: "arena",
  access: "public",
  capacity: 32,
  tick: 12,
  tickRate: 30,
  running: true,
  players: [],
  spectators: 0,
};
const ACCOUNT = {
  accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
  displayName: "ada",
  roles: ["player"],
  createdAt: 1,
  lastSignInAt: 2,
};

/** A client signed in with session 1 against `server`. */
function signedIn(server: ReturnType<typeof fakeServer>, seen: (Session | null)[] = []) {
  return createHttpClient({
    baseUrl: "http://edgetick.test/",
    fetch: server.fetch,
    session: session(1),
    onSession: (s) => seen.push(s),
  });
}

async function caught(p: Promise<unknown>): Promise<HttpError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(e)}`);
  return e;
}

describe("HttpClient sign-in", () => {
  it("holds the session a guest sign-in answers and sends its access token on later calls", async () => {
    const server = fakeServer((req) =>
      req.path === "/v1/auth/guest"
        ? { status: 200, body: session(7) }
        : { status: 200, body: ACCOUNT },
    );
    const seen: (Session | null)[] = [];
    const http = createHttpClient({
      baseUrl: "http://edgetick.test",
      fetch: server.fetch,
      onSession: (s) => seen.push(s),
    });
    const s = await http.signInGuest({ deviceId: "b1f0e6c2a4d94e8f9a7c3b5d2e1f0a9c", name: "ada" });
    expect(s.accessToken).toBe("at-7");
    expect(await http.getAccount()).toEqual(ACCOUNT);
    expect(server.sent.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["POST", "/v1/auth/guest", undefined],
      ["GET", "/v1/players/me", "Bearer at-7"],
    ]);
    expect(server.sent[0]!.body).toEqual({
      deviceId: "b1f0e6c2a4d94e8f9a7c3b5d2e1f0a9c",
      name: "ada",
    });
    expect(seen).toEqual([session(7)]);
  });

  it("refuses a call that needs a session before sign-in, without sending it", async () => {
    const server = fakeServer(() => ({ status: 200, body: ACCOUNT }));
    const http = createHttpClient({ baseUrl: "http://edgetick.test", fetch: server.fetch });
    const e = await caught(http.getAccount());
    expect([e.status, e.code]).toEqual([0, HTTP_CLIENT_CODE.NOT_SIGNED_IN]);
    expect(server.sent).toEqual([]);
  });

  it("signs out by revoking the refresh token, and drops the session even if that fails", async () => {
    const server = fakeServer(() => error(429, "rate_limited"));
    const seen: (Session | null)[] = [];
    const http = signedIn(server, seen);
    expect((await caught(http.signOut())).code).toBe("rate_limited");
    expect(server.sent[0]).toMatchObject({
      path: "/v1/auth/logout",
      body: { refreshToken: "rt-1" },
    });
    expect(http.session).toBeNull();
    expect(seen).toEqual([null]);
    await http.signOut(); // nothing held: nothing sent
    expect(server.sent).toHaveLength(1);
  });
});

describe("HttpClient failures", () => {
  it("raises the status, code and message of the API's error body", async () => {
    const server = fakeServer(() => error(409, "version_conflict", "stored version is 4, not 3"));
    const e = await caught(
      signedIn(server).putPlayerData("arena.stats", { version: 3, value: {} }),
    );
    expect(e).toBeInstanceOf(HttpError);
    expect([e.status, e.code, e.message]).toEqual([
      409,
      "version_conflict",
      "stored version is 4, not 3",
    ]);
    expect(e.retryable).toBe(false);
  });

  it("raises unexpected_status for a failure without the error body, retryable when 5xx", async () => {
    const server = fakeServer(() => ({ status: 502, text: "<html>Bad gateway</html>" }));
    const e = await caught(signedIn(server).getRoom("lobby"));
    expect([e.status, e.code]).toEqual([502, HTTP_CLIENT_CODE.UNEXPECTED_STATUS]);
    expect(e.retryable).toBe(true);
  });

  it("raises network_error, retryable, when fetch rejects", async () => {
    const http = createHttpClient({
      baseUrl: "http://edgetick.test",
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    const e = await caught(http.getRoom("lobby"));
    expect([e.status, e.code, e.retryable]).toEqual([0, HTTP_CLIENT_CODE.NETWORK_ERROR, true]);
    expect(e.message).toBe("GET /v1/rooms/lobby: fetch failed");
  });

  it("accepts an answer that matches the route's schema and refuses its neighbour that does not", async () => {
    const server = fakeServer((_, n) => ({
      status: 200,
      // tick must be an integer: 12 passes, 12.5 is refused.
      body: n === 1 ? ROOM : { ...ROOM, tick: 12.5 },
    }));
    const http = signedIn(server);
    expect(await http.getRoom("lobby")).toEqual(ROOM);
    const e = await caught(http.getRoom("lobby"));
    expect([e.status, e.code]).toEqual([200, HTTP_CLIENT_CODE.INVALID_RESPONSE]);
    expect(e.message).toMatch(/^GET \/v1\/rooms\/lobby: tick: /);
  });

  it("refuses a 2xx body that is not JSON", async () => {
    const server = fakeServer(() => ({ status: 200, text: "ok" }));
    const e = await caught(signedIn(server).getRoom("lobby"));
    expect([e.status, e.code]).toEqual([200, HTTP_CLIENT_CODE.INVALID_RESPONSE]);
  });

  it("refuses a sign-in answer that is not a session, and holds nothing", async () => {
    const server = fakeServer(() => ({ status: 200, body: { ...session(2), tokenType: "Basic" } }));
    const http = createHttpClient({ baseUrl: "http://edgetick.test", fetch: server.fetch });
    const e = await caught(http.signInGuest({ deviceId: "b1f0e6c2a4d94e8f9a7c3b5d2e1f0a9c" }));
    expect(e.code).toBe(HTTP_CLIENT_CODE.INVALID_RESPONSE);
    expect(http.session).toBeNull();
  });
});

describe("HttpClient refresh on an expired access token", () => {
  it("refreshes once and repeats the call with the new token", async () => {
    const server = fakeServer((req) => {
      if (req.path === "/v1/auth/refresh") return { status: 200, body: session(2) };
      return req.authorization === "Bearer at-1"
        ? error(401, "token_expired")
        : { status: 200, body: ACCOUNT };
    });
    const seen: (Session | null)[] = [];
    const http = signedIn(server, seen);
    expect(await http.getAccount()).toEqual(ACCOUNT);
    expect(server.sent.map((r) => [r.path, r.authorization ?? r.body])).toEqual([
      ["/v1/players/me", "Bearer at-1"],
      ["/v1/auth/refresh", { refreshToken: "rt-1" }],
      ["/v1/players/me", "Bearer at-2"],
    ]);
    expect(seen).toEqual([session(2)]);
    expect(http.session).toEqual(session(2));
  });

  it("gives up after one repeat when the new token is refused too (no loop)", async () => {
    const server = fakeServer((req) =>
      req.path === "/v1/auth/refresh"
        ? { status: 200, body: session(2) }
        : error(401, "token_expired"),
    );
    const e = await caught(signedIn(server).getAccount());
    expect([e.status, e.code]).toEqual([401, "token_expired"]);
    // The call, one refresh, the call again: three requests.
    expect(server.sent.map((r) => r.path)).toEqual([
      "/v1/players/me",
      "/v1/auth/refresh",
      "/v1/players/me",
    ]);
  });

  it("drops the session when the refresh token is refused, and fails with that refusal", async () => {
    const server = fakeServer((req) =>
      req.path === "/v1/auth/refresh"
        ? error(401, "invalid_refresh_token", "refresh token reused")
        : error(401, "token_expired"),
    );
    const seen: (Session | null)[] = [];
    const http = signedIn(server, seen);
    const e = await caught(http.getAccount());
    expect([e.status, e.code]).toEqual([401, "invalid_refresh_token"]);
    expect(http.session).toBeNull();
    expect(seen).toEqual([null]);
    expect(server.sent).toHaveLength(2);
  });

  it("does not refresh for other 401 codes", async () => {
    const server = fakeServer(() => error(401, "invalid_token"));
    const e = await caught(signedIn(server).getAccount());
    expect(e.code).toBe("invalid_token");
    expect(server.sent.map((r) => r.path)).toEqual(["/v1/players/me"]);
  });

  it("shares one refresh among calls that expire together (a refresh token is single-use)", async () => {
    const server = fakeServer((req) => {
      if (req.path === "/v1/auth/refresh") return { status: 200, body: session(2) };
      return req.authorization === "Bearer at-1"
        ? error(401, "token_expired")
        : { status: 200, body: ACCOUNT };
    });
    const http = signedIn(server);
    await Promise.all([http.getAccount(), http.getAccount(), http.getAccount()]);
    expect(server.sent.filter((r) => r.path === "/v1/auth/refresh")).toHaveLength(1);
    expect(server.sent.filter((r) => r.authorization === "Bearer at-2")).toHaveLength(3);
  });
});

describe("HttpClient requests", () => {
  it("sends a document write with its version, value and idempotency key", async () => {
    const doc = {
      key: "arena.stats",
      version: 4,
      schemaVersion: 2,
      value: { joins: 5 },
      updatedAt: 9,
    };
    const server = fakeServer(() => ({ status: 200, body: doc }));
    const http = signedIn(server);
    const out = await http.putPlayerData(
      "arena.stats",
      { version: 3, value: { joins: 5 } },
      { idempotencyKey: "c0a8012e-7d4b" },
    );
    expect(out).toEqual(doc);
    expect(server.sent[0]).toMatchObject({
      method: "PUT",
      path: "/v1/players/me/data/arena.stats",
      body: { version: 3, value: { joins: 5 } },
      headers: { "Idempotency-Key": "c0a8012e-7d4b", "Content-Type": "application/json" },
    });
  });

  it("encodes path parameters, so a hostile id cannot reach another route", async () => {
    const server = fakeServer(() => error(400, "invalid_room_id"));
    await caught(signedIn(server).getRoom("../players/me"));
    expect(server.sent[0]!.path).toBe("/v1/rooms/..%2Fplayers%2Fme");
  });

  it("writes session filters and custom properties into the query", async () => {
    const server = fakeServer(() => ({ status: 200, body: { sessions: [], next: null } }));
    const page = await signedIn(server).searchSessions({
      mode: "ffa",
      hasSpace: true,
      limit: 5,
      properties: { map: "dust", ranked: true },
    });
    expect(page).toEqual({ sessions: [], next: null });
    expect(server.sent[0]!.query).toBe(
      "?mode=ffa&hasSpace=true&limit=5&prop.map=dust&prop.ranked=true",
    );
  });

  it("long-polls a match ticket with wait=", async () => {
    const server = fakeServer(() => error(404, "not_found"));
    await caught(signedIn(server).getMatchTicket("mt_ffa_3f2a9c1e5b7d4f60a8e2c4b6", { waitS: 25 }));
    expect(server.sent[0]).toMatchObject({ method: "GET", query: "?wait=25" });
  });

  it("answers nothing for a 204", async () => {
    const server = fakeServer(() => ({ status: 204 }));
    await expect(
      signedIn(server).removeSession("ls_3f2a9c1e5b7d4f60a8e2c4b6"),
    ).resolves.toBeUndefined();
    expect(server.sent[0]).toMatchObject({
      method: "DELETE",
      path: "/v1/sessions/ls_3f2a9c1e5b7d4f60a8e2c4b6",
    });
  });
});
