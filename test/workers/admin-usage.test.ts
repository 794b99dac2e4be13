// The metered usage as admins read it: a real room session and a failed sign-in show in
// GET /v1/admin/metrics' current minute; rows of known usage come back priced by match from
// GET /v1/admin/costs exactly as costOf prices them; the hourly cron drops rows past retention.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { costOf, NO_USAGE } from "../../server/costs/metered-cost.js";
import { minuteOf, type UsageRow } from "../../server/metering/usage-meter.js";
import { usageStatements } from "../../server/metering/usage-repository.js";
import type { Env } from "../../workers/env.js";
import { runScheduled } from "../../workers/scheduled.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, post, signInGuest, signInWithRoles } from "./sign-in.js";

interface Metrics {
  minutes: number[];
  series: Record<string, (number | null)[]>;
}

function row(over: Partial<UsageRow>): UsageRow {
  return {
    kind: "room",
    objectId: "r",
    matchId: "r",
    game: "arena",
    mode: "arena",
    region: "",
    minute: minuteOf(Date.now()),
    ...NO_USAGE,
    ticks: 0,
    matches: 0,
    matchWaitMs: 0,
    signInFailures: 0,
    playersPeak: 0,
    queuePeak: 0,
    tickMsP50: null,
    tickMsP99: null,
    ...over,
  };
}

describe("GET /v1/admin/metrics", () => {
  it("shows a room that just played and a failed sign-in in the current minute", async () => {
    const admin = await signInWithRoles(["admin"]);
    const a = await RoomSocket.join("metrics-room", "ada");
    a.sendInputs(0, [1]);
    await a.stateAfter(2);
    a.close();
    // A sign-in refused for a malformed device id.
    expect((await post("/v1/auth/guest", { deviceId: "?", name: "x" })).status).toBe(400);
    // Summed over the range: a run that crosses a minute's boundary finds them a minute back.
    const total = (b: Metrics, name: string) =>
      b.series[name]!.reduce((sum: number, v) => sum + (v ?? 0), 0);
    const asked = minuteOf(Date.now());
    const m = await eventually(async () => {
      const res = await call("GET", "/v1/admin/metrics?minutes=5", admin.accessToken);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Metrics;
      return total(body, "rooms") >= 1 && total(body, "signInFailures") >= 1 ? body : undefined;
    }, "the room and the failure in the last minutes");
    expect(m.minutes).toHaveLength(5);
    expect(m.minutes[4]).toBeGreaterThanOrEqual(asked);
    for (let i = 1; i < 5; i++) expect(m.minutes[i]! - m.minutes[i - 1]!).toBe(60_000);
    expect(total(m, "players")).toBeGreaterThanOrEqual(1);
    expect(total(m, "bytesOutPerSecond")).toBeGreaterThan(0);
    expect(total(m, "costUsdPerHour")).toBeGreaterThan(0);
    const player = await signInGuest("nosy");
    expect((await call("GET", "/v1/admin/metrics", player.accessToken)).status).toBe(403);
  }, 30_000);
});

describe("GET /v1/admin/costs", () => {
  it("prices a match's metered rows as costOf does, summed over its minutes and objects", async () => {
    const admin = await signInWithRoles(["admin"]);
    const minute = minuteOf(Date.now()) - 10 * 60_000;
    const match = `costed-${crypto.randomUUID().slice(0, 8)}`;
    const rows = [
      row({
        objectId: match,
        matchId: match,
        minute,
        activeMs: 60_000,
        wsMessagesIn: 18_000,
        httpRequests: 10,
        d1RowsWritten: 4,
      }),
      row({
        objectId: match,
        matchId: match,
        minute: minute + 60_000,
        activeMs: 30_000,
        wsMessagesIn: 9_000,
        storageWrites: 6,
      }),
    ];
    await env.DB.batch(usageStatements(env.DB, rows));
    const res = await call(
      "GET",
      `/v1/admin/costs?groupBy=match&from=${minute}&to=${minute + 120_000}`,
      admin.accessToken,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      groups: { key: string; minutes: number; totalUsd: number; usage: Record<string, number> }[];
    };
    const g = body.groups.find((x) => x.key === match)!;
    expect(g.minutes).toBe(2);
    expect(g.usage).toMatchObject({
      activeMs: 90_000,
      wsMessagesIn: 27_000,
      httpRequests: 10,
      storageWrites: 6,
    });
    const expected = costOf({
      activeMs: 90_000,
      httpRequests: 10,
      wsMessagesIn: 27_000,
      wsMessagesOut: 0,
      bytesIn: 0,
      bytesOut: 0,
      d1RowsRead: 0,
      d1RowsWritten: 4,
      storageWrites: 6,
      relayBytes: 0,
      voiceBytes: 0,
    }).totalUsd;
    expect(g.totalUsd).toBeCloseTo(expected, 12);
    expect(g.totalUsd).toBeGreaterThan(0);
    const bad = await call("GET", "/v1/admin/costs?from=10&to=5", admin.accessToken);
    expect(bad.status).toBe(400);
    expect((await call("GET", "/v1/admin/costs?groupBy=planet", admin.accessToken)).status).toBe(
      400,
    );
  });

  it("groups by mode and by region", async () => {
    const admin = await signInWithRoles(["admin"]);
    const minute = minuteOf(Date.now()) - 20 * 60_000;
    const region = `r${crypto.randomUUID().slice(0, 6)}`;
    await env.DB.batch(
      usageStatements(env.DB, [
        row({ objectId: "m1", matchId: "m1", minute, mode: "duel", region, wsMessagesIn: 100 }),
        row({ objectId: "m2", matchId: "m2", minute, mode: "duel", region, wsMessagesIn: 50 }),
      ]),
    );
    const range = `from=${minute}&to=${minute + 60_000}`;
    const byRegion = (await (
      await call("GET", `/v1/admin/costs?groupBy=region&${range}`, admin.accessToken)
    ).json()) as { groups: { key: string; usage: { wsMessagesIn: number } }[] };
    expect(byRegion.groups.find((g) => g.key === region)?.usage.wsMessagesIn).toBe(150);
    const byMode = (await (
      await call("GET", `/v1/admin/costs?groupBy=mode&${range}`, admin.accessToken)
    ).json()) as { groups: { key: string }[] };
    expect(byMode.groups.map((g) => g.key)).toContain("arena:duel");
  });
});

describe("usage retention", () => {
  it("deletes rows older than USAGE_RETENTION_DAYS on the hourly run and keeps the rest", async () => {
    const now = Date.now();
    const old = row({
      objectId: "ancient",
      matchId: "ancient",
      minute: minuteOf(now - 31 * 86_400_000),
      activeMs: 1,
    });
    const recent = row({
      objectId: "recent",
      matchId: "recent",
      minute: minuteOf(now - 86_400_000),
      activeMs: 1,
    });
    await env.DB.batch(usageStatements(env.DB, [old, recent]));
    await runScheduled(env as unknown as Env, now);
    const left = await env.DB.prepare(
      "SELECT object_id FROM usage_minutes WHERE object_id IN ('ancient', 'recent')",
    ).all<{ object_id: string }>();
    expect(left.results.map((r) => r.object_id)).toEqual(["recent"]);
  });
});

describe("matchmaker usage", () => {
  it("counts the tickets it matched, how long they waited and its longest queue", async () => {
    const paris = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };
    const queue = (token: string) =>
      call("POST", "/v1/matchmaking/tickets", token, { mode: "duel", rating: 1500 }, {}, paris);
    const ada = await signInGuest("ada");
    const bob = await signInGuest("bob");
    const before = await matchmakerTotals();
    expect((await queue(ada.accessToken)).status).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    expect((await queue(bob.accessToken)).status).toBe(201);
    // The queue emptied with the match: its usage is written at once.
    const after = await eventually(async () => {
      const t = await matchmakerTotals();
      return t.matches >= before.matches + 2 ? t : undefined;
    }, "the matchmaker's usage written");
    expect(after.matches - before.matches).toBe(2);
    // Ada waited at least the 50 ms before Bob queued.
    expect(after.waited - before.waited).toBeGreaterThanOrEqual(50);
    expect(after.queuePeak).toBeGreaterThanOrEqual(1);
    expect(after.requests - before.requests).toBeGreaterThanOrEqual(2);
  });
});

async function matchmakerTotals() {
  const r = await env.DB.prepare(
    `SELECT coalesce(sum(matches), 0) matches, coalesce(sum(match_wait_ms), 0) waited,
       coalesce(max(queue_peak), 0) queuePeak, coalesce(sum(http_requests), 0) requests
     FROM usage_minutes WHERE kind = 'matchmaker' AND mode = 'duel'`,
  ).first<{ matches: number; waited: number; queuePeak: number; requests: number }>();
  return r!;
}

describe("lobby usage", () => {
  it("counts the calls that reached a lobby, under its code and game", async () => {
    const ada = await signInGuest("ada");
    const res = await call("POST", "/v1/lobbies", ada.accessToken, { settings: { game: "arena" } });
    expect(res.status).toBe(201);
    const { lobby } = (await res.json()) as { lobby: { code: string } };
    const code = lobby.code;
    expect((await call("GET", `/v1/lobbies/${code}`, ada.accessToken)).status).toBe(200);
    const r = await eventually(async () => {
      const row = await env.DB.prepare(
        "SELECT sum(http_requests) requests, max(game) game FROM usage_minutes WHERE kind = 'lobby' AND game = 'arena' AND object_id LIKE ?",
      )
        .bind(`%${code}%`)
        .first<{ requests: number | null; game: string | null }>();
      return row?.requests ? row : undefined;
    }, "the lobby's usage written");
    // The create and the describe: two RPC calls (written together or in two flushes).
    expect(r.requests).toBeGreaterThanOrEqual(1);
  });
});
