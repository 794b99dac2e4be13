import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { GameRoom } from "../../durable-objects/game-room/game-room.js";
import { ARENA_STATS_KEY, arena } from "../../games/arena/index.js";
import { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest } from "./sign-in.js";

interface Doc {
  key: string;
  version: number;
  schemaVersion: number;
  value: unknown;
}

async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  ms = 3000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("GET/PUT /v1/players/me/data/:key", () => {
  it("creates a document at version 1, updates it from the version read, and refuses a stale version with 409", async () => {
    const s = await signInGuest();
    const put = (version: number, value: unknown) =>
      call("PUT", "/v1/players/me/data/settings", s.accessToken, { version, value });
    expect((await call("GET", "/v1/players/me/data/settings", s.accessToken)).status).toBe(404);
    expect(await (await put(0, { volume: 3 })).json()).toMatchObject({
      key: "settings",
      version: 1,
      schemaVersion: 1,
    });
    expect(await (await put(1, { volume: 4 })).json()).toMatchObject({
      version: 2,
      value: { volume: 4 },
    });
    const stale = await put(1, { volume: 9 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({
      error: { code: "version_conflict", message: "stored version is 2, not 1" },
    });
    expect((await put(0, {})).status).toBe(409);
    const got = (await (
      await call("GET", "/v1/players/me/data/settings", s.accessToken)
    ).json()) as Doc;
    expect(got).toMatchObject({ version: 2, value: { volume: 4 } });
  });

  it("answers a repeated request with the same Idempotency-Key with the same document, written once", async () => {
    const s = await signInGuest();
    const headers = { "Idempotency-Key": "save-0001-abcdef" };
    const send = () =>
      call("PUT", "/v1/players/me/data/slot", s.accessToken, { version: 0, value: 1 }, headers);
    const [a, b] = [await send(), await send()];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(((await b.json()) as Doc).version).toBe(1);
    const n = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'data_write' AND target = ?",
    )
      .bind(s.accountId)
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it("keeps each player's documents apart", async () => {
    const [a, b] = [await signInGuest(), await signInGuest()];
    await call("PUT", "/v1/players/me/data/secret", a.accessToken, { version: 0, value: "a" });
    expect((await call("GET", "/v1/players/me/data/secret", b.accessToken)).status).toBe(404);
  });

  it("upgrades an old save on read with the registered upgrade functions", async () => {
    const s = await signInGuest();
    await env.DB.prepare(
      "INSERT INTO player_data (player_id, key, version, schema_version, value, write_id, updated_at) VALUES (?, ?, 5, 1, ?, 'old', 1)",
    )
      .bind(s.accountId, ARENA_STATS_KEY, JSON.stringify({ joins: 3 }))
      .run();
    const res = await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken);
    expect(await res.json()).toMatchObject({
      version: 5,
      schemaVersion: 2,
      value: { joins: 3, ticksPlayed: 0, lastRoom: null },
    });
  });

  it("refuses a schema version newer than the server knows, on write (400) and on read (409)", async () => {
    const s = await signInGuest();
    const write = await call("PUT", "/v1/players/me/data/settings", s.accessToken, {
      version: 0,
      schemaVersion: 3,
      value: {},
    });
    expect(write.status).toBe(400);
    await env.DB.prepare(
      "INSERT INTO player_data (player_id, key, version, schema_version, value, write_id, updated_at) VALUES (?, ?, 1, 3, '{}', 'future', 1)",
    )
      .bind(s.accountId, ARENA_STATS_KEY)
      .run();
    const read = await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken);
    expect(read.status).toBe(409);
  });

  it("refuses a player's write of a document the game's rooms keep (403), and leaves it as it was", async () => {
    const s = await signInGuest();
    const write = await call("PUT", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken, {
      version: 0,
      value: { joins: 1_000_000, ticksPlayed: 0, lastRoom: null },
    });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ error: { code: "room_document" } });
    expect(
      (await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken)).status,
    ).toBe(404);
    // A key no game declares stays the player's.
    const own = await call("PUT", "/v1/players/me/data/settings", s.accessToken, {
      version: 0,
      value: 1,
    });
    expect(own.status).toBe(200);
  });

  it("refuses bad keys, missing values, oversized documents and missing tokens", async () => {
    const s = await signInGuest();
    const bad = await call("GET", "/v1/players/me/data/no%20spaces", s.accessToken);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_key");
    expect((await call("GET", `/v1/players/me/data/${"k".repeat(64)}`, s.accessToken)).status).toBe(
      404,
    );
    expect((await call("GET", `/v1/players/me/data/${"k".repeat(65)}`, s.accessToken)).status).toBe(
      400,
    );
    expect((await call("PUT", "/v1/players/me/data/x", s.accessToken, { version: 0 })).status).toBe(
      400,
    );
    const big = await call("PUT", "/v1/players/me/data/x", s.accessToken, {
      version: 0,
      value: "x".repeat(70_000),
    });
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
      "document_too_large",
    );
    expect((await exports.default.fetch("http://edgetick.test/v1/players/me/data/x")).status).toBe(
      401,
    );
  });
});

describe("DocumentSchemas", () => {
  it("chains upgrades from any old version and refuses versions it does not know", () => {
    const schemas = new DocumentSchemas({
      doc: { version: 3, upgrades: { 1: (v) => ({ a: v }), 2: (v) => ({ b: v }) } },
    });
    expect(schemas.upgrade("doc", 1, 0)).toEqual({
      ok: true,
      value: { b: { a: 0 } },
      schemaVersion: 3,
    });
    expect(schemas.upgrade("doc", 3, "same")).toEqual({
      ok: true,
      value: "same",
      schemaVersion: 3,
    });
    expect(schemas.upgrade("doc", 4, {}).ok).toBe(false);
    expect(schemas.upgrade("doc", 0, {}).ok).toBe(false);
    expect(schemas.upgrade("unregistered", 1, 7)).toEqual({ ok: true, value: 7, schemaVersion: 1 });
  });

  it("refuses a registry with a gap in its upgrades, naming it", () => {
    expect(() => new DocumentSchemas({ doc: { version: 3, upgrades: { 1: (v) => v } } })).toThrow(
      "schemas.doc.upgrades[2] is missing",
    );
    expect(() => new DocumentSchemas({ doc: { version: 0 } })).toThrow("schemas.doc.version");
    expect(new DocumentSchemas(arena.playerData!.schemas).currentVersion(ARENA_STATS_KEY)).toBe(2);
  });
});

describe("player data in rooms", () => {
  it("loads on join, saves on leave, and the saved data is readable over HTTP", async () => {
    const s = await signInGuest("ada");
    const room = await RoomSocket.join("data-room", "ada", s.accessToken);
    const first = await room.stateAfter(0);
    await room.stateAfter(first.tick + 5);
    room.close();
    const stats = await eventually(async () => {
      const res = await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken);
      return res.status === 200 ? ((await res.json()) as Doc) : undefined;
    }, "the room saved the stats");
    expect(stats).toMatchObject({
      version: 1,
      schemaVersion: 2,
      value: { joins: 1, lastRoom: "data-room" },
    });
    expect((stats.value as { ticksPlayed: number }).ticksPlayed).toBeGreaterThanOrEqual(5);

    // Joining again reads what was saved and builds on it.
    const again = await RoomSocket.join("data-room-2", "ada", s.accessToken);
    await again.stateAfter(0);
    again.close();
    const next = await eventually(async () => {
      const doc = (await (
        await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken)
      ).json()) as Doc;
      return doc.version === 2 ? doc : undefined;
    }, "the second room saved");
    expect(next.value).toMatchObject({ joins: 2, lastRoom: "data-room-2" });
  });

  it("saves changed data periodically while the player is still in the room", async () => {
    const s = await signInGuest("bob");
    const room = await RoomSocket.join("data-flush", "bob", s.accessToken);
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName("data-flush"));
    await runInDurableObject(stub, async (instance: GameRoom) => {
      await instance.playerData!.settled();
      await instance.playerData!.flush();
    });
    const res = await call("GET", `/v1/players/me/data/${ARENA_STATS_KEY}`, s.accessToken);
    expect(await res.json()).toMatchObject({ version: 1, value: { joins: 1, ticksPlayed: 0 } });
    room.close();
  });
});
