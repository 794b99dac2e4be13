import { describe, expect, it } from "vitest";
import { CHAT_KEPT, newWorldState, WorldStateCore, worldTimeOf } from "./world-state-core.js";

const batch = (seq: number, accountIds: string[], run = "r1") => ({
  zoneId: "1.1",
  run,
  seq,
  visits: accountIds.map((accountId) => ({ accountId, name: accountId })),
  chat: [],
});

describe("WorldStateCore", () => {
  it("applies a zone's batch once: a resent seq of the same run changes nothing", () => {
    const core = new WorldStateCore(newWorldState("world", 0, 1));
    expect(core.apply(batch(1, ["a", "b"]), 10)).toBe(true);
    expect(core.apply(batch(1, ["a", "b"]), 20)).toBe(false);
    expect(core.apply(batch(2, ["a"]), 30)).toBe(true);
    const { leaderboard, version } = core.view(30);
    expect(leaderboard).toEqual([
      { accountId: "a", name: "a", visits: 2 },
      { accountId: "b", name: "b", visits: 1 },
    ]);
    // Two batches applied: two versions.
    expect(version).toBe(2);
  });

  it("takes a restarted zone's batches, numbered from 1 again under a new run", () => {
    const core = new WorldStateCore(newWorldState("world", 0, 1));
    core.apply(batch(1, ["a"]), 0);
    core.apply(batch(2, ["a"]), 0);
    expect(core.apply(batch(1, ["a"], "r2"), 0)).toBe(true);
    expect(core.view(0).leaderboard[0]?.visits).toBe(3);
  });

  it("numbers chat lines in the order applied, keeps the last CHAT_KEPT and reads after a seq", () => {
    const core = new WorldStateCore(newWorldState("world", 0, 1));
    for (let i = 1; i <= CHAT_KEPT + 5; i++)
      core.post({ accountId: "a", name: "ada", text: `line ${i}` }, i);
    expect(core.data.chat).toHaveLength(CHAT_KEPT);
    // The first five lines were dropped: the oldest kept is line 6.
    expect(core.chatAfter(0, 1)[0]?.text).toBe("line 6");
    expect(core.chatAfter(CHAT_KEPT + 3).map((l) => l.seq)).toEqual([CHAT_KEPT + 4, CHAT_KEPT + 5]);
    expect(core.view(0).chatSeq).toBe(CHAT_KEPT + 5);
  });

  it("keeps each zone's latest load and lists the zones in order", () => {
    const core = new WorldStateCore(newWorldState("world", 0, 1));
    const load = (zoneId: string, players: number) => ({
      zoneId,
      players,
      tickP99Ms: 1.5,
      region: "weur",
      at: 0,
    });
    core.apply({ ...batch(1, []), zoneId: "3.0", load: load("3.0", 7) }, 0);
    core.apply({ ...batch(1, []), zoneId: "1.0", load: load("1.0", 2) }, 0);
    core.apply({ ...batch(2, []), zoneId: "3.0", load: load("3.0", 9) }, 0);
    expect(core.view(0).zones.map((z) => [z.zoneId, z.players])).toEqual([
      ["1.0", 2],
      ["3.0", 9],
    ]);
  });

  it("runs the world clock at its rate from its epoch, never before 0", () => {
    // At 60×, 1.5 real seconds are 90 world seconds.
    expect(worldTimeOf({ epochMs: 1000, rate: 60 }, 2500)).toBe(90_000);
    expect(worldTimeOf({ epochMs: 1000, rate: 60 }, 500)).toBe(0);
  });
});
