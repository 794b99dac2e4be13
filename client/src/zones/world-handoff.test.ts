import { describe, expect, it } from "vitest";
import { avatarByKey, pilotKey, walkersGame } from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";

describe("a walker crossing a zone border", () => {
  it("is handed to the next zone make-before-break, every input applied once", () => {
    const game = walkersGame(new Map([["p0", [80, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 20 } },
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(500);
    expect(p.world.zone).toBe("0.0");
    p.world.setInput({ dx: 1, dy: 0 });
    h.step(2000);
    expect(p.world.zone).toBe("1.0");
    expect(p.world.handoffs).toBe(1);
    const seqs = h.applied.get("p0")!;
    expect(seqs.length).toBeGreaterThan(40);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(p.world.avatar).toBeGreaterThanOrEqual(0);
  });
});
