// Random walks across zone borders, over lossy links with link drops, against the handoff's
// invariants: every world input of a player is applied exactly once, in order (the zones'
// books, concatenated, read 0, 1, 2, …); a player's avatar is simulated by exactly one zone
// or is in transit in one commit, never both and never neither; no zone's world, ghosts
// included, ever shows one avatar twice; once walking stops, the client's current zone is
// the one that simulates its avatar, which stands in it or within the margin past its edge.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { World } from "../../../shared/world/world.js";
import {
  avatarByKey,
  Body,
  Pilot,
  pilotKey,
  walkersGame,
} from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";

const DIRECTION = fc.record({
  dx: fc.integer({ min: -1, max: 1 }),
  dy: fc.integer({ min: -1, max: 1 }),
  ms: fc.integer({ min: 100, max: 1500 }),
});

const WALKER = fc.record({
  x: fc.integer({ min: 70, max: 130 }),
  y: fc.integer({ min: 70, max: 130 }),
  legs: fc.array(DIRECTION, { minLength: 2, maxLength: 6 }),
});

/** Entities showing pilot `key` in `world`: the avatar (with Pilot) and ghosts of it. */
function copies(world: World, key: number): { owned: number; shown: number } {
  const body = world.store(Body);
  let owned = 0;
  let shown = 0;
  for (let e = 0; e < world.capacity; e++) {
    if (!world.has(e, Body) || body.pilot[e] !== key) continue;
    shown++;
    if (world.has(e, Pilot)) owned++;
  }
  return { owned, shown };
}

function pilotOfRecord(h: ZoneHarness<unknown>, nonce: string): number {
  const body = h.inTransit.get(nonce)!.record.components.find((c) => c.name === "Body")!;
  return body.lanes![1]![0]!;
}

describe("handoffs on random walks", () => {
  it("apply every input once and keep every avatar in exactly one place", () => {
    fc.assert(
      fc.property(
        fc.array(WALKER, { minLength: 1, maxLength: 3 }),
        fc.record({
          latencyMs: fc.integer({ min: 0, max: 60 }),
          jitterMs: fc.integer({ min: 0, max: 20 }),
          loss: fc.constantFrom(0, 0.05, 0.2),
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (walkers, reliable, zoneLatencyMs, seed) => {
          const spawns = new Map(walkers.map((w, i) => [`p${i}`, [w.x, w.y] as const]));
          const game = walkersGame(spawns);
          const h = new ZoneHarness(game, {
            link: { reliable },
            zoneLatencyMs,
            seed,
            avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
          });
          const grid = [...h.zones.values()][0]!.core.zones.partition;
          const players = walkers.map((w, i) => h.join(`p${i}`, grid.zoneAt(w.x, w.y)));
          const check = () => {
            for (const p of players) {
              const key = pilotKey(p.name);
              let owned = 0;
              for (const z of h.zones.values()) {
                const c = copies(z.core.room.world, key);
                expect(c.shown).toBeLessThanOrEqual(1);
                owned += c.owned;
              }
              let moving = 0;
              for (const nonce of h.inTransit.keys()) if (pilotOfRecord(h, nonce) === key) moving++;
              // Before its first tick in a zone the avatar may not exist yet: joined is enough.
              if (h.applied.get(p.name)!.length > 0) expect(owned + moving).toBe(1);
            }
          };
          h.step(600);
          const longest = Math.max(...walkers.map((w) => w.legs.reduce((t, l) => t + l.ms, 0)));
          const ends = walkers.map(() => 0);
          for (let t = 0; t < longest; t += 10) {
            walkers.forEach((w, i) => {
              let at = 0;
              const leg = w.legs.find((l) => (at += l.ms) > t);
              players[i]!.world.setInput(leg ? { dx: leg.dx, dy: leg.dy } : { dx: 0, dy: 0 });
              ends[i] = at;
            });
            h.step(10);
            check();
          }
          for (const p of players) p.world.setInput({ dx: 0, dy: 0 });
          h.step(3000);
          check();
          for (const p of players) {
            const seqs = h.applied.get(p.name)!;
            expect(seqs).toEqual(seqs.map((_, i) => i));
            const key = pilotKey(p.name);
            const zone = [...h.zones.entries()].find(
              ([, z]) => copies(z.core.room.world, key).owned === 1,
            )!;
            const world = zone[1].core.room.world;
            const { pos } = world.store(Body);
            const e = avatarByKey(world, key);
            // Authority is where the avatar stands, or it stands within the hysteresis margin
            // past the edge of the zone that has it.
            const margin = game.zones.handoffMargin;
            expect(grid.distance(zone[0], pos.x[e]!, pos.y[e]!)).toBeLessThanOrEqual(margin);
            expect(p.world.zone).toBe(zone[0]);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
