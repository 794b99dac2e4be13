import { describe, expect, it } from "vitest";
import { compatible } from "./criteria.js";
import type { TicketRequest } from "./match-ticket.js";
import { Matcher } from "./matcher.js";
import { resolveMatchModeOptions, skillWindow } from "./mode-options.js";
import { packTeams } from "./team-packing.js";

const NEAR = { weur: 30, enam: 120 };

function ticket(id: string, rating: number, extra: Partial<TicketRequest> = {}): TicketRequest {
  return { id, mode: "duel", rating, latencies: NEAR, members: [`acc-${id}`], ...extra };
}

function duelMatcher() {
  return new Matcher({ modes: { duel: {}, squads: { teamSize: 2, teamCount: 2 } } });
}

describe("Matcher", () => {
  it("matches two close ratings at once in the region both reach best", () => {
    const m = duelMatcher();
    m.enqueue(ticket("a", 1500), 0);
    m.enqueue(ticket("b", 1550, { latencies: { weur: 60, enam: 40 } }), 0);
    const pass = m.process(0);
    expect(pass.matches).toEqual([
      {
        matchId: "duel-1",
        mode: "duel",
        // weur: worst 60; enam: worst 120.
        regionId: "weur",
        ticketIds: ["a", "b"],
        teams: [["acc-a"], ["acc-b"]],
        worstLatencyMs: 60,
        createdAt: 0,
      },
    ]);
    expect(m.get("a")).toMatchObject({ status: "matched", matchId: "duel-1" });
  });

  it("widens the skill window with waiting time until a far rating fits", () => {
    const m = duelMatcher();
    m.enqueue(ticket("a", 1500), 0);
    m.enqueue(ticket("b", 1800), 0);
    // Both windows are 100 + 25/s × t: the gap of 300 fits at t = 8 s.
    expect(m.process(7_900).matches).toHaveLength(0);
    expect(m.process(8_000).matches).toHaveLength(1);
  });

  it("keeps a new ticket's narrow window: an old ticket cannot drag it far", () => {
    const m = duelMatcher();
    m.enqueue(ticket("old", 1500), 0);
    m.enqueue(ticket("new", 1800), 20_000);
    // old's window is 600 but new's is 100: the pair waits until new's reaches 300 (8 s).
    expect(m.process(20_000).matches).toHaveLength(0);
    expect(m.process(28_000).matches).toHaveLength(1);
  });

  it("only matches players who share a region within the latency limit", () => {
    const m = duelMatcher();
    m.enqueue(ticket("eu", 1500, { latencies: { weur: 20, enam: 200 } }), 0);
    m.enqueue(ticket("us", 1500, { latencies: { weur: 180, enam: 20 } }), 0);
    expect(m.process(0).matches).toHaveLength(0);
    m.enqueue(ticket("mid", 1500, { latencies: { weur: 100, enam: 90 } }), 0);
    const [match] = m.process(0).matches;
    expect(match).toMatchObject({
      ticketIds: ["eu", "mid"],
      regionId: "weur",
      worstLatencyMs: 100,
    });
  });

  it("refuses a ticket that reaches no region within the limit, and an account queued twice", () => {
    const m = duelMatcher();
    expect(m.enqueue(ticket("far", 1500, { latencies: { weur: 400 } }), 0)).toMatchObject({
      ok: false,
      refusal: "no_region_within_latency",
    });
    m.enqueue(ticket("a", 1500), 0);
    expect(m.enqueue(ticket("a2", 1500, { members: ["acc-a"] }), 0)).toMatchObject({
      ok: false,
      refusal: "already_queued",
    });
    expect(m.enqueue(ticket("x", 1500, { mode: "nope" }), 0)).toMatchObject({
      refusal: "unknown_mode",
    });
    expect(m.enqueue(ticket("p", 1500, { members: ["p1", "p2"] }), 0)).toMatchObject({
      refusal: "party_too_large",
    });
  });

  it("keeps a party in one team", () => {
    const m = duelMatcher();
    const squad = (id: string, members: string[]) => ticket(id, 1500, { mode: "squads", members });
    m.enqueue(squad("solo1", ["s1"]), 0);
    m.enqueue(squad("pair", ["p1", "p2"]), 0);
    m.enqueue(squad("solo2", ["s2"]), 0);
    const [match] = m.process(0).matches;
    expect(match!.teams).toEqual([
      ["p1", "p2"],
      ["s1", "s2"],
    ]);
  });

  it("times a ticket out with its own status, and a cancelled one stays cancelled", () => {
    const m = duelMatcher();
    m.enqueue(ticket("a", 1500), 0);
    m.enqueue(ticket("b", 3000), 0);
    expect(m.cancel("b", 10)?.status).toBe("cancelled");
    expect(m.process(59_999).timedOut).toEqual([]);
    expect(m.process(60_000).timedOut).toEqual(["a"]);
    expect(m.get("a")).toMatchObject({ status: "timed_out", finishedAt: 60_000 });
    expect(m.cancel("a", 60_001)?.status).toBe("timed_out");
    expect(m.waitingCount()).toBe(0);
  });

  it("fills a running session's free slots before forming new matches", () => {
    const m = duelMatcher();
    m.openSession({
      sessionId: "room-1",
      mode: "duel",
      regionId: "weur",
      freeSlots: 1,
      rating: 1500,
    });
    m.enqueue(ticket("a", 1520), 0);
    m.enqueue(ticket("b", 1510), 0);
    const pass = m.process(0);
    expect(pass.backfills).toEqual([
      { sessionId: "room-1", mode: "duel", regionId: "weur", ticketIds: ["a"], createdAt: 0 },
    ]);
    expect(pass.matches).toHaveLength(0);
    expect(m.get("a")?.matchId).toBe("room-1");
    // The session is full now: b waits for a new match.
    expect(m.process(1).backfills).toHaveLength(0);
  });

  it("requeues the tickets of a match that could not be carried out, with their wait kept", () => {
    const m = new Matcher({
      modes: { duel: { teamSize: 1, teamCount: 2 } },
      newMatchId: () => "m1",
    });
    const req = (id: string, account: string) => ({
      id,
      mode: "duel",
      rating: 1500,
      latencies: { weur: 20 },
      members: [account],
    });
    m.enqueue(req("t1", "ada"), 1_000);
    m.enqueue(req("t2", "bob"), 2_000);
    const pass = m.process(2_000);
    expect(pass.matches.map((x) => x.ticketIds)).toEqual([["t1", "t2"]]);
    expect(m.waitingCount()).toBe(0);
    m.requeue(["t1", "t2", "unknown"]);
    expect(m.waitingCount()).toBe(2);
    expect(m.get("t1")).toMatchObject({ status: "waiting", createdAt: 1_000 });
    // Still queued: a second ticket of the same account is refused, and the pair matches again.
    expect(m.enqueue(req("t3", "ada"), 3_000)).toMatchObject({
      ok: false,
      refusal: "already_queued",
    });
    expect(m.process(3_000).matches.map((x) => x.ticketIds)).toEqual([["t1", "t2"]]);
  });

  it("honours custom criteria", () => {
    const m = duelMatcher();
    m.enqueue(ticket("dust", 1500, { criteria: { strings: { map: "dust" } } }), 0);
    m.enqueue(ticket("nuke", 1500, { criteria: { strings: { map: "nuke" } } }), 0);
    expect(m.process(0).matches).toHaveLength(0);
    m.enqueue(ticket("any", 1500), 0);
    expect(m.process(0).matches[0]!.ticketIds).toEqual(["dust", "any"]);
  });
});

describe("criteria", () => {
  it("compares strings where both name the key, numbers against ranges, and required tags", () => {
    expect(compatible({ strings: { map: "a" } }, { strings: { lang: "en" } })).toBe(true);
    expect(compatible({ strings: { map: "a" } }, { strings: { map: "b" } })).toBe(false);
    const level = (value: number, min?: number, max?: number) => ({
      numbers: { level: { value, min, max } },
    });
    expect(compatible(level(10, 5, 15), level(14))).toBe(true);
    expect(compatible(level(10, 5, 15), level(16))).toBe(false);
    // Both ways: 16's own range must admit 10 too.
    expect(compatible(level(10), level(16, 12))).toBe(false);
    expect(compatible({ requireTags: ["voice"] }, { tags: ["voice", "eu"] })).toBe(true);
    expect(compatible({ requireTags: ["voice"] }, undefined)).toBe(false);
    expect(compatible(undefined, undefined)).toBe(true);
  });
});

describe("mode options and team packing", () => {
  it("names the bad field", () => {
    expect(() => resolveMatchModeOptions({ teamSize: 0 }, "duel")).toThrow(
      "duel.teamSize must be an integer in [1, 64]",
    );
    expect(() => resolveMatchModeOptions({ maxSkillWindow: 10 })).toThrow("maxSkillWindow");
    expect(() => resolveMatchModeOptions({ teamSize: 1, teamCount: 1 })).toThrow("at least 2");
  });

  it("caps the window at its maximum", () => {
    const o = resolveMatchModeOptions({ maxSkillWindow: 300 });
    expect(skillWindow(o, 4_000)).toBe(200);
    expect(skillWindow(o, 400_000)).toBe(300);
  });

  it("packs parties whole or refuses", () => {
    expect(packTeams([2, 1, 1], 2, 2)).toEqual([0, 1, 1]);
    expect(packTeams([2, 2, 1], 2, 2)).toBeUndefined();
  });
});
