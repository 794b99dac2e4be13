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

  // A slow or late frame loop (a busy tab, a loaded bot machine) runs several input ticks in
  // one update: each is a world input of its own, or the zones fall behind and lose some.
  it("with a frame loop 8 ticks late each frame: every input applied once, none lost", () => {
    const game = walkersGame(new Map([["p0", [60, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 20 } },
      frameEveryMs: 250,
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(500);
    p.world.setInput({ dx: 1, dy: 0 });
    h.step(4000);
    p.world.setInput({ dx: 0, dy: 0 });
    h.step(3000);
    expect(p.world.handoffs).toBe(1);
    const seqs = h.applied.get("p0")!;
    // 30 ticks a second for ~7 s: every tick a world input, applied once each.
    expect(seqs.length).toBeGreaterThan(180);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  }, 60_000);

  it("hands the player's data on with its avatar, and to nobody (-1) when the traveller left first", () => {
    const game = walkersGame(new Map([["p0", [80, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 20 } },
      zoneLatencyMs: 30,
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(500);
    p.world.setInput({ dx: 1, dy: 0 });
    // Until the commit leaves 0.0: then the traveller's seat in 1.0 ends before it arrives.
    for (let ms = 0; ms < 3000 && h.inTransit.size === 0; ms++) h.step(1);
    expect(h.inTransit.size).toBe(1);
    const parked = h.zones.get("1.0")!.core.room.players()[0]!;
    h.leave("1.0", parked.playerId);
    h.step(200);
    // 0.0 gave its data away at the commit; 1.0 had no seat for it: carryIn(-1, …), so the
    // host saves it and lets it go instead of dropping it.
    expect(h.carried).toEqual([{ zone: "1.0", playerId: -1, carry: { zone: "0.0", playerId: 1 } }]);
  });

  // The old zone's only player closed its link at the switch, so that zone stopped ticking
  // and sent its last, empty ghost batch dated past the grace: it reached the next zone
  // (1 ms away) before its tick adopted the avatar, and the ghost went. The adoption then
  // spawned a new entity: the avatar vanished and reappeared elsewhere on that zone's screens.
  it("makes the next zone's ghost the avatar even when the old zone stops ticking before the adoption", () => {
    const game = walkersGame(new Map([["p0", [80, 50]]]));
    const h = new ZoneHarness(game, {
      link: { reliable: { latencyMs: 0 } },
      zoneLatencyMs: 1,
      avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
    });
    const p = h.join("p0", "0.0");
    h.step(500);
    p.world.setInput({ dx: 1, dy: 0 });
    const next = h.zones.get("1.0")!.core.room.world;
    const seen = new Set<number>();
    for (let ms = 0; ms < 2500; ms++) {
      h.step(1);
      const e = avatarByKey(next, pilotKey("p0"));
      if (seen.size > 0) expect(e).toBeGreaterThanOrEqual(0);
      if (e >= 0) seen.add(e);
    }
    expect(p.world.handoffs).toBe(1);
    expect(h.zones.get("0.0")!.core.room.ticking).toBe(false);
    // One entity in 1.0 from its first ghost of the avatar on: the ghost became the avatar.
    expect(seen.size).toBe(1);
  });
});
