// The replay routes and retention through the real Worker: listing with its filters and
// visibility, serving manifests and chunk bytes with cache headers, 404s, and the scheduled
// handler deleting expired replays' rows and objects.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chunkKey, manifestKey, newReplayId } from "../../server/replays/replay-keys.js";
import { ReplayRepository } from "../../server/replays/replay-repository.js";
import worker from "../../workers/index.js";
import { seedReplay } from "./replay-fixtures.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";

interface Page {
  replays: { replayId: string; game: string; access: string; players: unknown[] }[];
  next: string | null;
}

async function list(token: string, query: string): Promise<Page> {
  const res = await call("GET", `/v1/replays?${query}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

const ids = (page: Page) => page.replays.map((r) => r.replayId);

const DAY = 86_400_000;

describe("listing replays", () => {
  it("shows public matches to anyone signed in and private ones to their players and staff", async () => {
    const [ada, bob, eve] = await Promise.all(["ada", "bob", "eve"].map((n) => signInGuest(n)));
    const mod = await signInWithRoles(["player", "moderator"]);
    const game = "rp-visibility";
    const t0 = Date.now() - 10 * 60_000;
    const open = await seedReplay({
      game,
      access: "public",
      players: [{ name: "ada", accountId: ada.accountId }],
      startedAt: t0,
    });
    const duel = await seedReplay({
      game,
      access: "ticket",
      players: [
        { name: "ada", accountId: ada.accountId },
        { name: "bob", accountId: bob.accountId },
      ],
      startedAt: t0 + 60_000,
    });
    // Newest first; a stranger sees the public match only.
    expect(ids(await list(eve.accessToken, `game=${game}`))).toEqual([open.replayId]);
    expect(ids(await list(bob.accessToken, `game=${game}`))).toEqual([
      duel.replayId,
      open.replayId,
    ]);
    expect(ids(await list(mod.accessToken, `game=${game}`))).toEqual([
      duel.replayId,
      open.replayId,
    ]);
    // The listing carries names, never accounts.
    const [row] = (await list(bob.accessToken, `game=${game}`)).replays;
    expect(row).toMatchObject({
      access: "ticket",
      players: [
        { playerId: 1, name: "ada" },
        { playerId: 2, name: "bob" },
      ],
    });
    expect(JSON.stringify(row)).not.toContain(ada.accountId);
  });

  it("filters by player, by the caller's own matches, by dates, and pages", async () => {
    const [ada, bob] = await Promise.all(["ada", "bob"].map((n) => signInGuest(n)));
    const game = "rp-filters";
    // 2026-03-01, 03-02 and 03-03 at noon UTC.
    const day = (d: number) => Date.UTC(2026, 2, d, 12);
    const first = await seedReplay({
      game,
      access: "public",
      players: [{ name: "ada", accountId: ada.accountId }],
      startedAt: day(1),
    });
    const second = await seedReplay({
      game,
      access: "public",
      players: [{ name: "bob", accountId: bob.accountId }],
      startedAt: day(2),
    });
    const third = await seedReplay({
      game,
      access: "ticket",
      players: [
        { name: "ada", accountId: ada.accountId },
        { name: "bob", accountId: bob.accountId },
      ],
      startedAt: day(3),
    });
    const t = ada.accessToken;
    expect(ids(await list(t, `game=${game}&mine=true`))).toEqual([third.replayId, first.replayId]);
    expect(ids(await list(t, `game=${game}&player=${bob.accountId}`))).toEqual([
      third.replayId,
      second.replayId,
    ]);
    // A date `to` includes its whole day; `from` starts at its 00:00 UTC.
    expect(ids(await list(t, `game=${game}&from=2026-03-02&to=2026-03-02`))).toEqual([
      second.replayId,
    ]);
    expect(ids(await list(t, `game=${game}&to=2026-03-02T12:00:00Z`))).toEqual([first.replayId]);
    const page1 = await list(t, `game=${game}&limit=2`);
    expect(ids(page1)).toEqual([third.replayId, second.replayId]);
    const page2 = await list(t, `game=${game}&limit=2&cursor=${page1.next}`);
    expect([ids(page2), page2.next]).toEqual([[first.replayId], null]);
  });

  it("refuses malformed filters with 400 and an anonymous caller with 401", async () => {
    const ada = await signInGuest("ada");
    for (const query of ["from=yesterday", "player=ada", "mine=yes", "limit=0", "game=A"]) {
      const res = await call("GET", `/v1/replays?${query}`, ada.accessToken);
      expect([query, res.status]).toEqual([query, 400]);
    }
    expect((await call("GET", "/v1/replays", undefined)).status).toBe(401);
  });
});

describe("serving a replay", () => {
  it("serves the manifest and each chunk's bytes, cacheable, with 304 for a current copy", async () => {
    const [ada, bob] = await Promise.all(["ada", "bob"].map((n) => signInGuest(n)));
    const { replayId, chunks, manifest } = await seedReplay({
      game: "rp-serve",
      access: "public",
      players: [
        { name: "ada", accountId: ada.accountId },
        { name: "bob", accountId: bob.accountId },
      ],
    });
    const t = ada.accessToken;
    const m = await call("GET", `/v1/replays/${replayId}`, t);
    expect(m.status).toBe(200);
    // The caller finds itself by its account; the others' accounts stay private.
    expect(await m.json()).toEqual({
      ...manifest,
      players: [
        { playerId: 1, name: "ada", accountId: ada.accountId },
        { playerId: 2, name: "bob" },
      ],
    });
    expect(m.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
    for (const [i, bytes] of chunks.entries()) {
      const res = await call("GET", `/v1/replays/${replayId}/chunks/${i}`, t);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/octet-stream");
      expect(res.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
    const first = await call("GET", `/v1/replays/${replayId}/chunks/0`, t);
    const etag = first.headers.get("ETag")!;
    await first.arrayBuffer();
    expect(etag).toMatch(/^"/);
    const again = await call("GET", `/v1/replays/${replayId}/chunks/0`, t, undefined, {
      "If-None-Match": etag,
    });
    expect([again.status, again.headers.get("ETag")]).toEqual([304, etag]);
    const stale = await call("GET", `/v1/replays/${replayId}/chunks/0`, t, undefined, {
      "If-None-Match": '"another"',
    });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it("answers 404 past the last chunk and for an unknown replay, 400 for a malformed id", async () => {
    const ada = await signInGuest("ada");
    const { replayId } = await seedReplay({
      game: "rp-missing",
      access: "public",
      players: [{ name: "ada", accountId: ada.accountId }],
    });
    const t = ada.accessToken;
    const past = await call("GET", `/v1/replays/${replayId}/chunks/2`, t);
    expect([past.status, ((await past.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      "chunk_not_found",
    ]);
    const unknown = newReplayId(Date.now(), (b) => crypto.getRandomValues(b));
    for (const path of [`/v1/replays/${unknown}`, `/v1/replays/${unknown}/chunks/0`]) {
      const res = await call("GET", path, t);
      expect([
        path,
        res.status,
        ((await res.json()) as { error: { code: string } }).error.code,
      ]).toEqual([path, 404, "replay_not_found"]);
    }
    const bad = await call("GET", "/v1/replays/rp_nothex/chunks/0", t);
    expect(bad.status).toBe(400);
    const negative = await call("GET", `/v1/replays/${replayId}/chunks/-1`, t);
    expect(negative.status).toBe(400);
  });

  it("hides a private match from strangers (404) and serves it to its players and staff", async () => {
    const [ada, eve] = await Promise.all(["ada", "eve"].map((n) => signInGuest(n)));
    const admin = await signInWithRoles(["admin"]);
    const { replayId } = await seedReplay({
      game: "rp-private",
      access: "ticket",
      players: [{ name: "ada", accountId: ada.accountId }],
    });
    for (const path of [`/v1/replays/${replayId}`, `/v1/replays/${replayId}/chunks/1`]) {
      expect((await call("GET", path, eve.accessToken)).status).toBe(404);
      for (const token of [ada.accessToken, admin.accessToken]) {
        const res = await call("GET", path, token);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    }
  });
});

describe("replay retention", () => {
  it("deletes on schedule the rows and objects of replays older than REPLAY_RETENTION_DAYS (30), and keeps the rest", async () => {
    const ada = await signInGuest("ada");
    const players = [{ name: "ada", accountId: ada.accountId }];
    // In 2001, so no other test's replays are in the way of the cutoff.
    const now = Date.UTC(2001, 5, 1);
    const old = await seedReplay({
      game: "rp-retention",
      access: "public",
      players,
      startedAt: now - 31 * DAY,
    });
    const kept = await seedReplay({
      game: "rp-retention",
      access: "public",
      players,
      startedAt: now - 29 * DAY,
    });
    // Chunks of a recording whose room never wrote its manifest or row.
    const orphan = newReplayId(now - 40 * DAY, (b) => crypto.getRandomValues(b));
    await env.REPLAYS!.put(chunkKey(orphan, 0), Uint8Array.of(1));

    const ctx = createExecutionContext();
    await worker.scheduled!(
      createScheduledController({ scheduledTime: now, cron: "17 * * * *" }),
      env,
      ctx,
    );

    const repo = new ReplayRepository(env.DB);
    expect(await repo.find(old.replayId)).toBeUndefined();
    expect(await repo.playedIn(old.replayId, ada.accountId)).toBe(false);
    expect(await repo.find(kept.replayId)).toMatchObject({ replayId: kept.replayId });
    const left = async (id: string) =>
      (await env.REPLAYS!.list({ prefix: `replays/${id}/` })).objects.map((o) => o.key).sort();
    expect(await left(old.replayId)).toEqual([]);
    expect(await left(orphan)).toEqual([]);
    expect(await left(kept.replayId)).toEqual(
      [chunkKey(kept.replayId, 0), chunkKey(kept.replayId, 1), manifestKey(kept.replayId)].sort(),
    );
    // The newest replays of the other tests are far above the cutoff: still there.
    const recent = await seedReplay({ game: "rp-retention", access: "public", players });
    await worker.scheduled!(createScheduledController({ scheduledTime: now }), env, ctx);
    expect(await left(recent.replayId)).toHaveLength(3);
  });
});
