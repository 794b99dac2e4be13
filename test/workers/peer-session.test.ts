import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadKeyRing, signSessionTicket } from "../../server/auth/index.js";
import {
  decodeRelayFrame,
  encodeRelayFrame,
  MAX_RELAY_FRAME_BYTES,
} from "../../shared/peer/relay-frame.js";
import { SIGNAL_ERROR } from "../../shared/peer/signal-errors.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { PeerSessionSocket } from "./peer-session-socket.js";
import { call, mintAccessToken, mintJoinTicket, signInGuest, signInWithRoles } from "./sign-in.js";

interface Registered {
  sessionId: string;
  kind: string;
  hostAccount: string;
  ticket: string;
  signalUrl: string;
  ticketExpiresAt: number;
}

interface Joined {
  sessionId: string;
  kind: string;
  ticket: string;
  signalUrl: string;
  expiresAt: number;
  regionId: string | null;
  warnings: { accountId: string; regionId: string; expectedMs: number }[];
}

async function register(token: string, body: object = {}): Promise<Registered> {
  const res = await call("POST", "/v1/sessions", token, {
    kind: "listen",
    mode: "ps-test",
    region: "weur",
    players: 1,
    capacity: 4,
    ...body,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Registered;
}

async function join(token: string, sessionId: string, body?: object): Promise<Joined> {
  const res = await call("POST", `/v1/sessions/${sessionId}/join`, token, body);
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Joined;
}

/** A listen session with its host and two peers connected (ada is peer 2, bob peer 3). */
async function listenSession(capacity = 4) {
  const [hostAccount, ada, bob] = await Promise.all([
    signInGuest("host"),
    signInGuest("ada"),
    signInGuest("bob"),
  ]);
  const reg = await register(hostAccount.accessToken, { capacity });
  const [host, hostWelcome] = await PeerSessionSocket.join(reg.signalUrl, reg.ticket);
  const adaTicket = await join(ada.accessToken, reg.sessionId);
  const [adaSocket, adaWelcome] = await PeerSessionSocket.join(
    adaTicket.signalUrl,
    adaTicket.ticket,
  );
  const bobTicket = await join(bob.accessToken, reg.sessionId);
  const [bobSocket, bobWelcome] = await PeerSessionSocket.join(
    bobTicket.signalUrl,
    bobTicket.ticket,
  );
  return {
    reg,
    accounts: { host: hostAccount, ada, bob },
    sockets: { host, ada: adaSocket, bob: bobSocket },
    welcomes: { host: hostWelcome, ada: adaWelcome, bob: bobWelcome },
  };
}

async function sessionTicket(
  accountId: string,
  sessionId: string,
  { now = Date.now(), ttlS = 60 }: { now?: number; ttlS?: number } = {},
): Promise<string> {
  const ring = await loadKeyRing(env.AUTH_KEYS);
  const subject = { accountId, roles: ["player"] };
  return signSessionTicket(ring, subject, { sessionId, role: "peer", name: "eve" }, { now, ttlS });
}

/** base64(HMAC-SHA1(secret, username)), computed here with WebCrypto. */
async function hmacSha1(secret: string, username: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(username)));
  return btoa(String.fromCharCode(...mac));
}

async function usageOf(token: string, sessionId: string) {
  const res = await call("GET", `/v1/sessions/${sessionId}/usage`, token);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("peer session registration and join", () => {
  it("answers the host's ticket and the signaling path with the registered session", async () => {
    const host = await signInGuest("host");
    const before = Date.now();
    const reg = await register(host.accessToken);
    expect(reg).toMatchObject({
      kind: "listen",
      hostAccount: host.accountId,
      signalUrl: `/v1/sessions/${reg.sessionId}/signal`,
    });
    expect(reg.ticketExpiresAt).toBeGreaterThan(before);
    expect(reg.ticketExpiresAt).toBeLessThanOrEqual(before + 61_000);
    const bad = await call("POST", "/v1/sessions", host.accessToken, {
      kind: "listen",
      mode: "ps-test",
      region: "atlantis",
      players: 1,
      capacity: 4,
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "unknown_region" } });
  });

  it("refuses a join with 404 for an unknown session, 400 for a room and 403 when not invited", async () => {
    const [host, ada, bob] = await Promise.all([
      signInGuest("host"),
      signInGuest("ada"),
      signInGuest("bob"),
    ]);
    const codeOf = async (sessionId: string, token = ada.accessToken) => {
      const res = await call("POST", `/v1/sessions/${sessionId}/join`, token);
      return [res.status, ((await res.json()) as { error?: { code: string } }).error?.code];
    };
    expect(await codeOf("ls_000000000000000000000000")).toEqual([404, "session_not_found"]);
    expect(await codeOf("bad id!")).toEqual([400, "invalid_session_id"]);
    const room = await call("POST", "/v1/sessions/join-or-create", ada.accessToken, {
      mode: "ps-room",
    });
    const { joinTicket } = (await room.json()) as { joinTicket: { roomId: string } };
    expect(await codeOf(joinTicket.roomId)).toEqual([400, "room_session"]);
    const invited = await register(host.accessToken, {
      access: "ticket",
      members: [ada.accountId],
    });
    expect(await codeOf(invited.sessionId, bob.accessToken)).toEqual([403, "not_invited"]);
    expect((await join(ada.accessToken, invited.sessionId)).kind).toBe("listen");
    // Unauthenticated: the API's usual 401.
    expect((await call("POST", `/v1/sessions/${invited.sessionId}/join`, undefined)).status).toBe(
      401,
    );
  });

  it("refuses a join with 409 while the session has as many peers as its capacity", async () => {
    const [host, ada, bob] = await Promise.all([
      signInGuest("host"),
      signInGuest("ada"),
      signInGuest("bob"),
    ]);
    const reg = await register(host.accessToken, { capacity: 2 });
    const [hostSocket] = await PeerSessionSocket.join(reg.signalUrl, reg.ticket);
    const adaTicket = await join(ada.accessToken, reg.sessionId);
    const [adaSocket] = await PeerSessionSocket.join(adaTicket.signalUrl, adaTicket.ticket);
    const full = await call("POST", `/v1/sessions/${reg.sessionId}/join`, bob.accessToken);
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ error: { code: "session_full" } });
    // A ticket taken before the session filled is refused on the socket with 4005.
    const late = await PeerSessionSocket.open(adaTicket.signalUrl, adaTicket.ticket);
    expect((await late.closed).code).toBe(CLOSE.ROOM_FULL.code);
    adaSocket.close();
    hostSocket.close();
  });

  it("warns a joining player far from the session's region, as rooms do", async () => {
    const [host, ada] = await Promise.all([signInGuest("host"), signInGuest("ada")]);
    const reg = await register(host.accessToken, { region: "apac" });
    const paris = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };
    const res = await call(
      "POST",
      `/v1/sessions/${reg.sessionId}/join`,
      ada.accessToken,
      undefined,
      {},
      paris,
    );
    const joined = (await res.json()) as Joined;
    expect(joined.regionId).toBe("apac");
    // Paris → Singapore is ~10,700 km: 10 + 0.015 × 10,700 ≈ 170 ms, over the 150 ms threshold.
    expect(joined.warnings).toEqual([
      expect.objectContaining({ accountId: ada.accountId, regionId: "apac" }),
    ]);
    expect(joined.warnings[0]!.expectedMs).toBeGreaterThan(150);
    const singapore = { latitude: "1.3", longitude: "103.8", continent: "AS" };
    const near = await call(
      "POST",
      `/v1/sessions/${reg.sessionId}/join`,
      ada.accessToken,
      undefined,
      {},
      singapore,
    );
    expect(((await near.json()) as Joined).warnings).toEqual([]);
  });
});

describe("peer session signaling", () => {
  it("welcomes the host and each peer with ids in join order, the others and ICE servers", async () => {
    const { reg, accounts, sockets, welcomes } = await listenSession();
    expect(welcomes.host).toMatchObject({
      type: "welcome",
      sessionId: reg.sessionId,
      kind: "listen",
      peerId: 1,
      hostPeerId: 1,
      epoch: 0,
      peers: [],
      maxRelayFrameBytes: MAX_RELAY_FRAME_BYTES,
    });
    expect(welcomes.ada).toMatchObject({
      peerId: 2,
      hostPeerId: 1,
      peers: [{ peerId: 1, name: "host", accountId: accounts.host.accountId }],
    });
    expect(welcomes.bob.peers).toEqual([
      { peerId: 1, name: "host", accountId: accounts.host.accountId },
      { peerId: 2, name: "ada", accountId: accounts.ada.accountId },
    ]);
    expect(await sockets.host.next("peer-joined", (m) => m.peer.peerId === 3)).toEqual({
      type: "peer-joined",
      peer: { peerId: 3, name: "bob", accountId: accounts.bob.accountId },
    });
    // STUN as configured; TURN with a REST credential for this account, valid for an hour.
    const [stun, turn] = welcomes.ada.iceServers;
    expect(stun).toEqual({ urls: ["stun:stun.edgetick.test:3478"] });
    expect(turn?.urls).toEqual(["turn:turn.edgetick.test:3478?transport=udp"]);
    const [expiry, account] = turn!.username!.split(":");
    expect(account).toBe(accounts.ada.accountId);
    expect(Number(expiry) * 1000 - Date.now()).toBeGreaterThan(3_500_000);
    expect(turn!.credential).toBe(await hmacSha1("edgetick-test-turn-secret", turn!.username!));
    for (const s of Object.values(sockets)) s.close();
  });

  it("names a peer as it asked at join, else by its account's display name", async () => {
    const [host, ada] = await Promise.all([signInGuest("host"), signInGuest("ada")]);
    const reg = await register(host.accessToken, { name: "the host" });
    const [hostSocket, hostWelcome] = await PeerSessionSocket.join(reg.signalUrl, reg.ticket);
    expect(hostWelcome.peerId).toBe(1);
    const joined = await join(ada.accessToken, reg.sessionId, { name: "Ada L." });
    const [adaSocket, adaWelcome] = await PeerSessionSocket.join(joined.signalUrl, joined.ticket);
    expect(adaWelcome.peers[0]?.name).toBe("the host");
    expect((await hostSocket.next("peer-joined")).peer.name).toBe("Ada L.");
    adaSocket.close();
    hostSocket.close();
  });

  it("forwards signals between peers as { from, data }", async () => {
    const { sockets } = await listenSession();
    const offer = {
      kind: "description",
      description: { type: "offer", sdp: "v=0 o=ada" },
    } as const;
    sockets.ada.send({ type: "signal", to: 3, data: offer });
    expect(await sockets.bob.next("signal")).toEqual({ type: "signal", from: 2, data: offer });
    const candidate = {
      kind: "candidate",
      candidate: { candidate: "candidate:1 1 udp 1 10.0.0.2 5000 typ host", sdpMid: "0" },
    } as const;
    sockets.bob.send({ type: "signal", to: 2, data: candidate });
    expect(await sockets.ada.next("signal")).toEqual({ type: "signal", from: 3, data: candidate });
    expect(sockets.host.messages.filter((m) => m.type === "signal")).toEqual([]);
    for (const s of Object.values(sockets)) s.close();
  });

  it("relays binary frames to the peer in the header, rewritten to name the sender", async () => {
    const { sockets } = await listenSession();
    sockets.ada.sendRaw(encodeRelayFrame(1, false, new Uint8Array([1, 2, 3])));
    const atHost = await sockets.host.frame(0);
    expect([...atHost]).toEqual([0, 2, 0, 1, 2, 3]);
    sockets.host.sendRaw(encodeRelayFrame(3, true, new Uint8Array([42])));
    const atBob = decodeRelayFrame(await sockets.bob.frame(0));
    expect(atBob.ok && atBob.value).toEqual({
      peerId: 1,
      unreliable: true,
      payload: new Uint8Array([42]),
    });
    expect(sockets.ada.frames).toEqual([]);
    for (const s of Object.values(sockets)) s.close();
  });

  it("refuses bad frames with an error and keeps the socket open", async () => {
    const { sockets } = await listenSession();
    const { ada, host, bob } = sockets;
    const errors = async (n: number) => {
      const list = () => ada.messages.filter((m) => m.type === "error");
      await ada.next("error", () => list().length >= n);
      return list().map((m) => m.type === "error" && m.code);
    };
    ada.sendRaw("{nope");
    ada.send({ type: "signal", to: 9, data: { kind: "candidate", candidate: null } });
    ada.sendRaw(JSON.stringify({ type: "signal", to: 1 }));
    ada.send({ type: "roster", players: [{ peerId: 2, playerId: 1 }] });
    ada.sendRaw(encodeRelayFrame(9, false, new Uint8Array(4)));
    ada.sendRaw(encodeRelayFrame(1, false, new Uint8Array(MAX_RELAY_FRAME_BYTES)));
    ada.sendRaw(new Uint8Array([0, 1]));
    expect(await errors(7)).toEqual([
      SIGNAL_ERROR.MALFORMED_FRAME,
      SIGNAL_ERROR.UNKNOWN_PEER,
      SIGNAL_ERROR.INVALID_MESSAGE,
      SIGNAL_ERROR.NOT_HOST,
      SIGNAL_ERROR.UNKNOWN_PEER,
      SIGNAL_ERROR.FRAME_TOO_LARGE,
      SIGNAL_ERROR.MALFORMED_RELAY_FRAME,
    ]);
    // Still open: a good signal goes through.
    ada.send({ type: "signal", to: 3, data: { kind: "candidate", candidate: null } });
    expect((await bob.next("signal")).from).toBe(2);
    expect(host.frames).toEqual([]);
    for (const s of Object.values(sockets)) s.close();
  });

  it("closes with 4002 a text frame over the signaling limit", async () => {
    const { sockets } = await listenSession();
    sockets.bob.sendRaw(`"${"x".repeat(41_000)}"`);
    expect((await sockets.bob.closed).code).toBe(CLOSE.FRAME_TOO_LARGE.code);
    expect(await sockets.ada.next("peer-left")).toMatchObject({ peerId: 3 });
    sockets.ada.close();
    sockets.host.close();
  });

  it("refuses a peer with 4400 while a listen session's host has not connected", async () => {
    const [host, ada] = await Promise.all([signInGuest("host"), signInGuest("ada")]);
    const reg = await register(host.accessToken);
    const joined = await join(ada.accessToken, reg.sessionId);
    const early = await PeerSessionSocket.open(joined.signalUrl, joined.ticket);
    expect((await early.closed).code).toBe(CLOSE.HOST_LEFT.code);
  });
});

describe("peer session host migration", () => {
  it("elects the lowest peer id with epoch 1 and the last roster when the host leaves", async () => {
    const { sockets } = await listenSession();
    const roster = [
      { peerId: 2, playerId: 1 },
      { peerId: 3, playerId: 2 },
    ];
    sockets.host.send({ type: "roster", players: roster });
    // The roster is answered by nothing: a signal behind it proves it was handled.
    sockets.host.send({ type: "signal", to: 2, data: { kind: "candidate", candidate: null } });
    await sockets.ada.next("signal");
    sockets.host.close();
    for (const peer of [sockets.ada, sockets.bob]) {
      expect(await peer.next("peer-left")).toEqual({
        type: "peer-left",
        peerId: 1,
        reason: "left",
      });
      expect(await peer.next("host")).toEqual({ type: "host", hostPeerId: 2, epoch: 1, roster });
    }
    // The new host's roster is now the one accepted; the old peers' order is kept.
    sockets.ada.send({ type: "roster", players: [{ peerId: 3, playerId: 2 }] });
    sockets.bob.send({ type: "roster", players: [] });
    expect((await sockets.bob.next("error")).code).toBe(SIGNAL_ERROR.NOT_HOST);
    sockets.ada.close();
    sockets.bob.close();
  });

  it("ends the session when the last peer leaves: 4401 for later sockets, out of search", async () => {
    const { reg, accounts, sockets } = await listenSession();
    const spare = await join(accounts.ada.accessToken, reg.sessionId);
    sockets.host.close();
    await sockets.bob.next("host");
    sockets.ada.close();
    await sockets.bob.next("peer-left", (m) => m.peerId === 2);
    sockets.bob.close(3000);
    await sockets.bob.closed;
    // The object handles the close after the echo: poll for the end.
    let usage = await usageOf(accounts.host.accessToken, reg.sessionId);
    for (let i = 0; i < 40 && usage.body.ended !== true; i++) {
      await new Promise((r) => setTimeout(r, 25));
      usage = await usageOf(accounts.host.accessToken, reg.sessionId);
    }
    expect(usage.body).toMatchObject({ ended: true, peers: 0, peersJoined: 3 });
    const late = await PeerSessionSocket.open(spare.signalUrl, spare.ticket);
    expect((await late.closed).code).toBe(CLOSE.SESSION_ENDED.code);
    const again = await call(
      "POST",
      `/v1/sessions/${reg.sessionId}/join`,
      accounts.ada.accessToken,
    );
    expect(again.status).toBe(404);
    const search = await call(
      "GET",
      "/v1/sessions?mode=ps-test&limit=100",
      accounts.ada.accessToken,
    );
    const ids = ((await search.json()) as { sessions: { sessionId: string }[] }).sessions.map(
      (s) => s.sessionId,
    );
    expect(ids).not.toContain(reg.sessionId);
  });

  it("heartbeats the session in search with its connected peers, after its host left too", async () => {
    const { reg, accounts, sockets } = await listenSession();
    const playersInSearch = async () => {
      const res = await call(
        "GET",
        "/v1/sessions?mode=ps-test&limit=100",
        accounts.ada.accessToken,
      );
      const page = (await res.json()) as { sessions: { sessionId: string; players: number }[] };
      return page.sessions.find((s) => s.sessionId === reg.sessionId)?.players;
    };
    // Registered with players: 1; the object beats 1 s after the peers changed.
    const until = async (players: number) => {
      for (let i = 0; i < 60 && (await playersInSearch()) !== players; i++)
        await new Promise((r) => setTimeout(r, 50));
      return playersInSearch();
    };
    expect(await until(3)).toBe(3);
    sockets.host.close();
    await sockets.ada.next("host");
    expect(await until(2)).toBe(2);
    sockets.ada.close();
    sockets.bob.close();
  });

  it("closes every peer with 4401 when the host removes the session", async () => {
    const { reg, accounts, sockets } = await listenSession();
    const removed = await call(
      "DELETE",
      `/v1/sessions/${reg.sessionId}`,
      accounts.host.accessToken,
    );
    expect(removed.status).toBe(204);
    for (const s of Object.values(sockets))
      expect((await s.closed).code).toBe(CLOSE.SESSION_ENDED.code);
  });

  it("has no host in a P2P session: null in every welcome, no election, no roster", async () => {
    const [a, b, c] = await Promise.all([signInGuest("a"), signInGuest("b"), signInGuest("c")]);
    const reg = await register(a.accessToken, { kind: "p2p" });
    const [sa, wa] = await PeerSessionSocket.join(reg.signalUrl, reg.ticket);
    const jb = await join(b.accessToken, reg.sessionId);
    const [sb, wb] = await PeerSessionSocket.join(jb.signalUrl, jb.ticket);
    const jc = await join(c.accessToken, reg.sessionId);
    const [sc, wc] = await PeerSessionSocket.join(jc.signalUrl, jc.ticket);
    expect([wa, wb, wc].map((w) => [w.kind, w.peerId, w.hostPeerId])).toEqual([
      ["p2p", 1, null],
      ["p2p", 2, null],
      ["p2p", 3, null],
    ]);
    sa.send({ type: "roster", players: [] });
    expect((await sa.next("error")).code).toBe(SIGNAL_ERROR.NOT_HOST);
    sa.close();
    await sb.next("peer-left");
    await sc.next("peer-left");
    // No host message follows: a signal sent after the departure arrives first and alone.
    sb.send({ type: "signal", to: 3, data: { kind: "candidate", candidate: null } });
    await sc.next("signal");
    expect([...sb.messages, ...sc.messages].filter((m) => m.type === "host")).toEqual([]);
    sb.close();
    sc.close();
  });
});

describe("peer session signaling socket refusals", () => {
  it("refuses bad, expired, misdirected and wrong-audience tickets with 4xx before the object", async () => {
    const host = await signInGuest("host");
    const reg = await register(host.accessToken);
    const other = await register(host.accessToken);
    const expired = await sessionTicket(host.accountId, reg.sessionId, {
      now: Date.now() - 3_600_000,
    });
    const cases: [string, string, number, string][] = [
      ["empty", "", 401, "missing_credentials"],
      ["garbage", "not.a.token", 401, "malformed_token"],
      ["expired", expired, 401, "token_expired"],
      ["another session's", other.ticket, 401, "wrong_session"],
      ["an access token", await mintAccessToken(host.accountId, ["player"]), 401, "wrong_audience"],
      [
        "a room's join ticket",
        await mintJoinTicket(host.accountId, reg.sessionId),
        401,
        "wrong_audience",
      ],
    ];
    for (const [what, ticket, status, code] of cases) {
      const res = await PeerSessionSocket.request(reg.signalUrl, ticket);
      const body = (await res.json()) as { error: { code: string } };
      expect([what, res.status, body.error.code]).toEqual([what, status, code]);
    }
    // The session's own ticket is fine: the refusals above never reached its object.
    const usage = await usageOf(host.accessToken, reg.sessionId);
    expect(usage.body.peersJoined).toBe(0);
    const plain = await PeerSessionSocket.request(reg.signalUrl, reg.ticket, false);
    expect([
      plain.status,
      ((await plain.json()) as { error: { code: string } }).error.code,
    ]).toEqual([426, "upgrade_required"]);
    const noTicket = await call("GET", `${reg.signalUrl}`, undefined, undefined, {
      Upgrade: "websocket",
    });
    expect(noTicket.status).toBe(400);
    const unknown = "ls_00000000000000000000ffff";
    const stray = await PeerSessionSocket.request(
      `/v1/sessions/${unknown}/signal`,
      await sessionTicket(host.accountId, unknown),
    );
    expect(stray.status).toBe(404);
    expect(await stray.json()).toMatchObject({ error: { code: "session_not_found" } });
    const badId = await PeerSessionSocket.request("/v1/sessions/nope/signal", reg.ticket);
    expect(badId.status).toBe(400);
  });

  it("ignores an identity header sent from outside", async () => {
    const [host, eve] = await Promise.all([signInGuest("host"), signInGuest("eve")]);
    const reg = await register(host.accessToken);
    const [hostSocket] = await PeerSessionSocket.join(reg.signalUrl, reg.ticket);
    const joined = await join(eve.accessToken, reg.sessionId);
    const forged = encodeURIComponent(
      JSON.stringify({ accountId: host.accountId, name: "host", role: "host", iceServers: [] }),
    );
    const res = await call(
      "GET",
      `${joined.signalUrl}?ticket=${joined.ticket}`,
      undefined,
      undefined,
      {
        Upgrade: "websocket",
        "X-Edgetick-Signal-Identity": forged,
      },
    );
    const ws = res.webSocket!;
    ws.accept();
    const welcome = await new Promise<{ peerId: number; peers: unknown[] }>((resolve) =>
      ws.addEventListener("message", (e) => resolve(JSON.parse(e.data as string))),
    );
    expect(welcome.peerId).toBe(2);
    expect((await hostSocket.next("peer-joined")).peer.accountId).toBe(eve.accountId);
    ws.close(1000);
    hostSocket.close();
  });
});

describe("peer session usage", () => {
  it("counts relayed frames, bytes and signals, for the host or an admin, and keeps them", async () => {
    const { reg, accounts, sockets } = await listenSession();
    sockets.ada.sendRaw(encodeRelayFrame(1, false, new Uint8Array(10)));
    sockets.bob.sendRaw(encodeRelayFrame(1, true, new Uint8Array(20)));
    await sockets.host.frame(1);
    sockets.ada.send({ type: "signal", to: 3, data: { kind: "candidate", candidate: null } });
    await sockets.bob.next("signal");
    const expected = {
      sessionId: reg.sessionId,
      kind: "listen",
      hostAccount: accounts.host.accountId,
      ended: false,
      peers: 3,
      peersJoined: 3,
      relayFrames: 2,
      // (3 + 10) + (3 + 20) bytes.
      relayBytes: 36,
      relayDroppedFrames: 0,
      signalMessages: 1,
    };
    expect(await usageOf(accounts.host.accessToken, reg.sessionId)).toEqual({
      status: 200,
      body: expected,
    });
    const admin = await signInWithRoles(["admin"]);
    expect((await usageOf(admin.accessToken, reg.sessionId)).status).toBe(200);
    const denied = await usageOf(accounts.ada.accessToken, reg.sessionId);
    expect(denied).toMatchObject({ status: 403, body: { error: { code: "not_session_host" } } });
    expect((await usageOf(admin.accessToken, "ls_0000000000000000000000ee")).status).toBe(404);
    // Persisted when the peers leave: the counts survive the object's eviction.
    for (const s of Object.values(sockets)) s.close();
    let after = await usageOf(accounts.host.accessToken, reg.sessionId);
    for (let i = 0; i < 40 && after.body.ended !== true; i++) {
      await new Promise((r) => setTimeout(r, 25));
      after = await usageOf(accounts.host.accessToken, reg.sessionId);
    }
    const ns = env.PEER_SESSION!;
    await evictDurableObject(ns.get(ns.idFromName(reg.sessionId)));
    expect((await usageOf(accounts.host.accessToken, reg.sessionId)).body).toEqual({
      ...expected,
      ended: true,
      peers: 0,
    });
  });
});
