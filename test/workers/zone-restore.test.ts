// A zone object that restarts (reset here as a deploy resets it: every socket drops) continues from
// the snapshot it stored — on its interval, and at every handoff step — and its players
// resume instead of rejoining the world: a player standing in the zone, one half-way through a
// handoff (its next zone's link open, parked there), and, after the handoff, the adopting zone
// restarted too. The zones' stints of applied world inputs read each input applied once
// (the inputs a restored zone had applied after its snapshot were undone with it and are
// applied again when their clients send them again), each avatar is simulated by one zone,
// and the player documents come through the restarts with nothing lost and no onLoad twice.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  type InputStint,
  zoneInputAudit,
} from "../../durable-objects/game-room/zone-input-ledger.js";
import { WALK } from "../../games/world/index.js";
import { eventually } from "./eventually.js";
import { restartObject } from "./restart-object.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";
import { savedExplorer } from "./world-explorer.js";
import { ZoneWalker } from "./zone-walker.js";

const WORLD = "restart-walk";

interface Figures {
  players: number;
  arriving: number;
  departing: number;
  stints: InputStint[];
}

async function figures(zoneId: string, token: string): Promise<Figures> {
  const res = await call("GET", `/v1/admin/worlds/${WORLD}/zones/${zoneId}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Figures;
}

/** World inputs the zone has applied so far, all players together. */
async function applied(zoneId: string, token: string): Promise<number> {
  return (await figures(zoneId, token)).stints.reduce((n, s) => n + s.count, 0);
}

/**
 * Resets zone `zoneId`'s object as a deploy does (its sockets close with 1006). A zone with
 * players cannot be evicted in the test pool (its neighbours' calls and its sockets hold
 * references to it); the reset is the same restart: the next request builds it afresh.
 */
async function restart(zoneId: string): Promise<void> {
  const ns = env.GAME_ROOM;
  const stub = ns.get(ns.idFromName(`${WORLD}/${zoneId}`));
  await restartObject(stub);
}

describe("a zone restarted from its snapshot", () => {
  it("lets its players resume, one mid-handoff, with no input lost or applied twice, no avatar twice and their documents kept", async () => {
    const admin = await signInWithRoles(["admin"]);
    const adaLogin = await signInGuest("ada");
    const bobLogin = await signInGuest("bob");
    // ada-75 spawns at (310, 110) in zone 0.0, 90 units left of 1.0; bob-0 at (89, 228).
    const ada = await ZoneWalker.join(WORLD, "ada-75", adaLogin.accessToken);
    const bob = await ZoneWalker.join(WORLD, "bob-0", bobLogin.accessToken);
    const walking = setInterval(() => {
      ada.step();
      bob.step();
    }, 50);
    try {
      // ada walks into the border band, takes the ticket, opens 1.0 and stops there: parked
      // in 1.0, still simulated by 0.0 (authority moves 16 units past the edge).
      ada.walk = WALK.RIGHT;
      const ticket = await ada.ticket();
      ada.walk = 0;
      await ada.dial("1.0", ticket);
      await eventually(
        async () => (await figures("0.0", admin.accessToken)).departing === 1,
        "zone 0.0 heard the traveller parked",
      );
      // 0.0 applies inputs past its last stored snapshot, which the restart undoes.
      const before = await applied("0.0", admin.accessToken);
      await eventually(
        async () => (await applied("0.0", admin.accessToken)) >= before + 10,
        "zone 0.0 applies ten more inputs",
      );
      const adaSeat = ada.link("0.0").welcome!.playerId;
      const bobSeat = bob.link("0.0").welcome!.playerId;

      await restart("0.0");
      await ada.link("0.0").closed;
      await bob.link("0.0").closed;
      // Both redial 0.0 as the world client does (the join's ticket and the resume token): the
      // same seats, resumed, not refused (4103).
      const adaBack = await ada.resume("0.0");
      const bobBack = await bob.resume("0.0");
      expect(adaBack.welcome).toMatchObject({ playerId: adaSeat, resumed: true });
      expect(bobBack.welcome).toMatchObject({ playerId: bobSeat, resumed: true });
      // ada's handoff is still under way: 1.0 still holds her parked, 0.0 her departure.
      expect(await figures("0.0", admin.accessToken)).toMatchObject({ players: 2, departing: 1 });
      expect(await figures("1.0", admin.accessToken)).toMatchObject({ players: 0, arriving: 1 });

      // ada walks on across the edge: authority moves to 1.0 and the old link closes.
      ada.walk = WALK.RIGHT;
      await eventually(() => adaBack.frames.some((f) => f.type === "switch"), "ZONE_SWITCH");
      expect(await adaBack.closed).toMatchObject({ code: 1000 });
      const inNext = await applied("1.0", admin.accessToken);
      await eventually(
        async () => (await applied("1.0", admin.accessToken)) >= inNext + 10,
        "zone 1.0 applies ada's inputs",
      );

      // 1.0 stores a snapshot with ada adopted (her documents came in the commit, unsaved),
      // applies more, and restarts: she resumes there with what it held, redialling with the
      // zone ticket that opened the link (the restarted zone still knows it arrived with it).
      const ns = env.GAME_ROOM;
      await ns.get(ns.idFromName(`${WORLD}/1.0`)).persist();
      const stored = await applied("1.0", admin.accessToken);
      await eventually(
        async () => (await applied("1.0", admin.accessToken)) >= stored + 10,
        "zone 1.0 applies ten more inputs",
      );
      const adaNextSeat = ada.link("1.0").welcome!.playerId;
      await restart("1.0");
      await ada.link("1.0").closed;
      const adaNext = await ada.resume("1.0");
      expect(adaNext.welcome).toMatchObject({ playerId: adaNextSeat, resumed: true });
      const resumedAt = await applied("1.0", admin.accessToken);
      await eventually(
        async () => (await applied("1.0", admin.accessToken)) >= resumedAt + 10,
        "restored zone 1.0 applies ada's inputs again",
      );
    } finally {
      clearInterval(walking);
    }

    // One avatar each, in one zone: bob's in 0.0, ada's in 1.0, no handoff left under way.
    const zero = await figures("0.0", admin.accessToken);
    const one = await figures("1.0", admin.accessToken);
    expect(zero).toMatchObject({ players: 1, arriving: 0, departing: 0 });
    expect(one).toMatchObject({ players: 1, arriving: 0, departing: 0 });
    // Every world input applied once across both zones and both restarts.
    for (const login of [adaLogin, bobLogin]) {
      const stints = [...zero.stints, ...one.stints].filter((s) => s.accountId === login.accountId);
      const audit = zoneInputAudit(stints);
      expect(audit).toMatchObject({ lost: 0, duplicated: 0 });
      expect(audit.applied).toBeGreaterThanOrEqual(10);
    }

    // Their last leaves save the documents: ada entered two zones (joined 0.0, walked into
    // 1.0), bob one. A restart that lost what its zone had not saved would read 1 for ada
    // (1.0 would load nothing); one whose resume ran onLoad again would count 3 and 2.
    ada.close();
    bob.close();
    expect(
      await eventually(
        async () => (await savedExplorer(adaLogin.accountId)) as object | undefined,
        "ada's documents saved",
      ),
    ).toEqual({ zonesEntered: 2, lastZone: `${WORLD}/1.0` });
    expect(
      await eventually(
        async () => (await savedExplorer(bobLogin.accountId)) as object | undefined,
        "bob's documents saved",
      ),
    ).toEqual({ zonesEntered: 1, lastZone: `${WORLD}/0.0` });
  }, 60_000);
});
