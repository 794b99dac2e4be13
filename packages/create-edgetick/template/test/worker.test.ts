// The Worker inside workerd (@cloudflare/vitest-plugin): the API answers, lists the game and
// signs a guest in.
import { applyD1Migrations } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => applyD1Migrations(env.DB, env.TEST_MIGRATIONS));

describe("the Worker", () => {
  it("is healthy once the D1 migrations are applied", async () => {
    const res = await exports.default.fetch("http://game.test/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it("lists the dots game at GET /v1/games", async () => {
    const res = await exports.default.fetch("http://game.test/v1/games");
    expect(res.status).toBe(200);
    const { games } = (await res.json()) as { games: { name: string; tickRate: number }[] };
    expect(games.map((g) => [g.name, g.tickRate])).toEqual([["dots", 20]]);
  });

  it("signs a guest in and hands out a bearer access token", async () => {
    const res = await exports.default.fetch("http://game.test/v1/auth/guest", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ deviceId: crypto.randomUUID().replaceAll("-", ""), name: "ada" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tokenType: "Bearer", roles: ["player"] });
  });

  it("refuses a room socket without a WebSocket upgrade", async () => {
    const res = await exports.default.fetch("http://game.test/v1/rooms/lobby/ws");
    expect(res.status).toBe(426);
  });
});
