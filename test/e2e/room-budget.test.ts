// State budgets with the built client package on a real wrangler dev: a client connected with
// `maxBytesPerSecond: 1024` receives about that many bytes a second while an uncapped one
// beside it receives all of a busy arena, and it still holds and renders every ship.
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  type ArenaInput,
  arenaGame,
  collectShips,
  listShips,
  Ship,
} from "../../games/arena/index.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

/** Circling at full speed: every ship's heading and velocity change every tick. */
const CIRCLE = ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT;
const PLAYERS = 16;

/**
 * The `bytesInPerSecond` of each stats sample `room` reports from now on, but the first: it
 * may cover the time before the cap or the bots' inputs arrived (and a connection's very
 * first sample has no rates yet).
 */
function bytesInSamples(room: RoomConnection<ArenaInput>): number[] {
  const samples: number[] = [];
  let skip = true;
  room.on("stats", (s) => {
    if (!skip) samples.push(s.bytesInPerSecond);
    skip = false;
  });
  return samples;
}

describe("state budgets on wrangler dev", () => {
  it("keeps a client near its maxBytesPerSecond while it still renders every ship", async () => {
    const url = roomUrl(server.url, "e2e-budget");
    // An account per bot (one seat per account), each signed in from its own address:
    // sign-ins are limited per address.
    const rooms: RoomConnection<ArenaInput>[] = [];
    for (let i = 0; i < PLAYERS - 2; i++) {
      const bot = await signInGuest(server.url, undefined, undefined, `10.9.0.${i + 1}`);
      rooms.push(await connect({ url, game: arenaGame, name: `bot${i}`, token: bot.accessToken }));
    }
    const join = async (name: string, maxBytesPerSecond?: number) =>
      connect({
        url,
        game: arenaGame,
        name,
        token: (await signInGuest(server.url)).accessToken,
        maxBytesPerSecond,
      });
    const wide = await join("wide");
    const thin = await join("thin", 1024);
    rooms.push(wide, thin);
    for (const r of rooms) r.setInput({ buttons: CIRCLE });
    await eventually(() => listShips(thin.world).length === PLAYERS, "thin holds every ship");

    const wideIn = bytesInSamples(wide);
    const thinIn = bytesInSamples(thin);
    // Four one-second samples while every ship circles.
    await eventually(() => thinIn.length >= 4 && wideIn.length >= 4, "four stats samples", 10_000);
    // A second of credits (1024) plus the quarter second the bucket saves (256), and slack for
    // a one-second sample on the wall clock holding a tick or two more than 30 (34 B each)
    // and a PONG.
    for (const bytes of thinIn) expect(bytes).toBeLessThanOrEqual(1024 + 256 + 100);
    // On average the saved quarter second is spent once: the cap, give or take the jitter.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(thinIn)).toBeLessThanOrEqual(1024 + 100);
    // 16 circling ships: the uncapped client gets well over twice the cap (protocol 9 codes a
    // circling ship in fewer bytes than 8 a tick, so 12 no longer made twice).
    for (const bytes of wideIn) expect(bytes).toBeGreaterThan(2 * 1024);

    // The capped client still draws every ship, and each one moves on its screen.
    const at = (room: RoomConnection<ArenaInput>) => {
      room.render();
      const s = room.view.store(Ship);
      const ships = collectShips(room.world);
      const out = new Map<number, { x: number; y: number }>();
      for (let i = 0; i < ships.count; i++) {
        const e = ships.entities[i]!;
        out.set(s.owner[e]!, { x: s.pos.x[e]!, y: s.pos.y[e]! });
      }
      return out;
    };
    const before = at(thin);
    expect(before.size).toBe(PLAYERS);
    await eventually(() => {
      const now = at(thin);
      return [...before].every(([owner, p]) => {
        const q = now.get(owner);
        return q !== undefined && Math.hypot(q.x - p.x, q.y - p.y) > 10;
      });
    }, "every ship moves on thin's screen");
    for (const r of rooms) r.close();
  });
});
