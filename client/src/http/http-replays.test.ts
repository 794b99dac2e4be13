// The HTTP client's replay and spectator-ticket calls against a fake Worker: paths, query,
// validated answers, chunk bytes, errors; and openReplay playing a replay fetched through it.
import { describe, expect, it } from "vitest";
import { arenaGame, listShips } from "../../../games/arena/index.js";
import type { Session } from "../../../shared/http/auth-schemas.js";
import { recordMatch } from "../../../test/support/room/recorded-match.js";
import { openReplay } from "../replay/open-replay.js";
import { REPLAY_ERROR, ReplayError } from "../replay/replay-error.js";
import { createHttpClient } from "./http-client.js";
import { HTTP_CLIENT_CODE, HttpError } from "./http-error.js";
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

const MATCH = recordMatch(90);
const REPLAY_ID = "rp_019a4b2c3d4e7f3a9c1e5b7d";

interface Sent {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
}

/** A fake Worker answering `route(req)` as a Response (so both text() and arrayBuffer() work). */
function client(route: (req: Sent) => Response) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: HttpRequestInit): Promise<HttpAnswer> => {
    const req = { method: init.method, url: new URL(url), headers: init.headers };
    sent.push(req);
    return route(req);
  };
  const http = createHttpClient({ baseUrl: "http://edgetick.test", fetch, session: SESSION });
  return { http, sent };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const error = (status: number, code: string) =>
  json({ error: { code, message: `${code} here` } }, status);

/** The Worker's replay routes over MATCH. */
function replayServer(req: Sent): Response {
  const path = req.url.pathname;
  if (path === `/v1/replays/${REPLAY_ID}`) return json(MATCH.manifest);
  const chunk = path.match(/^\/v1\/replays\/rp_[0-9a-f]{24}\/chunks\/(\d+)$/);
  if (chunk) {
    const bytes = MATCH.chunks[Number(chunk[1])];
    return bytes ? new Response(new Uint8Array(bytes)) : error(404, "chunk_not_found");
  }
  return error(404, "replay_not_found");
}

const SUMMARY = {
  replayId: REPLAY_ID,
  roomId: "mm-duel-7f3a9c1e",
  game: "arena",
  mode: "duel",
  region: "weur",
  access: "ticket",
  startedAt: 1767225000000,
  endedAt: 1767225184000,
  durationMs: 184000,
  players: [{ playerId: 1, name: "ada" }],
  chunks: 19,
  sizeBytes: 412330,
};

describe("HttpClient replays", () => {
  it("lists replays with the filters as the route's query, and validates the page", async () => {
    const { http, sent } = client(() => json({ replays: [SUMMARY], next: "20" }));
    const page = await http.listReplays({
      game: "arena",
      mine: true,
      from: "2026-11-01",
      to: new Date(Date.UTC(2026, 10, 30, 12)),
      limit: 20,
      cursor: "20",
    });
    expect(page).toEqual({ replays: [SUMMARY], next: "20" });
    const { method, url, headers } = sent[0]!;
    expect([method, url.pathname, headers.Authorization]).toEqual([
      "GET",
      "/v1/replays",
      "Bearer at-1",
    ]);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      game: "arena",
      cursor: "20",
      mine: "true",
      from: "2026-11-01",
      to: "2026-11-30T12:00:00.000Z",
      limit: "20",
    });
    await http.listReplays({ player: SESSION.accountId });
    expect(sent[1]!.url.search).toBe(`?player=${SESSION.accountId}`);
  });

  it("refuses a listing that does not match the schema", async () => {
    const { http } = client(() => json({ replays: [{ ...SUMMARY, chunks: "19" }], next: null }));
    const e = (await http.listReplays().catch((x: unknown) => x)) as HttpError;
    expect([e.code, e.message]).toEqual([
      HTTP_CLIENT_CODE.INVALID_RESPONSE,
      "GET /v1/replays: replays.0.chunks: Invalid input: expected number, received string",
    ]);
  });

  it("gets a replay's manifest validated, and refuses one whose chunks do not tile its ticks", async () => {
    const good = client(replayServer);
    expect(await good.http.getReplay(REPLAY_ID)).toEqual(MATCH.manifest);
    const chunks = MATCH.manifest.chunks.slice(1);
    const bad = client(() => json({ ...MATCH.manifest, chunks }));
    const e = (await bad.http.getReplay(REPLAY_ID).catch((x: unknown) => x)) as HttpError;
    expect(e.code).toBe(HTTP_CLIENT_CODE.INVALID_RESPONSE);
    expect(e.message).toBe(`GET /v1/replays/${REPLAY_ID}: body: chunks[0].index must be 0`);
  });

  it("gets a chunk's bytes as stored, and the server's error for a missing one", async () => {
    const { http, sent } = client(replayServer);
    const bytes = await http.getReplayChunk(REPLAY_ID, 2);
    expect(bytes).toEqual(MATCH.chunks[2]);
    expect(sent[0]!.url.pathname).toBe(`/v1/replays/${REPLAY_ID}/chunks/2`);
    expect(sent[0]!.headers.Accept).toBe("application/octet-stream");
    const e = (await http.getReplayChunk(REPLAY_ID, 9).catch((x: unknown) => x)) as HttpError;
    expect([e.status, e.code]).toEqual([404, "chunk_not_found"]);
    expect(() => http.getReplayChunk(REPLAY_ID, -1)).toThrow(RangeError);
  });

  it("says so when the fetch given cannot read bytes", async () => {
    const fetch = async () => ({ status: 200, text: async () => "" });
    const http = createHttpClient({ baseUrl: "http://edgetick.test", fetch, session: SESSION });
    const e = (await http.getReplayChunk(REPLAY_ID, 0).catch((x: unknown) => x)) as HttpError;
    expect([e.code, e.message]).toEqual([
      HTTP_CLIENT_CODE.INVALID_RESPONSE,
      `GET /v1/replays/${REPLAY_ID}/chunks/0: the fetch given answers no arrayBuffer() to read bytes with`,
    ]);
  });

  it("creates a spectator ticket for a room", async () => {
    const ticket = { ticket: "eyJ.x.y", roomId: "mm-duel-7f3a9c1e", expiresAt: 1767225660000 };
    const { http, sent } = client((req) =>
      req.url.pathname === "/v1/rooms/mm-duel-7f3a9c1e/spectator-tickets"
        ? json(ticket)
        : error(403, "not_invited"),
    );
    expect(await http.createSpectatorTicket("mm-duel-7f3a9c1e")).toEqual(ticket);
    expect(sent[0]!.method).toBe("POST");
    const e = (await http.createSpectatorTicket("other").catch((x: unknown) => x)) as HttpError;
    expect([e.status, e.code]).toEqual([403, "not_invited"]);
  });
});

describe("openReplay", () => {
  it("fetches the manifest and chunks through the API and lands on the first state", async () => {
    const { http, sent } = client(replayServer);
    const replay = await openReplay(http, REPLAY_ID, arenaGame);
    expect(replay.tick).toBe(0);
    expect(listShips(replay.world)).toEqual(MATCH.states.get(0));
    await replay.seek(2500);
    expect(listShips(replay.world)).toEqual(MATCH.states.get(75));
    expect(sent.map((r) => r.url.pathname)).toContain(`/v1/replays/${REPLAY_ID}/chunks/2`);
  });

  it("refuses a replay of another schema with the ReplayError naming both", async () => {
    const { http } = client(() => json({ ...MATCH.manifest, schema: 1 }));
    const e = await openReplay(http, REPLAY_ID, arenaGame).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReplayError);
    expect((e as ReplayError).code).toBe(REPLAY_ERROR.SCHEMA_MISMATCH);
    expect((e as ReplayError).message).toContain("schema 0x00000001");
  });

  it("passes on the API's 404 for a replay the caller may not watch", async () => {
    const { http } = client(replayServer);
    const e = await openReplay(http, "rp_000000000000000000000000", arenaGame).catch((x) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).code).toBe("replay_not_found");
  });
});
