// Invariants of the matcher over random ticket streams: enqueue, cancel, time passing and
// passes in any order, with parties, criteria and backfill offers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Match, TicketRequest } from "./match-ticket.js";
import { Matcher } from "./matcher.js";
import { resolveMatchModeOptions, skillWindow } from "./mode-options.js";

const MODES = {
  duel: { teamSize: 1, teamCount: 2, timeoutMs: 20_000 },
  squads: { teamSize: 2, teamCount: 2, timeoutMs: 20_000, maxLatencyMs: 120 },
};
const REGIONS = ["weur", "enam", "apac"];

type Op =
  | {
      kind: "enqueue";
      mode: "duel" | "squads";
      rating: number;
      latencies: number[];
      members: number[];
      map: number;
    }
  | { kind: "cancel"; index: number }
  | { kind: "wait"; ms: number }
  | { kind: "offer"; free: number; rating: number; region: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("enqueue" as const),
      mode: fc.constantFrom("duel" as const, "squads" as const),
      rating: fc.integer({ min: 1000, max: 2000 }),
      latencies: fc.array(fc.integer({ min: 10, max: 250 }), { minLength: 3, maxLength: 3 }),
      // A pool of 24 accounts: collisions exercise the "already queued" refusal.
      members: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 2 }),
      map: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), index: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      ms: fc.integer({ min: 0, max: 6000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("offer" as const),
      free: fc.integer({ min: 1, max: 3 }),
      rating: fc.integer({ min: 1000, max: 2000 }),
      region: fc.integer({ min: 0, max: 2 }),
    }),
  },
);

describe("Matcher invariants over random ticket streams", () => {
  it("never puts a player in two matches, respects windows, latencies, parties and team shapes, and ends every ticket", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const m = new Matcher({ modes: MODES });
        const tickets: TicketRequest[] = [];
        const matchedOnce = new Set<string>();
        let now = 0;
        let sessions = 0;

        const check = (pass: ReturnType<Matcher["process"]>) => {
          const inPass = new Set<string>();
          const claim = (ticketId: string) => {
            expect(matchedOnce.has(ticketId)).toBe(false);
            matchedOnce.add(ticketId);
            for (const account of tickets.find((t) => t.id === ticketId)!.members) {
              // No player in two matches (or a match and a backfill) of the same pass.
              expect(inPass.has(account)).toBe(false);
              inPass.add(account);
            }
          };
          for (const match of pass.matches) {
            match.ticketIds.forEach(claim);
            checkMatch(m, match, tickets, now);
          }
          for (const b of pass.backfills) b.ticketIds.forEach(claim);
        };

        for (const o of ops) {
          if (o.kind === "enqueue") {
            const request: TicketRequest = {
              id: `t${tickets.length}`,
              mode: o.mode,
              rating: o.rating,
              latencies: Object.fromEntries(REGIONS.map((r, i) => [r, o.latencies[i]!])),
              members: o.members.map((n) => `acc${n}`),
              criteria: o.map === 0 ? undefined : { strings: { map: `map${o.map}` } },
            };
            if (m.enqueue(request, now).ok) tickets.push(request);
          } else if (o.kind === "cancel" && tickets.length > 0) {
            m.cancel(tickets[o.index % tickets.length]!.id, now);
          } else if (o.kind === "wait") {
            now += o.ms;
          } else if (o.kind === "offer") {
            m.openSession({
              sessionId: `s${sessions++}`,
              mode: "duel",
              regionId: REGIONS[o.region]!,
              freeSlots: o.free,
              rating: o.rating,
            });
          }
          check(m.process(now));
        }
        // Past every timeout, nothing is left waiting: each ticket ended one of three ways.
        now += 20_000;
        check(m.process(now));
        for (const t of tickets) {
          expect(["matched", "cancelled", "timed_out"]).toContain(m.get(t.id)!.status);
          expect(m.get(t.id)!.status === "matched").toBe(matchedOnce.has(t.id));
        }
        expect(m.waitingCount()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

function checkMatch(m: Matcher, match: Match, tickets: TicketRequest[], now: number): void {
  const o = resolveMatchModeOptions(MODES[match.mode as keyof typeof MODES]);
  const members = match.ticketIds.map((id) => tickets.find((t) => t.id === id)!);
  const ratings = members.map((t) => t.rating);
  const spread = Math.max(...ratings) - Math.min(...ratings);
  for (const t of members) {
    // Every pair within every member's window at match time.
    expect(spread).toBeLessThanOrEqual(skillWindow(o, now - m.get(t.id)!.createdAt));
    // Everyone reaches the chosen region within the limit.
    expect(t.latencies[match.regionId]!).toBeLessThanOrEqual(o.maxLatencyMs);
    expect(t.latencies[match.regionId]!).toBeLessThanOrEqual(match.worstLatencyMs);
    // A party is never split.
    const team = match.teams.find((members) => members.includes(t.members[0]!))!;
    for (const a of t.members) expect(team).toContain(a);
  }
  expect(match.teams).toHaveLength(o.teamCount);
  for (const team of match.teams) expect(team).toHaveLength(o.teamSize);
  const maps = new Set(members.map((t) => t.criteria?.strings?.map).filter((x) => x));
  expect(maps.size).toBeLessThanOrEqual(1);
}
