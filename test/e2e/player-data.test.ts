// A Node client signs in as a guest, plays in a room with its token (the room saves its
// stats), leaves, signs in again from the same device and finds the data; on wrangler dev, or
// on `npm run selfhost` in the e2e-selfhost project (test/support/server.ts).
import { connect, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARENA_BUTTON, arenaGame } from "../../games/arena/index.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";
import { SERVER_KIND, startServer, type TestServer } from "../support/server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

interface Stats {
  version: number;
  value: { joins: number; ticksPlayed: number; lastRoom: string };
}

async function readStats(accessToken: string): Promise<Stats | undefined> {
  const res = await fetch(`${server.url}/v1/players/me/data/arena.stats`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return res.status === 200 ? ((await res.json()) as Stats) : undefined;
}

describe(`persistent player data on ${SERVER_KIND}`, () => {
  it("keeps what a guest earned in a room across sign-ins", async () => {
    const deviceId = crypto.randomUUID().replaceAll("-", "");
    const first = await signInGuest(server.url, deviceId, "ada");
    const room = await connect({
      url: roomUrl(server.url, "e2e-data"),
      game: arenaGame,
      name: "ada",
      token: first.accessToken,
    });
    room.setInput({ buttons: ARENA_BUTTON.THRUST });
    await eventually(() => room.tick > 20, "twenty ticks in the room");
    room.close();

    const again = await signInGuest(server.url, deviceId);
    expect(again.accountId).toBe(first.accountId);
    const stats = await eventually(() => readStats(again.accessToken), "the stats are saved");
    expect(stats.value.joins).toBe(1);
    expect(stats.value.lastRoom).toBe("e2e-data");
    expect(stats.value.ticksPlayed).toBeGreaterThanOrEqual(20);

    // Another device is another guest, with no data.
    const stranger = await signInGuest(server.url);
    expect(await readStats(stranger.accessToken)).toBeUndefined();
  });

  it("serves the rendered API docs at /docs, with nothing loaded from elsewhere", async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<code>/v1/auth/guest</code>");
    expect(html).not.toContain("<script");
  });
});
