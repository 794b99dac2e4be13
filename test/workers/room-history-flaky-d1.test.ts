// Fault campaign (issue 19), D1 failing for a while: room history written through a D1 that
// throws transient errors before a call reaches the database and after it committed (the
// answer lost). Every session a room starts is recorded exactly once and every end lands.
// Before the repository retried, the first injected failure lost the row (or, retried
// naively, an INSERT whose answer was lost would have been written twice).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RoomHistoryRepository } from "../../server/rooms/room-history-repository.js";
import { flakyD1 } from "./flaky-d1.js";

const noSleep = () => Promise.resolve();

describe("room history under injected D1 failures", () => {
  it("records every session start once and every end, however the calls fail", async () => {
    const { db, stats } = flakyD1(env.DB, { before: 0.3, after: 0.3, seed: 19 });
    const repo = new RoomHistoryRepository(db, { attempts: 40, sleep: noSleep });
    const roomId = `flaky-history-${crypto.randomUUID()}`;
    const SESSIONS = 20;
    const ids: number[] = [];
    for (let n = 0; n < SESSIONS; n++) {
      const id = await repo.start(roomId, "arena", 1_000 + n * 100);
      expect(id).toBeTypeOf("number");
      ids.push(id!);
      await repo.end(id!, 1_050 + n * 100, n + 1, 30 * n);
    }
    // Failures of both kinds really happened: the sample is not a lucky quiet run.
    expect(stats.before).toBeGreaterThan(0);
    expect(stats.after).toBeGreaterThan(0);
    const rows = await env.DB.prepare(
      "SELECT id, started_at, ended_at, peak_players, ticks FROM room_sessions WHERE room_id = ? ORDER BY started_at",
    )
      .bind(roomId)
      .all<{
        id: number;
        started_at: number;
        ended_at: number;
        peak_players: number;
        ticks: number;
      }>();
    expect(rows.results).toEqual(
      ids.map((id, n) => ({
        id,
        started_at: 1_000 + n * 100,
        ended_at: 1_050 + n * 100,
        peak_players: n + 1,
        ticks: 30 * n,
      })),
    );
  });

  it("answers the same row when a start is repeated, as a retry after a lost answer repeats it", async () => {
    const repo = new RoomHistoryRepository(env.DB);
    const roomId = `repeat-history-${crypto.randomUUID()}`;
    const first = await repo.start(roomId, "arena", 5_000);
    expect(await repo.start(roomId, "arena", 5_000)).toBe(first);
    const next = await repo.start(roomId, "arena", 5_001);
    expect(next).not.toBe(first);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM room_sessions WHERE room_id = ?")
      .bind(roomId)
      .first<{ n: number }>();
    expect(count?.n).toBe(2);
  });
});
