// A walk across a zone border inside workerd, through the Worker and two zone objects: the
// zone a player walks out of issues a zone ticket over its socket (having announced it to
// the next zone by RPC), the next zone admits the ticket's HELLO as that account, authority
// moves at a tick boundary, the old zone says ZONE_SWITCH and closes the old link, the
// world's leaderboard counts both zones entered, and the zones applied every input once.
import { describe, expect, it } from "vitest";
import {
  type InputStint,
  zoneInputAudit,
} from "../../durable-objects/game-room/zone-input-ledger.js";
import { WALK } from "../../games/world/index.js";
import { eventually } from "./eventually.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";
import { ZoneSocket } from "./zone-socket.js";

interface Placement {
  zoneId: string;
  ticket: string;
  socketPath: string;
}

describe("a walk across a zone border", () => {
  it("hands the player to the next zone make-before-break and counts the visit", async () => {
    const ada = await signInGuest("ada");
    const admin = await signInWithRoles(["admin"]);
    // ada-75 spawns at (310, 110), in zone 0.0, 90 units left of zone 1.0.
    const res = await call("POST", "/v1/worlds/border-walk/join", ada.accessToken, {
      name: "ada-75",
    });
    const placed = (await res.json()) as Placement;
    expect(placed.zoneId).toBe("0.0");
    const first = await ZoneSocket.open(placed.socketPath, placed.ticket, "ada-75");
    await eventually(() => first.welcomed, "welcome from zone 0.0");
    // Walk right, one world input per tick's worth of time, on every open link.
    let seq = 0;
    let next: ZoneSocket | undefined;
    const walking = setInterval(() => {
      first.input(seq, WALK.RIGHT);
      next?.input(seq, WALK.RIGHT);
      seq++;
    }, 50);
    try {
      // The 48-unit band before x = 400 is reached after ~0.3 s of walking.
      const ticket = await eventually(
        () => first.frames.find((f) => f.type === "ticket"),
        "a zone ticket for 1.0",
        10_000,
      );
      expect(ticket).toMatchObject({ type: "ticket", to: "1.0" });
      if (ticket.type !== "ticket") throw new Error("unreachable");
      next = await ZoneSocket.open("/v1/worlds/border-walk/zones/1.0/ws", ticket.ticket, "ada-75");
      await eventually(() => next!.welcomed, "zone 1.0 admits the ticket's HELLO");
      const moved = await eventually(
        () => first.frames.find((f) => f.type === "switch"),
        "ZONE_SWITCH once authority moved",
        10_000,
      );
      expect(moved).toMatchObject({ type: "switch", to: "1.0" });
      expect(await first.closed).toMatchObject({ code: 1000 });
      // Walk on in zone 1.0 until it applied ten inputs of its own.
      await eventually(async () => {
        const res = await call("GET", "/v1/admin/worlds/border-walk/zones/1.0", admin.accessToken);
        const { stints } = (await res.json()) as { stints: InputStint[] };
        return (stints[0]?.count ?? 0) >= 10;
      }, "zone 1.0 applies the walker's inputs");
    } finally {
      clearInterval(walking);
    }
    // Each zone reports within ZONE_REPORT_MS; visits: joined 0.0, entered 1.0.
    const world = await eventually(
      async () => {
        const info = await call("GET", "/v1/worlds/border-walk", undefined);
        const body = (await info.json()) as {
          leaderboard: { name: string; visits: number }[];
          zones: { zoneId: string; players: number }[];
        };
        return body.leaderboard[0]?.visits === 2 && body;
      },
      "the world counted two zones entered",
      10_000,
    );
    expect(world.leaderboard).toEqual([expect.objectContaining({ name: "ada-75", visits: 2 })]);
    // Every world input the zones applied between them, once: no gap at the border, no repeat.
    const stints: InputStint[] = [];
    for (const zone of ["0.0", "1.0"]) {
      const res = await call(
        "GET",
        `/v1/admin/worlds/border-walk/zones/${zone}`,
        admin.accessToken,
      );
      expect(res.status).toBe(200);
      stints.push(...((await res.json()) as { stints: InputStint[] }).stints);
    }
    expect(stints).toHaveLength(2);
    const audit = zoneInputAudit(stints);
    expect(audit).toMatchObject({ lost: 0, duplicated: 0 });
    // At least the ten zone 1.0 applied, and those of the walk to the border in zone 0.0.
    expect(audit.applied).toBeGreaterThan(10);
    next?.close();
  }, 30_000);
});
