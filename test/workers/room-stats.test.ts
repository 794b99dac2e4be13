// GET /v1/admin/rooms/:roomId/stats: a room's own figures for operators, read through the
// Worker from the room's Durable Object while players play in it.
import { describe, expect, it } from "vitest";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";

interface Span {
  ms: number;
  ticks: number;
  tickMs: { p50: number; p99: number; max: number; mean: number } | null;
  bytesOutPerSecond: number;
  messagesInPerSecond: number;
}
interface Stats {
  roomId: string;
  game: string;
  budgetMs: number;
  tickRate: number;
  players: number;
  connectedPlayers: number;
  connections: number;
  timed: boolean;
  window: Span;
  total: Span;
}

describe("GET /v1/admin/rooms/:roomId/stats", () => {
  it("answers an admin the room's tick durations, traffic and players while they play", async () => {
    const admin = await signInWithRoles(["admin"]);
    const a = await RoomSocket.join("stats-room", "a");
    const b = await RoomSocket.join("stats-room", "b");
    await eventually(() => a.snapshots.length >= 10 && b.snapshots.length >= 10, "ten ticks");
    a.sendInputs(0, [1, 1, 1]);
    const stats = await eventually(async () => {
      const res = await call("GET", "/v1/admin/rooms/stats-room/stats", admin.accessToken);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Stats;
      return body.total.messagesInPerSecond > 0 && body;
    }, "the room read the inputs");
    expect(stats).toMatchObject({
      roomId: "stats-room",
      game: "arena",
      players: 2,
      connectedPlayers: 2,
      connections: 2,
      timed: true,
      // The arena's pose history: 256 entities × (30 ticks of rewind + 2) × 28 bytes, and
      // each of the 32 ticks' number and count (12 bytes).
      poseHistoryBytes: 256 * 32 * 28 + 32 * 12,
      fairPlayStrikes: 0,
    });
    expect(stats.budgetMs).toBeCloseTo(1000 / stats.tickRate, 6);
    expect(stats.total.ticks).toBeGreaterThanOrEqual(10);
    expect(stats.total.bytesOutPerSecond).toBeGreaterThan(0);
    // The durations come from the object's clock: present, ordered, never negative.
    const tick = stats.total.tickMs!;
    expect(tick.p50).toBeGreaterThanOrEqual(0);
    expect(tick.p99).toBeGreaterThanOrEqual(tick.p50);
    expect(tick.max).toBeGreaterThanOrEqual(tick.p99);
    expect(stats.window.ticks).toBeLessThanOrEqual(stats.total.ticks);
    a.close();
    b.close();
  });

  it("is for admins only (401 anonymous, 403 player and moderator) and 404s a room never made", async () => {
    const player = await signInGuest("curious");
    const moderator = await signInWithRoles(["player", "moderator"]);
    const admin = await signInWithRoles(["admin"]);
    (await RoomSocket.join("stats-private", "p", player.accessToken)).close();
    const path = "/v1/admin/rooms/stats-private/stats";
    expect((await call("GET", path, undefined)).status).toBe(401);
    expect((await call("GET", path, player.accessToken)).status).toBe(403);
    expect((await call("GET", path, moderator.accessToken)).status).toBe(403);
    expect((await call("GET", path, admin.accessToken)).status).toBe(200);
    const missing = await call("GET", "/v1/admin/rooms/no-such-room/stats", admin.accessToken);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      "room_not_found",
    );
  });
});
