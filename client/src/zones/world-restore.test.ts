// A zone restarted from its snapshot (a deploy, an eviction): its players resume where the
// snapshot left them instead of rejoining the world; a socket whose player the snapshot
// does not know is refused.

import { describe, expect, it } from "vitest";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import {
  avatarByKey,
  Body,
  pilotKey,
  type WalkInput,
  walkersGame,
} from "../../../test/support/zones/walkers-game.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";

function harness(): ZoneHarness<WalkInput> {
  // Zone 0.0 spans x 0–100 (its border band with 1.0 starts at 90): walks stay short of it.
  const game = walkersGame(new Map([["p0", [10, 50] as const]]));
  return new ZoneHarness(game, {
    link: { reliable: { latencyMs: 20 } },
    avatarOf: (name) => (w) => avatarByKey(w, pilotKey(name)),
  });
}

describe("a zone restored from its snapshot", () => {
  it("resumes its players where the snapshot left them and applies the later inputs again, once", () => {
    const h = harness();
    const p = h.join("p0", "0.0");
    p.world.setInput({ dx: 1, dy: 0 });
    h.step(1500);
    const zone = h.zones.get("0.0")!;
    const [before] = zone.core.room.players();
    const snapshot = zone.core.snapshot(h.now);
    const applied = h.applied.get("p0")!.at(-1)!;
    const at = zone.core.room.world;
    const x = at.store(Body).pos.x[avatarByKey(at, pilotKey("p0"))]!;
    h.step(400);
    h.restart("0.0", snapshot);
    h.step(500);
    p.world.setInput({ dx: 0, dy: 0 });
    h.step(1500);

    const restored = h.zones.get("0.0")!.core;
    // Resumed, not rejoined: the same player, the world client never ended.
    expect(restored.room.players().map((i) => [i.playerId, i.name])).toEqual([
      [before!.playerId, "p0"],
    ]);
    expect(p.world.ended).toBeUndefined();
    expect(p.world.zone).toBe("0.0");
    // The inputs applied after the snapshot were undone with it; they came again and were
    // applied once each, in order: the books read 0, 1, 2, … with nothing missing.
    const seqs = h.applied.get("p0")!;
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(seqs.length).toBeGreaterThan(applied + 1);
    // The avatar went on from where the snapshot had it: one unit a walking input.
    const world = restored.room.world;
    const e = avatarByKey(world, pilotKey("p0"));
    expect(world.store(Body).pos.x[e]).toBeGreaterThan(x);
  });

  it("refuses a resume of a player it does not know (no snapshot: a fresh zone)", () => {
    const h = harness();
    const p = h.join("p0", "0.0");
    h.step(500);
    h.restart("0.0", null);
    h.step(3000);
    // The redial met a zone with no such player: 4103, and the client has no link left.
    expect(p.world.ended).toEqual({
      code: CLOSE.EXPIRED_CREDENTIALS.code,
      reason: "no player to resume here: rejoin the world",
    });
    expect(h.zones.get("0.0")!.core.room.players()).toEqual([]);
  });
});
