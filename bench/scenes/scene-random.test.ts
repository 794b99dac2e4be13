import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { SceneRandom } from "./scene-random.js";

/** One way of taking draws: `next()`, `below(n)`, or `fill(1 | 2)`. */
type Take = { kind: "next" } | { kind: "below"; n: number } | { kind: "fill"; count: 1 | 2 };

const take: fc.Arbitrary<Take> = fc.oneof(
  fc.constant({ kind: "next" as const }),
  fc.integer({ min: 1, max: 1 << 20 }).map((n) => ({ kind: "below" as const, n })),
  fc.constantFrom(1 as const, 2 as const).map((count) => ({ kind: "fill" as const, count })),
);

describe("SceneRandom", () => {
  it("draws mulberry32's sequence for the same seed, whichever method takes each draw", () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(take, { maxLength: 64 }), (seed, takes) => {
        const reference = mulberry32(seed);
        const random = new SceneRandom(seed);
        for (const t of takes) {
          if (t.kind === "next") expect(random.next()).toBe(reference());
          else if (t.kind === "below")
            expect(random.below(t.n)).toBe(Math.floor(reference() * t.n));
          else {
            random.fill(t.count);
            for (let i = 0; i < t.count; i++) expect(random.draws[i]).toBe(reference());
          }
        }
      }),
    );
  });
});
