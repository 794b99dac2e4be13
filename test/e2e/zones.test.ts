// A world on a real wrangler dev, walked through the real WorldClient over WebSockets (the
// bench:zones walker, test/support/zone-walker.ts): the player crosses two zone borders and
// the walker sees each ticket and each switch. Zone frames arrive in the sockets' message
// callbacks, between the walker's frames — a walker that looked for them within a frame
// counted none, and bench:zones reported 0 handoffs on wrangler dev for a session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";
import { ZoneWalker } from "../support/zone-walker.js";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("a world on wrangler dev", () => {
  it("hands a WorldClient walker from zone to zone, and the walker counts each handoff", async () => {
    const { accessToken } = await signInGuest(server.url, undefined, "ada-75");
    const res = await fetch(`${server.url}/v1/worlds/e2e-walk/join`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: "ada-75" }),
    });
    expect(res.status).toBe(200);
    const placed = (await res.json()) as { zoneId: string; ticket: string };
    // ada-75 spawns at (310, 110) in zone 0.0; the world bot with random() = 0.4 picks
    // DIRECTIONS[3] = RIGHT and keeps it (0.4 ≥ the 1/8 turn chance): past x = 400 + 16 into
    // 1.0 after ~0.7 s at 150 u/s, past 816 into 2.0 after ~3.4 s.
    expect(placed.zoneId).toBe("0.0");
    const walker = new ZoneWalker(server.url, "e2e-walk", "ada-75", () => 0.4);
    walker.start(placed.zoneId, placed.ticket);
    const frames = setInterval(() => walker.frame(performance.now()), 1000 / 30);
    let zone: string | undefined;
    try {
      await eventually(() => walker.figures.handoffs >= 2, "two handoffs", 30_000);
      zone = walker.zone;
    } finally {
      clearInterval(frames);
      walker.close();
    }
    const f = walker.figures;
    expect(zone).toBe(`${f.handoffs}.0`);
    // Each switch had its ticket first, and the frame after each switch was looked at.
    expect(f.tickets).toBeGreaterThanOrEqual(f.handoffs);
    expect(f.ticketToSwitchMs).toHaveLength(f.handoffs);
    expect(f.switchJumps).toHaveLength(f.handoffs);
    expect(f.duplicatedFrames).toBe(0);
  });
});
