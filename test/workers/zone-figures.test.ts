// A zone's figures outlive its object: workerd evicts a zone nobody is in (no socket, no tick)
// after ~10 s of quiet and builds it afresh on the next call, so the stints of world inputs
// it applied — what bench:zones audits for inputs lost or applied twice —, its links' counts
// (ghost bytes sent) and its handoff times are kept in the object's storage when it empties
// and read back when it is built (with its snapshot, which it stores then too).
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InputStint } from "../../durable-objects/game-room/zone-input-ledger.js";
import { eventually } from "./eventually.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";
import { walkIntoNextZone } from "./zone-walk.js";

interface Figures {
  tick: number;
  players: number;
  departing: number;
  stints: InputStint[];
  links: Record<string, number>;
  handoffMs: number[];
}

async function figures(zoneId: string, token: string): Promise<Figures> {
  const res = await call("GET", `/v1/admin/worlds/kept-walk/zones/${zoneId}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Figures;
}

describe("a zone's figures", () => {
  it("keep the stints, link counts and handoff times of a zone evicted after it emptied", async () => {
    const ada = await signInGuest("ada");
    const admin = await signInWithRoles(["admin"]);
    const walk = await walkIntoNextZone("kept-walk", "ada-75", ada.accessToken);
    walk.stop();
    // Zone 0.0 let the player go and stopped ticking: its tick holds still (a ticking zone
    // moves on every 33 ms; 200 ms without a tick is six missed).
    let still = { tick: -2, since: 0 };
    const before = await eventually(async () => {
      const f = await figures("0.0", admin.accessToken);
      if (f.tick !== still.tick) still = { tick: f.tick, since: Date.now() };
      return f.players === 0 && f.departing === 0 && Date.now() - still.since >= 200 && f;
    }, "zone 0.0 empties and stops ticking");
    expect(before.stints).toHaveLength(1);
    expect(before.handoffMs).toHaveLength(1);
    const ns = env.GAME_ROOM;
    await evictDurableObject(ns.get(ns.idFromName("kept-walk/0.0")));
    const after = await figures("0.0", admin.accessToken);
    // A new object, continued from the snapshot the zone stored when it emptied (at the tick
    // it stopped on), with the stints of the one before.
    expect(after.tick).toBe(before.tick);
    expect(after.stints).toEqual(before.stints);
    expect(after.links).toEqual(before.links);
    expect(after.handoffMs).toEqual(before.handoffMs);
    walk.next.close();
  }, 30_000);
});
