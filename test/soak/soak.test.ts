// Soak: SOAK_CLIENTS Node clients (30) play in one room on a real wrangler dev for
// SOAK_SECONDS (120) while links drop at random (seeded); every client reconnects and
// resumes on its own. At the end every player is connected exactly once with exactly one
// ship, and every client's world agrees. `npm run test:soak`; .ci/run runs a short one.
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame, listShips } from "../../games/arena/index.js";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";

const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 30);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
/** One random link drop per this many ms, on a random client. */
const DROP_EVERY_MS = 1_000;

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A guest token; each client signs in from its own address (sign-ins are limited per IP). */
async function guestToken(i: number): Promise<string> {
  const res = await fetch(`${server.url}/v1/auth/guest`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "CF-Connecting-IP": `10.0.${i >> 8}.${i & 255}`,
    },
    body: JSON.stringify({ deviceId: `soak${i}${Date.now()}` }),
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function owners(room: RoomConnection<ArenaInput>): number[] {
  return listShips(room.world)
    .map((s) => s.owner)
    .sort((a, b) => a - b);
}

describe("soak", () => {
  it(
    `${CLIENTS} clients for ${SECONDS} s with random link drops all end resumed and agreeing`,
    async () => {
      const random = mulberry32(6);
      const url = roomUrl(server.url, "soak");
      const rooms: RoomConnection<ArenaInput>[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        rooms.push(
          await connect({
            url,
            game: arenaGame,
            name: `bot${i}`,
            token: await guestToken(i),
            reconnect: { initialDelayMs: 100, maxDelayMs: 2_000, maxAttempts: 30, random },
          }),
        );
      }
      const ids = rooms.map((r) => r.playerId).sort((a, b) => a - b);
      expect(new Set(ids).size).toBe(CLIENTS);
      let drops = 0;
      const until = Date.now() + SECONDS * 1000;
      while (Date.now() < until) {
        await new Promise((r) => setTimeout(r, DROP_EVERY_MS));
        for (const r of rooms) r.setInput({ buttons: Math.floor(random() * 16) });
        const victim = rooms[Math.floor(random() * rooms.length)]!;
        if (victim.state === "connected" || victim.state === "resumed") {
          victim.dropLink();
          drops++;
        }
      }
      for (const r of rooms) r.setInput({ buttons: 0 });
      const back = () => rooms.every((r) => r.state === "connected" || r.state === "resumed");
      await eventually(back, "every client back", 30_000).catch((e: Error) => {
        const states = rooms.map((r, i) => `${i} ${r.state} ${JSON.stringify(r.closed)}`);
        throw new Error(`${e.message}:\n${states.join("\n")}`);
      });
      expect(rooms.map((r) => r.closed)).toEqual(rooms.map(() => undefined));
      expect(rooms.map((r) => r.playerId).sort((a, b) => a - b)).toEqual(ids);
      // Every world holds each player's ship exactly once: nothing duplicated or orphaned.
      await eventually(
        () => rooms.every((r) => owners(r).join() === ids.join()),
        "every world agrees",
        30_000,
      );
      const info = (await (await fetch(`${server.url}/v1/rooms/soak`)).json()) as {
        players: { playerId: number; connected: boolean }[];
      };
      expect(info.players.map((p) => p.playerId).sort((a, b) => a - b)).toEqual(ids);
      expect(info.players.every((p) => p.connected)).toBe(true);
      expect(drops).toBeGreaterThan(0);
      for (const r of rooms) r.close();
    },
    (SECONDS + 180) * 1000,
  );
});
