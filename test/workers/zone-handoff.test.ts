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
    const res = await call("POST", "/v1/worlds/border-walk/join", ada.accessToken, {
      zoneId: "0.0",
    });
    const placed = (await res.json()) as Placement;
    const first = await ZoneSocket.open(placed.socketPath, placed.ticket, "ada");
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
      // The avatar starts at x = 0: the 48-unit band before x = 400 is reached after ~2.3 s.
      const ticket = await eventually(
        () => first.frames.find((f) => f.type === "ticket"),
        "a zone ticket for 1.0",
        10_000,
      );
      expect(ticket).toMatchObject({ type: "ticket", to: "1.0" });
      if (ticket.type !== "ticket") throw new Error("unreachable");
      next = await ZoneSocket.open("/v1/worlds/border-walk/zones/1.0/ws", ticket.ticket, "ada");
      await eventually(() => next!.welcomed, "zone 1.0 admits the ticket's HELLO");
      const moved = await eventually(
        () => first.frames.find((f) => f.type === "switch"),
        "ZONE_SWITCH once authority moved",
        10_000,
      );
      expect(moved).toMatchObject({ type: "switch", to: "1.0" });
      expect(await first.closed).toMatchObject({ code: 1000 });
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
    expect(world.leaderboard).toEqual([expect.objectContaining({ name: "ada", visits: 2 })]);
    // Every world input the zones applied between them, once: no gap at the border, no repeat.
    const admin = await signInWithRoles(["admin"]);
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
    // ~2.8 s of walking at 20 inputs a second before the switch, and some after it.
    expect(audit.applied).toBeGreaterThan(40);
    next?.close();
    // Walking to the border takes ~3 s of real time.
  }, 30_000);
});
