import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffMs, resolveRetryOptions, retry } from "../../server/d1/retry.js";
import { isTransientD1Error } from "../../server/d1/transient-error.js";
import { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import { flakyD1 } from "./flaky-d1.js";
import { signInGuest } from "./sign-in.js";

const noSleep = () => Promise.resolve();

describe("retry", () => {
  it("waits a full-jitter backoff below min(maxMs, baseMs·2^n) before retry n", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, baseMs, extra, r) => {
          const o = resolveRetryOptions({ baseMs, maxMs: baseMs + extra, random: () => r });
          const ceiling = Math.min(baseMs + extra, baseMs * 2 ** n);
          const ms = backoffMs(n, o);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThan(ceiling);
          expect(ms).toBe(r * ceiling);
        },
      ),
    );
  });

  it("calls fn until it succeeds, at most `attempts` times, sleeping between calls only", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 10 }),
        async (attempts, failures) => {
          let calls = 0;
          const sleeps: number[] = [];
          const run = retry(
            async () => {
              if (calls++ < failures) throw new Error("Network connection lost");
              return "done";
            },
            { attempts, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
          );
          if (failures < attempts) {
            await expect(run).resolves.toBe("done");
            expect(calls).toBe(failures + 1);
          } else {
            await expect(run).rejects.toThrow("Network connection lost");
            expect(calls).toBe(attempts);
          }
          expect(sleeps).toHaveLength(calls - 1);
        },
      ),
    );
  });

  it("throws a non-retryable error at once", async () => {
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        throw new Error("D1_ERROR: UNIQUE constraint failed");
      },
      { retryable: isTransientD1Error, sleep: noSleep },
    );
    await expect(run).rejects.toThrow("UNIQUE");
    expect(calls).toBe(1);
  });

  it("refuses options naming the bad field, and accepts their boundary values", () => {
    expect(() => resolveRetryOptions({ attempts: 0 })).toThrow("retry.attempts");
    expect(() => resolveRetryOptions({ attempts: 1.5 })).toThrow("retry.attempts");
    expect(() => resolveRetryOptions({ baseMs: 0 })).toThrow("retry.baseMs");
    expect(() => resolveRetryOptions({ baseMs: 10, maxMs: 9 })).toThrow("retry.maxMs");
    expect(() => resolveRetryOptions({ attempts: 1, baseMs: 10, maxMs: 10 })).not.toThrow();
  });

  it("classifies D1's transient errors as retryable and SQL errors as not", () => {
    expect(isTransientD1Error(new Error("D1_ERROR: Network connection lost."))).toBe(true);
    expect(isTransientD1Error(new Error("D1 DB storage caused object to be reset"))).toBe(true);
    expect(isTransientD1Error(new Error("D1_ERROR: no such table: x"))).toBe(false);
  });
});

describe("player data writes under injected D1 failures", () => {
  it("lose nothing and write nothing twice: every version lands once, with one audit row each", async () => {
    const s = await signInGuest("flaky");
    const { db, stats } = flakyD1(env.DB, { before: 0.3, after: 0.3, seed: 7 });
    const repo = new PlayerDataRepository(db, { attempts: 30, sleep: noSleep });
    const keys = Array.from({ length: 10 }, (_, i) => `doc-${i}`);
    for (let round = 1; round <= 3; round++) {
      await Promise.all(
        keys.map(async (key) => {
          const out = await repo.write({
            accountId: s.accountId,
            key,
            expectedVersion: round - 1,
            schemaVersion: 1,
            value: { round },
            writeId: crypto.randomUUID(),
            now: Date.now(),
            actor: s.accountId,
          });
          expect(out).toMatchObject({ ok: true, document: { version: round } });
        }),
      );
    }
    // Failures of both kinds really happened.
    expect(stats.before).toBeGreaterThan(0);
    expect(stats.after).toBeGreaterThan(0);
    const rows = await env.DB.prepare(
      "SELECT key, version, value FROM player_data WHERE player_id = ? ORDER BY key",
    )
      .bind(s.accountId)
      .all<{ key: string; version: number; value: string }>();
    expect(rows.results).toEqual(keys.map((key) => ({ key, version: 3, value: '{"round":3}' })));
    const audit = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'data_write' AND target = ?",
    )
      .bind(s.accountId)
      .first<{ n: number }>();
    expect(audit?.n).toBe(30);
  });

  it("recognises a retried write that had committed, and refuses a different stale write", async () => {
    const s = await signInGuest("replay");
    const repo = new PlayerDataRepository(env.DB);
    const write = {
      accountId: s.accountId,
      key: "k",
      expectedVersion: 0,
      schemaVersion: 1,
      value: 1,
      writeId: "w-1",
      now: 1,
      actor: "t",
    };
    expect(await repo.write(write)).toMatchObject({
      ok: true,
      replayed: false,
      document: { version: 1 },
    });
    expect(await repo.write(write)).toMatchObject({
      ok: true,
      replayed: true,
      document: { version: 1 },
    });
    expect(await repo.write({ ...write, writeId: "w-2" })).toEqual({
      ok: false,
      conflict: { currentVersion: 1 },
    });
    // A stale version on a missing document is a conflict too, not a creation.
    expect(await repo.write({ ...write, key: "absent", expectedVersion: 4 })).toEqual({
      ok: false,
      conflict: { currentVersion: 0 },
    });
  });
});
