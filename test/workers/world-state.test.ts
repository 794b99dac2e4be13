// The WorldState object inside workerd: zones' batches applied once, chat numbered, and the
// state kept across an eviction (what a deploy or an idle object goes through).
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

function world(name: string) {
  const ns = env.WORLD_STATE!;
  return ns.get(ns.idFromName(name));
}

const visits = (...ids: string[]) => ids.map((accountId) => ({ accountId, name: accountId }));

describe("WorldState", () => {
  it("applies a zone's batch once when the zone resends it, and answers its view", async () => {
    const w = world("ws-once");
    await w.open({ game: "world", clockRate: 60 });
    const batch = { zoneId: "0.1", run: "r", seq: 1, visits: visits("a", "b"), chat: [] };
    const first = await w.apply(batch);
    const again = await w.apply(batch);
    expect(first.version).toBe(1);
    expect(again.version).toBe(1);
    expect(again.leaderboard).toEqual([
      { accountId: "a", name: "a", visits: 1 },
      { accountId: "b", name: "b", visits: 1 },
    ]);
  });

  it("keeps its clock, chat and scores across an eviction", async () => {
    const w = world("ws-evicted");
    const opened = await w.open({ game: "world", clockRate: 60 });
    await w.apply({
      zoneId: "0.0",
      run: "r",
      seq: 1,
      visits: visits("a"),
      chat: [{ accountId: "a", name: "ada", text: "hello from zone 0" }],
      load: { zoneId: "0.0", players: 3, tickP99Ms: 2, region: "weur", at: 1 },
    });
    const posted = await w.post({ accountId: "b", name: "bob", text: "hi all" });
    expect(posted.seq).toBe(2);
    await evictDurableObject(w);
    const back = world("ws-evicted");
    // A second open keeps the first clock: every reader shares one.
    const reopened = await back.open({ game: "other", clockRate: 1 });
    expect(reopened.clock).toEqual(opened.clock);
    expect(reopened.game).toBe("world");
    const read = await back.read(0);
    expect(read?.chat.map((l) => [l.seq, l.name, l.text])).toEqual([
      [1, "ada", "hello from zone 0"],
      [2, "bob", "hi all"],
    ]);
    expect(read?.view.leaderboard).toEqual([{ accountId: "a", name: "a", visits: 1 }]);
    expect(read?.view.zones).toEqual([
      { zoneId: "0.0", players: 3, tickP99Ms: 2, region: "weur", at: 1 },
    ]);
    // The same batch again after the restart: still applied once.
    const retried = await back.apply({
      zoneId: "0.0",
      run: "r",
      seq: 1,
      visits: visits("a"),
      chat: [],
    });
    expect(retried.leaderboard[0]?.visits).toBe(1);
  });

  it("answers undefined to a read of a world never opened", async () => {
    expect(await world("ws-never").read(0)).toBeUndefined();
  });
});
